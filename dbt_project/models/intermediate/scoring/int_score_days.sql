-- 评分日: the days this build scores. The warehouse build passes var('score_from') (the first day
-- whose inputs changed since the published warehouse); without it (a full rebuild) it scores
-- score_history_days back from the as-of date, or from the first fact the lake holds if younger.
with

bounds as (

    select
        {{ as_of_date() }} as as_of_date,
        {% if var('score_from') -%}
            -- the as-of day is always scored: the profile explains it
            least(date '{{ var("score_from") }}', {{ as_of_date() }})
        {%- else -%}
            greatest(
                (select min(known_on) from {{ ref('int_credit_events') }}),
                {{ as_of_date() }} - cast({{ param('score_history_days') }} as integer)
            )
        {%- endif %} as first_date

),

final as (

    select cast(unnest(generate_series(first_date, as_of_date, interval 1 day)) as date) as score_date
    from bounds
    where first_date <= as_of_date

)

select * from final
