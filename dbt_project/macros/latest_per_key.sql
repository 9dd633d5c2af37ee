{#- Staging's one deduplication rule: per record key, the row of the latest batch wins (a bureau's
    corrected re-upload or a platform's later change replaces the earlier version), then the last
    file and line within that batch. `_first_batch_date` keeps the day the centre first held the
    record: what it knew on a day never depends on what arrived later. -#}
{% macro latest_per_key(relation, key) -%}
    select
        *,
        min(_batch_date) over (partition by {{ key | join(', ') }}) as _first_batch_date
    from {{ relation }}
    qualify row_number() over (
        partition by {{ key | join(', ') }}
        order by _batch_date desc, _source_file desc, _source_line desc
    ) = 1
{%- endmacro %}
