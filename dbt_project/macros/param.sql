{#- One number from seed credit_parameters (every weight and threshold of the score and the
    detectors lives there, documented). Compiles to a scalar subquery, so unit tests can feed the
    seed as an input like any other. -#}
{% macro param(name) -%}
    (select cast(value as double) from {{ ref('credit_parameters') }} where parameter = '{{ name }}')
{%- endmacro %}

{#- A timestamp's calendar date in Beijing. -#}
{% macro beijing_date(column) -%}
    {{ return(adapter.dispatch('beijing_date', 'credit_centre')(column)) }}
{%- endmacro %}

{% macro default__beijing_date(column) -%}
    cast(timezone('Asia/Shanghai', {{ column }}) as date)
{%- endmacro %}

{#- Spark's timestamp is an instant shown in the session's zone (UTC: ops/spark.py). -#}
{% macro spark__beijing_date(column) -%}
    cast(from_utc_timestamp({{ column }}, 'Asia/Shanghai') as date)
{%- endmacro %}

{#- The same, as a whole number (days, months, years). -#}
{% macro param_int(name) -%}
    cast({{ param(name) }} as integer)
{%- endmacro %}
