{#- One part of int_score_explanation_lists: the explanation lines (the as-of day's) of the entities whose
    uscc hashes to `part` of `parts`, one ranked list per entity. A list aggregate holds every list
    in memory until it ends (it cannot spill), so the lists are built part by part, each its own
    statement: a part's memory is freed before the next starts (docs/architecture.md "Scale"). -#}
{% macro explanation_list_part(part, parts) -%}
    -- largest first: an unordered list sorted afterwards (list_sort compares the struct field by
    -- field, the ranking fields first); an ordered aggregate keeps a sort per entity
    select
        uscc,
        array_sort(array_agg({{ struct_of([
            ('rank_points', '-abs(points)'),
            ('rank_event', "coalesce(event_id, '~')"),
            ('kind', 'contribution_kind'),
            ('event_type', 'event_type'),
            ('detail', 'detail'),
            ('points', 'round(points, 4)'),
            ('whole', 'cast(round(points) as integer)'),
        ]) }})) as ranked
    from {{ ref('int_score_explained') }}
    where round(points, 4) <> 0 and {{ hash_bucket('uscc', parts) }} = {{ part }}
    group by uscc
{%- endmacro %}

{#- How many parts: enough that a province's part fits DuckDB's cap with room (1M entities: ~2.5 GB
    of lists in all). -#}
{% macro explanation_list_parts() -%}
    {{ return(var('explanation_list_parts', 8)) }}
{%- endmacro %}
