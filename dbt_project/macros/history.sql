{#- The days from which departments declared their first delivery carried their records
    (CREDIT_HISTORY_FROM, validated and passed by credit/warehouse/build.py; docs/domain.md §5
    "Only what the records support"), as rows (source, dataset, declared_from); none declared: no rows. -#}
{% macro declared_history() -%}
    {%- set rows = [] -%}
    {%- for item in env_var('CREDIT_HISTORY_FROM', '').split(',') if item.strip() -%}
        {%- set key, day = item.strip().split('=') -%}
        {%- set source, dataset = key.split('.') -%}
        {%- if execute -%}
            {%- set known = graph.sources.values() | selectattr('source_name', 'equalto', source)
                | selectattr('name', 'equalto', dataset) | list -%}
            {%- if source == 'build' or not known -%}
                {{ exceptions.raise_compiler_error(
                    "CREDIT_HISTORY_FROM names " ~ key ~ ", which is no declared dataset of a source "
                    ~ "(the dbt sources: source.dataset, e.g. gov_penalties.penalties)") }}
            {%- endif -%}
        {%- endif -%}
        {%- do rows.append("select '" ~ source ~ "' as source, '" ~ dataset ~ "' as dataset, date '" ~ day ~ "' as declared_from") -%}
    {%- endfor -%}
    {%- if rows -%}
        {{ rows | join('\n    union all\n    ') }}
    {%- else -%}
        select null::string as source, null::string as dataset, null::date as declared_from where false
    {%- endif -%}
{%- endmacro %}
