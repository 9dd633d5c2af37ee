{#- The rules that turn an entity's contributions (int_score_contributions) into its score, one
    definition each: the score (int_score_spans) and the profile's explanation
    (int_score_explained) both apply them, so the explanation adds up to the score by construction
    (and entity_credit_profile's test checks it on every build). Every number is a seed. -#}

{#- The families of facts with points, read from seed score_event_points when a model compiles:
    one per cap group, with its cap (null: uncapped) and the score component it belongs to
    (public_credit, market, commitment, association), so that adding an event type is seed rows, not SQL. -#}
{% macro score_point_groups() -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set found = run_query(
        "select cap_group, any_value(event_type) as event_type, any_value(cap_points) as cap_points,
                any_value(component) as component
         from " ~ ref('score_event_points') ~ " group by cap_group order by cap_group"
    ) -%}
    {%- set groups = [] -%}
    {%- for row in found.rows -%}
        {%- do groups.append({
            'family': 'points:' ~ row[0],
            'column': 'points_' ~ (row[0] | replace('-', '_') | lower),
            'event_type': row[1],
            'cap_points': row[2],
            'component': row[3]
        }) -%}
    {%- endfor -%}
    {{ return(groups) }}
{%- endmacro %}

{#- Grades a fact can hold its entity at (best_grade below A, and D for the centre's own black-list entries). -#}
{% macro score_capped_grades() -%}
    {%- if not execute -%}{{ return(['D']) }}{%- endif -%}
    {%- set found = run_query(
        "select distinct best_grade from " ~ ref('score_event_points') ~ " where best_grade > 'A'
         union select 'D' order by 1 desc"
    ) -%}
    {{ return(found.columns[0].values() | list) }}
{%- endmacro %}

{#- A group's points held to its cap: a positive cap is a most, a negative one a least. -#}
{% macro capped_points(points, cap) -%}
    {%- if cap is none -%}
        {{ points }}
    {%- else -%}
        case
            when {{ cap }} > 0 then least({{ points }}, {{ cap }})
            when {{ cap }} < 0 then greatest({{ points }}, {{ cap }})
            else {{ points }}
        end
    {%- endif -%}
{%- endmacro %}

{#- Reviews: the Bayesian-smoothed rating (prior mean worth prior weight reviews) against the prior. -#}
{% macro smoothed_rating(n, stars) -%}
    ({{ param('review_prior_weight') }} * {{ param('review_prior_mean') }} + {{ stars }})
    / ({{ param('review_prior_weight') }} + {{ n }})
{%- endmacro %}

{% macro review_points(n, stars) -%}
    case
        when {{ n }} > 0
            then ({{ smoothed_rating(n, stars) }} - {{ param('review_prior_mean') }}) * {{ param('review_points_per_star') }}
        else 0
    end
{%- endmacro %}

{#- Complaints and disputes per unit of trade volume (reviews and linked stalls' trades), capped. -#}
{% macro complaint_points(n, volume) -%}
    case
        when {{ n }} > 0 then -least(
            {{ param('complaint_points_cap') }},
            {{ n }} / ({{ volume }} + {{ param('complaint_volume_prior') }}) * {{ param('complaint_points_per_rate') }}
        )
        else 0
    end
{%- endmacro %}

{#- Market inspections: the smoothed share of failed samples. -#}
{% macro inspection_points(n, failed) -%}
    case
        when {{ n }} > 0
            then -({{ failed }} / ({{ n }} + {{ param('inspection_prior_samples') }}))
            * {{ param('inspection_points_per_fail_rate') }}
        else 0
    end
{%- endmacro %}

{#- Before an incremental build of fct_entity_credit_spans: the runs that begin on or after the
    build's first scored day go; the model puts back the run that holds the day before, cut there. -#}
{% macro reopen_score_spans() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where valid_from >= (select min(score_date) from {{ ref('int_score_days') }})
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
