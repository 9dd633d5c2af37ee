-- 主体信用画像 — one row per entity: today's score and grade with the contributions that explain
-- it, largest first (which fact moved it by how much), and the change since the day before.
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

-- today's and yesterday's rows of the daily table, each a filtered scan (a CTE of the whole table
-- read twice would be held in memory: 90 days of a province's entities)
today as (

    select daily.*
    from {{ ref('fct_entity_credit_daily') }} as daily
    where daily.score_date = {{ as_of_date() }}

),

yesterday as (

    select
        daily.uscc,
        daily.score,
        daily.grade
    from {{ ref('fct_entity_credit_daily') }} as daily
    where daily.score_date = {{ as_of_date() }} - 1

),

contributions as (

    select contributions.*
    from {{ ref('int_score_explained') }} as contributions
    inner join as_of on contributions.score_date = as_of.as_of_date

),

explained as (

    -- largest first: an unordered list sorted afterwards (list_sort compares the struct field by
    -- field, the ranking fields first). An ordered aggregate keeps a sort per entity, which for a
    -- province's million entities does not fit in memory and cannot spill.
    select
        uscc,
        list_sort(list({
            'rank_points': -abs(points),
            'rank_event': coalesce(event_id, '~'),
            'kind': contribution_kind,
            'event_type': event_type,
            'detail': detail,
            'points': round(points, 1),
            'whole': cast(round(points) as integer)
        })) as ranked
    from contributions
    where round(points, 1) <> 0
    group by uscc

),

final as (

    select
        today.uscc,
        today.score_date as scored_on,
        today.score,
        today.grade,
        today.score_grade,
        today.grade_ceiling,
        yesterday.score as previous_score,
        yesterday.grade as previous_grade,
        today.score - yesterday.score as score_change,
        {{ param('score_base') }} as base_score,
        today.public_credit_points,
        today.market_points,
        today.rating_points,
        today.commitment_points,
        today.association_points,
        today.n_facts,
        coalesce(
            list_transform(
                explained.ranked,
                x -> {
                    'kind': x.kind,
                    'event_id': nullif(x.rank_event, '~'),
                    'event_type': x.event_type,
                    'detail': x.detail,
                    'points': x.points
                }
            ),
            []
        ) as explanation,
        coalesce(
            nullif(array_to_string(list_transform(
                explained.ranked,
                x -> x.detail || ' ' || case when x.points >= 0 then '+' else '' end || x.whole
            ), '；'), ''),
            '无信用记录，按基础分'
        ) as explanation_text
    from today
    left join yesterday on today.uscc = yesterday.uscc
    left join explained on today.uscc = explained.uscc

)

select * from final
