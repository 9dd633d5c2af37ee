-- 工作日历: one row per day, is it a Chinese working day (State Council calendar, make-up weekends
-- included), and on what basis: state_council (chinesecalendar), extension_seed (seed
-- calendar_extension) or weekday_estimate (beyond both: Monday-Friday, flagged). docs/domain.md §2.
-- The days come from the build (source build.workday_calendar, credit/core/workdays.py); kept here:
-- from a week before the earliest 双公示 decision of the lake (or repair application's decision),
-- and no later than 2026-01-01 less a week, to 60 days past the latest, so every deadline falls inside.

with

decided as (

    select decided_on as decided from {{ ref('stg_gov_penalties__penalties') }}
    union all
    select decided_on from {{ ref('stg_gov_licenses__licenses') }}
    union all
    select penalty_decided_on from {{ ref('stg_gov_penalties__repairs') }}

),

span as (

    select
        date_add(least(coalesce(min(decided), current_date), date '2026-01-01'), -7) as first_day,
        date_add(coalesce(max(decided), current_date), 60) as last_day
    from decided

)

select
    calendar.calendar_date,
    calendar.is_workday,
    calendar.basis,
    calendar.is_estimated
from {{ source('build', 'workday_calendar') }} as calendar
inner join span on calendar.calendar_date between span.first_day and span.last_day
