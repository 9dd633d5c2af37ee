{#- What warehouse/build.py recorded for this build before dbt ran (build.builds, its latest row):
    `as_of` (the day the credit facts are computed for) and `score_from` (an incremental build's
    first day to rescore; none in a full rebuild). Read when a model compiles, so dbt runs without
    --vars and its partial parse carries over from one build to the next; a var of the same name
    overrides it (unit tests, dbt run by hand). -#}
{% macro build_setting(name) -%}
    {%- if var(name, none) -%}{{ return(var(name)) }}{%- endif -%}
    {%- if not execute -%}{{ return(none) }}{%- endif -%}
    {%- set found = run_query(
        "select " ~ name ~ " from " ~ source('build', 'builds') ~ " order by built_at desc limit 1"
    ) -%}
    {%- set value = found.columns[0].values()[0] if found and found.rows | length else none -%}
    {{ return(value | string if value is not none else none) }}
{%- endmacro %}

{#- Where a lake zone lives; CREDIT_DATA_DIR is set by the build (default ./data). -#}
{% macro lake_glob(zone, source='*', dataset='*') -%}
    {{ env_var('CREDIT_DATA_DIR', 'data') }}/lake/{{ zone }}/{{ source }}/{{ dataset }}/dt=*/*.parquet
{%- endmacro %}

{#- The as-of date of the credit facts: the build's as-of day (build_setting), else the newest
    accepted batch date. -#}
{% macro as_of_date() -%}
    {%- set as_of = build_setting('as_of') -%}
    {%- if as_of -%}
        date '{{ as_of }}'
    {%- else -%}
        (select max(batch_date) from {{ ref('load_audit') }})
    {%- endif -%}
{%- endmacro %}
