{#- What credit/warehouse/build.py recorded for this build before dbt ran (build.builds, its latest row):
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

{#- The lake's layout, dbt's one definition of it (docs/architecture.md "Data layout"; Python's is
    credit/core/lake.py): <CREDIT_DATA_DIR>/lake/<zone>/<source>/<dataset>/<partition or file>,
    each part optional. CREDIT_DATA_DIR is the one variable it reads (set by the build). Source
    properties cannot call macros, so dbt_project.yml spells the accepted zone's sources out once;
    tests/core/test_lake.py checks that it agrees. -#}
{% macro lake_path(zone=none, source=none, dataset=none, leaf=none) -%}
    {%- set parts = [env_var('CREDIT_DATA_DIR', 'data') ~ '/lake'] -%}
    {%- for part in [zone, source, dataset, leaf] if part -%}{%- do parts.append(part) -%}{%- endfor -%}
    {{- return(parts | join('/')) -}}
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
