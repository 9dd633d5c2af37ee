-- 评分日: the days this build scores. An incremental build records score_from (the first day
-- whose inputs changed since the published warehouse: build_setting); a full rebuild scores
-- score_history_days back from the as-of date, or from the first fact the lake holds if younger.
{%- set score_from = build_setting('score_from') %}
with

bounds as (

    select
        {{ as_of_date() }} as as_of_date,
        {% if score_from -%}
            -- the as-of day is always scored: the profile explains it
            least(date '{{ score_from }}', {{ as_of_date() }})
        {%- else -%}
        greatest(
            (select min(known_on) from {{ ref('fct_credit_event') }}),
            {{ as_of_date() }} - cast({{ param('score_history_days') }} as integer)
        )
        {%- endif %} as first_date

),

final as (

    select {{ each_day('first_date', 'as_of_date') }} as score_date
    from bounds
    where first_date <= as_of_date

)

select * from final
