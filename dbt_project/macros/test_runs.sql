{#- Generic tests on a table of runs of days, [valid_from, valid_to) per key
    (fct_entity_credit_spans). The failing rows are returned. -#}

{#- Each run begins the day the one before it ends: no day of a key is missing or held twice, so
    its days run from its first run's first day to its last run's last. -#}
{% test runs_without_gaps(model, key, valid_from, valid_to) %}
select *
from (
    select
        {{ key }},
        {{ valid_from }},
        lag({{ valid_to }}) over (partition by {{ key }} order by {{ valid_from }}) as previous_valid_to
    from {{ model }}
) as runs
where previous_valid_to is not null and previous_valid_to <> {{ valid_from }}
{% endtest %}

{#- Two consecutive runs of a key differ in some other column: otherwise they are one run. -#}
{% test runs_differ_from_the_one_before(model, key, valid_from, valid_to, columns) %}
select *
from (
    select
        {{ key }},
        {{ valid_from }},
        lag({{ valid_to }}) over by_key as previous_valid_to,
        {%- set fields = [] %}{% for c in columns %}{% do fields.append((c, c)) %}{% endfor %}
        lag({{ struct_of(fields) }}) over by_key as previous_values,
        {{ struct_of(fields) }} as run_values
    from {{ model }}
    window by_key as (partition by {{ key }} order by {{ valid_from }})
) as runs
where previous_valid_to = {{ valid_from }} and previous_values is not distinct from run_values
{% endtest %}
