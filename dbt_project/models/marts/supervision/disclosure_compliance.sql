-- 双公示时限 — one row per 双公示 record (administrative penalty or licence): decision day, the
-- deadline (disclosure_working_days Chinese working days after it, make-up weekends included:
-- int_calendar_days), the day it was published (first seen on the exchange), and its status:
-- on_time, late, overdue (deadline passed, still unpublished: decisions the centre knows only
-- from a repair application citing them) or pending (unpublished, not yet due). A deadline that
-- falls beyond the official calendar's coverage is flagged deadline_estimated. Per-department
-- on-time rates: department_on_time_rate here, and rpt_disclosure_by_department.
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

calendar as (

    select
        calendar_date,
        is_workday,
        is_estimated,
        -- working days up to and including the day
        sum(case when is_workday then 1 else 0 end) over (order by calendar_date) as workday_seq
    from {{ ref('int_calendar_days') }}

),

records as (

    select
        decision_no as record_id,
        'penalty' as kind,
        authority as department,
        decided_on,
        first_published_on as published_on,
        subject_type,
        case when subject_type = 'entity' then uscc end as uscc
    from {{ ref('int_penalties_classified') }}
    union all
    select
        decision_no,
        'license',
        authority,
        decided_on,
        first_batch_date,
        case when subject_category = '自然人' then 'person' else 'entity' end,
        usable_uscc
    from {{ ref('stg_gov_licenses__licenses') }}
    union all
    select
        decision_no,
        'penalty',
        '未知（仅见于信用修复申请）',
        min(penalty_decided_on),
        null,
        'entity',
        min(uscc)
    from {{ ref('int_penalty_repairs') }}
    where review_status = 'penalty_not_published'
    group by decision_no

),

deadlines as (

    select
        records.*,
        deadline.calendar_date as deadline_on,
        coalesce(deadline.is_estimated, true) or exists (
            select 1 from calendar as between_days
            where between_days.calendar_date > records.decided_on
                and between_days.calendar_date <= deadline.calendar_date
                and between_days.is_estimated
        ) as deadline_estimated
    from records
    left join calendar as decision_day on records.decided_on = decision_day.calendar_date
    left join calendar as deadline
        on deadline.is_workday
        and deadline.workday_seq = decision_day.workday_seq + cast({{ param('disclosure_working_days') }} as integer)

),

final as (

    select
        deadlines.record_id,
        deadlines.kind,
        deadlines.department,
        deadlines.subject_type,
        deadlines.uscc,
        deadlines.decided_on,
        deadlines.deadline_on,
        deadlines.deadline_estimated,
        deadlines.published_on,
        case
            when deadlines.published_on is not null and deadlines.published_on <= deadlines.deadline_on then 'on_time'
            when deadlines.published_on is not null then 'late'
            when as_of.as_of_date > deadlines.deadline_on then 'overdue'
            else 'pending'
        end as status,
        case
            when deadlines.published_on is not null
                then {{ days_between('deadlines.deadline_on', 'deadlines.published_on') }}
            else {{ days_between('deadlines.deadline_on', 'as_of.as_of_date') }}
        end as days_past_deadline,
        round(
            avg(
                case
                    when deadlines.published_on <= deadlines.deadline_on then cast(1 as double)
                    else cast(0 as double)
                end
            )
                over (partition by deadlines.department),
            4
        ) as department_on_time_rate,
        as_of.as_of_date
    from deadlines
    cross join as_of

)

select * from final
