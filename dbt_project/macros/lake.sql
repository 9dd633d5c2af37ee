{#- Where a lake zone lives; CREDIT_DATA_DIR is set by the build (default ./data). -#}
{% macro lake_glob(zone, source='*', dataset='*') -%}
    {{ env_var('CREDIT_DATA_DIR', 'data') }}/lake/{{ zone }}/{{ source }}/{{ dataset }}/dt=*/*.parquet
{%- endmacro %}

{#- The as-of date of the credit facts: var('as_of'), else the newest accepted batch date. -#}
{% macro as_of_date() -%}
    {%- if var('as_of') -%}
        date '{{ var("as_of") }}'
    {%- else -%}
        (select max(batch_date) from {{ ref('load_audit') }})
    {%- endif -%}
{%- endmacro %}
