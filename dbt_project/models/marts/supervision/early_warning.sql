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
--   new_serious_event     a serious penalty or a black-list entry the centre learnt that day (a
--                         corrected penalty: the day its first serious version came)
--   complaint_spike       warning_complaint_min complaints within warning_complaint_days, and
--                         warning_complaint_factor times the entity's own daily rate before them
--   rating_downgrade      an agency rated the entity lower than its previous rating
--   prepaid_deposit_short, prepaid_refund_spike   a prepaid-card issuer short of its escrow
--                         deposit, or facing a spike of refund complaints (int_prepaid_warnings)
with

days as (

    select * from {{ ref('int_score_days') }}

),

-- a grade changes where a run begins: each run that begins on a scored day beside the run before
-- (one window over the runs that reach the scored days)
graded as (

    select
        spans.uscc,
        spans.valid_from as score_date,
        spans.grade,
        spans.score,
        lag(spans.valid_to) over by_entity as previous_valid_to,
        lag(spans.grade) over by_entity as previous_grade,
        lag(spans.score) over by_entity as previous_score
    from {{ ref('fct_entity_credit_spans') }} as spans
    where spans.valid_to >= (select min(days.score_date) from days)
    window by_entity as (partition by spans.uscc order by spans.valid_from)

),

-- not materialized: read twice, scanned again rather than held (DEVELOPERS.md)
events as {{ not_materialized() }}(

    -- as each day knew them: a corrected penalty turns serious on the day its serious version came
    select * from {{ ref('int_event_versions') }}
    where subject_type = 'entity'

),

grade_drops as (

    select
        graded.uscc,
        graded.score_date as raised_on,
        'grade_drop' as reason,
        '等级由 ' || graded.previous_grade || ' 降为 ' || graded.grade || '，评分 ' || graded.previous_score || ' → '
        || graded.score as evidence,
        case when graded.grade = 'D' then 'high' else 'medium' end as level
    from graded
    inner join days on graded.score_date = days.score_date
    where graded.previous_valid_to = graded.score_date
        and graded.grade > graded.previous_grade

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
    where (
        events.event_type = 'penalty' and events.severity = 'serious'
        and events.previous_outcome is distinct from 'serious'
    )
    or (events.event_type = 'list_entry' and events.outcome = 'black')

),

complaints as (

    select
        subject_key as uscc,
        occurred_on,
        known_on,
        ended_on
    from events
    where event_type = 'complaint'

),

-- only an entity with warning_complaint_min complaints in a day's recent window can spike: count
-- those first (days x the complaints of the last days), then its history for just those
recent_counts as (

    select
        days.score_date,
        complaints.uscc,
        count(*) as recent
    from days
    inner join complaints
        on complaints.occurred_on > days.score_date - cast({{ param('warning_complaint_days') }} as integer)
        and days.score_date >= complaints.occurred_on
        and days.score_date >= complaints.known_on
        and (complaints.ended_on is null or days.score_date < complaints.ended_on)
    group by days.score_date, complaints.uscc
    having count(*) >= {{ param('warning_complaint_min') }}

),

complaint_days as (

    select
        recent_counts.score_date,
        recent_counts.uscc,
        recent_counts.recent,
        count(*) filter (
            where complaints.occurred_on
            <= recent_counts.score_date - cast({{ param('warning_complaint_days') }} as integer)
        ) as before,
        {{ days_between('min(complaints.occurred_on)', 'recent_counts.score_date') }} as history_days
    from recent_counts
    inner join complaints
        on recent_counts.uscc = complaints.uscc
        and recent_counts.score_date >= complaints.known_on
        and recent_counts.score_date >= complaints.occurred_on
        and (complaints.ended_on is null or recent_counts.score_date < complaints.ended_on)
    group by recent_counts.score_date, recent_counts.uscc, recent_counts.recent

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
    union all
    select * from serious_events
    union all
    select * from complaint_spikes
    union all
    select * from downgrades
    union all
    select * from {{ ref('int_prepaid_warnings') }}

),

final as (

    select
        md5(unioned.uscc || ':' || unioned.reason || ':' || unioned.raised_on || ':' || unioned.evidence)
            as warning_id,
        unioned.uscc,
        names_then.name,
        unioned.reason,
        unioned.level,
        unioned.evidence,
        unioned.raised_on,
        {{ build_id() }} as _build_id
    from unioned
    -- the name as the centre knew it on the day raised, so a warning kept from an earlier build and
    -- the same day rebuilt by a backfill agree
    left join {{ ref('int_entity_name_spans') }} as names_then
        on unioned.uscc = names_then.uscc
        and unioned.raised_on >= names_then.valid_from
        and unioned.raised_on < coalesce(names_then.valid_until, date '9999-12-31')

)

select * from final
