{#- One number from seed credit_parameters (every weight and threshold of the score and the
    detectors lives there, documented). Compiles to a scalar subquery, so unit tests can feed the
    seed as an input like any other. -#}
{% macro param(name) -%}
    (select cast(value as double) from {{ ref('credit_parameters') }} where parameter = '{{ name }}')
{%- endmacro %}

{#- A timestamp's calendar date in Beijing. -#}
{% macro beijing_date(column) -%}
    cast(timezone('Asia/Shanghai', {{ column }}) as date)
{%- endmacro %}
