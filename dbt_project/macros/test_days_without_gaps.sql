{#- Generic test: per key, one row for every day between its first and its last (a daily table
    with no holes: runs of days can then be measured by counting). The failing keys are returned. -#}
{% test days_without_gaps(model, key, day) %}
select {{ key }}, min({{ day }}) as first_day, max({{ day }}) as last_day, count(*) as n
from {{ model }}
group by {{ key }}
having count(*) <> max({{ day }}) - min({{ day }}) + 1
{% endtest %}
