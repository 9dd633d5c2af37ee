{{
    config(
        materialized='incremental',
        unique_key=['warning_id'],
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
-- 预警 — one row per warning: entity, reason, evidence, the day it was raised. Raised on each
-- scored day (int_score_days), so the history of warnings is kept and a rebuilt day replaces
-- its own warnings. Reasons:
--   grade_drop            the grade is worse than the day before
--   new_serious_event     a serious penalty or a black-list entry the centre learnt that day
--   complaint_spike       warning_complaint_min complaints within warning_complaint_days, and
--                         warning_complaint_factor times the entity's own daily rate before them
--   rating_downgrade      an agency rated the entity lower than its previous rating
with

days as (

    select * from {{ ref('int_score_days') }}

),

daily as (

    select * from {{ ref('fct_entity_credit_daily') }}

),

events as (

    select * from {{ ref('fct_credit_event') }}
    where subject_type = 'entity'

),

grade_drops as (

    select
        today.uscc,
        today.score_date as raised_on,
        'grade_drop' as reason,
        '等级由 ' || yesterday.grade || ' 降为 ' || today.grade || '，评分 ' || yesterday.score || ' → ' || today.score
            as evidence,
        case when today.grade = 'D' then 'high' else 'medium' end as level
    from daily as today
    inner join days on today.score_date = days.score_date
    inner join daily as yesterday
        on today.uscc = yesterday.uscc
        and yesterday.score_date = today.score_date - 1
    where today.grade > yesterday.grade

),

serious_events as (

    select
        events.subject_key as uscc,
        days.score_date as raised_on,
        'new_serious_event' as reason,
        case when events.event_type = 'penalty' then '严重处罚：' else '列入黑名单：' end
        || events.detail || '（' || events.source_record_id || '）' as evidence,
        'high' as level
    from events
    inner join days on events.known_on = days.score_date
    where (events.event_type = 'penalty' and events.severity = 'serious')
        or (events.event_type = 'list_entry' and events.outcome = 'black')

),

complaint_days as (

    select
        days.score_date,
        events.subject_key as uscc,
        count(*) filter (
            where events.occurred_on > days.score_date - cast({{ param('warning_complaint_days') }} as integer)
        ) as recent,
        count(*) filter (
            where events.occurred_on <= days.score_date - cast({{ param('warning_complaint_days') }} as integer)
        ) as before,
        days.score_date - min(events.occurred_on) as history_days
    from days
    inner join events
        on events.event_type = 'complaint'
        and events.known_on <= days.score_date
        and events.occurred_on <= days.score_date
        and (events.ended_on is null or events.ended_on > days.score_date)
    group by days.score_date, events.subject_key

),

complaint_spikes as (

    select
        uscc,
        score_date as raised_on,
        'complaint_spike' as reason,
        '近' || cast({{ param('warning_complaint_days') }} as integer) || '日投诉 ' || recent || ' 件；此前 '
        || before || ' 件 / ' || greatest(history_days - cast({{ param('warning_complaint_days') }} as integer), 0)
        || ' 日' as evidence,
        'medium' as level
    from complaint_days
    where recent >= {{ param('warning_complaint_min') }}
        and recent > {{ param('warning_complaint_factor') }} * cast({{ param('warning_complaint_days') }} as integer)
        * before / greatest(history_days - cast({{ param('warning_complaint_days') }} as integer), 1)

),

ratings as (

    select
        events.*,
        rating_points.points,
        lag(events.outcome) over (partition by events.subject_key, events.authority order by events.occurred_on)
            as previous_rating,
        lag(rating_points.points) over (
            partition by events.subject_key, events.authority order by events.occurred_on
        ) as previous_points
    from events
    inner join {{ ref('rating_points') }} as rating_points on events.outcome = rating_points.rating
    where events.event_type = 'rating'

),

downgrades as (

    select
        ratings.subject_key as uscc,
        days.score_date as raised_on,
        'rating_downgrade' as reason,
        ratings.authority || ' 评级由 ' || ratings.previous_rating || ' 下调至 ' || ratings.outcome as evidence,
        'medium' as level
    from ratings
    inner join days on ratings.known_on = days.score_date
    where ratings.points < ratings.previous_points

),

unioned as (

    select * from grade_drops
    union all select * from serious_events
    union all select * from complaint_spikes
    union all select * from downgrades

),

final as (

    select
        md5(unioned.uscc || ':' || unioned.reason || ':' || unioned.raised_on || ':' || unioned.evidence)
            as warning_id,
        unioned.uscc,
        entities.name,
        unioned.reason,
        unioned.level,
        unioned.evidence,
        unioned.raised_on,
        {{ build_id() }} as _build_id
    from unioned
    left join {{ ref('int_entity_names') }} as entities on unioned.uscc = entities.uscc

)

select * from final
