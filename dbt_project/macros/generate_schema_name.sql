{#- Schemas are public names (docs/contract.md): marts, quality, staging... as written. A Spark build
    writes them under its version's prefix (CREDIT_SPARK_VERSION, set by credit/warehouse/spark_build.py)
    and the public names become views over them once every test passed. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set name = target.schema if custom_schema_name is none else custom_schema_name | trim -%}
    {%- set version = env_var('CREDIT_SPARK_VERSION', '') if target.type == 'spark' else '' -%}
    {{ version ~ '_' if version }}{{ name }}
{%- endmacro %}
