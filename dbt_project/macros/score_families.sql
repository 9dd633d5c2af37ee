{#- The families of facts a score adds up, read from the seeds when the model compiles, so that
    the daily score keeps one column per family in a single pass (int_score_daily):
    - one per cap group of seed score_event_points (its event type and cap), whose facts carry
      points that may fade (a + b x day);
    - one per grade a fact holds its entity at (best_grade below A, and D for the centre's own
      black-list entries);
    - the market and rating measures (counts n and sums x). -#}
{% macro score_point_groups() -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set found = run_query(
        "select cap_group, any_value(event_type) as event_type, any_value(cap_points) as cap_points
         from " ~ ref('score_event_points') ~ " group by cap_group order by cap_group"
    ) -%}
    {%- set groups = [] -%}
    {%- for row in found.rows -%}
        {%- do groups.append({
            'family': 'points:' ~ row[0],
            'column': 'points_' ~ (row[0] | replace('-', '_') | lower),
            'event_type': row[1],
            'cap_points': row[2]
        }) -%}
    {%- endfor -%}
    {{ return(groups) }}
{%- endmacro %}

{% macro score_capped_grades() -%}
    {%- if not execute -%}{{ return(['D']) }}{%- endif -%}
    {%- set found = run_query(
        "select distinct best_grade from " ~ ref('score_event_points') ~ " where best_grade > 'A'
         union select 'D' order by 1 desc"
    ) -%}
    {{ return(found.columns[0].values() | list) }}
{%- endmacro %}
