{#- The credit events (docs/contract.md "marts.fct_credit_event"): one model per source
    (models/intermediate/events/int_events__<source>.sql, views) maps that source's records to the
    event shape; fct_credit_event unions the models listed in the var credit_event_models and
    gives every event its id, its points and the build that wrote it. Adding a source's events is
    its model, its rows in the seed score_event_points, its YAML and its entry in that list.

    Incremental builds: an event model reads only the records this build must revisit (those it
    wrote, and those whose derived fields changed: a repair, a newer rating, a brushing verdict, a
    link to an entity), so fct_credit_event replaces exactly their events. The models are views,
    so they learn whether this build is incremental from the published events table itself
    (events_incremental); a record rewritten in this build that no longer makes an event loses
    the one it made (retract_unmade_events, from the `records` each event model's YAML declares). -#}

{#- Whether this build adds to the published events (an incremental build), seen from an event model. -#}
{% macro events_incremental() -%}
    {%- if not execute or flags.FULL_REFRESH -%}{{ return(false) }}{%- endif -%}
    {{ return(published_events() is not none) }}
{%- endmacro %}

{#- marts.fct_credit_event as the build found it (None before the first build). -#}
{% macro published_events() -%}
    {%- if not execute -%}{{ return(none) }}{%- endif -%}
    {{ return(adapter.get_relation(database=target.database, schema='marts', identifier='fct_credit_event')) }}
{%- endmacro %}

{#- Rows an upstream incremental model wrote in this build, in an event model (every row when the
    build is not incremental). -#}
{% macro written_for_events(alias=none) -%}
    {%- if events_incremental() -%}
        {{ alias ~ '.' if alias }}_build_id = {{ build_id() }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- fct_credit_event's body: the union of the event models, each event's id, points and build. -#}
{% macro union_credit_events(models) -%}
with

{#- the event shape every event model has (its YAML), in one order for a positional union -#}
{%- set columns = [
    'source', 'source_dataset', 'source_record_id', 'subject_type', 'subject_key', 'subject_name',
    'event_type', 'outcome', 'polarity', 'severity', 'occurred_on', 'known_on', 'published_on',
    'publish_from', 'publish_min_until', 'publish_until', 'ended_on', 'end_reason', 'rule_version',
    'amount_wan', 'detail', 'authority', 'batch_id', 'source_location',
] %}

unioned as (

    {% for model in models -%}
    select {{ columns | join(', ') }} from {{ ref(model) }}
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- endfor %}

),

final as (

    select
        md5(unioned.source || ':' || unioned.source_dataset || ':' || unioned.source_record_id) as event_id,
        unioned.subject_type,
        unioned.subject_key,
        unioned.subject_name,
        unioned.event_type,
        unioned.outcome,
        unioned.polarity,
        unioned.severity,
        unioned.occurred_on,
        unioned.known_on,
        unioned.published_on,
        unioned.publish_from,
        unioned.publish_min_until,
        unioned.publish_until,
        unioned.ended_on,
        unioned.end_reason,
        unioned.rule_version,
        points.points as base_points,
        unioned.amount_wan,
        unioned.detail,
        unioned.authority,
        unioned.source,
        unioned.source_dataset,
        unioned.source_record_id,
        unioned.batch_id,
        unioned.source_location,
        {{ build_id() }} as _build_id
    from unioned
    left join {{ ref('score_event_points') }} as points
        on unioned.event_type = points.event_type
        and unioned.outcome = points.outcome

)

select * from final
{%- endmacro %}
