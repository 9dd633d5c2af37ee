-- Every 双公示 decision day (and every decision a repair application cites) is a day of the working
-- calendar: the build writes it from 1990 on (credit/warehouse/plan.py CALENDAR_FIRST_DAY), and a
-- decision outside it would leave its deadline uncounted. Returns the decisions outside.
with

decided as (

    select 'stg_gov_penalties__penalties' as model, decision_no, decided_on as decided
    from {{ ref('stg_gov_penalties__penalties') }}
    union all
    select 'stg_gov_licenses__licenses', decision_no, decided_on
    from {{ ref('stg_gov_licenses__licenses') }}
    union all
    select 'stg_gov_penalties__repairs', decision_no, penalty_decided_on
    from {{ ref('stg_gov_penalties__repairs') }}

)

select decided.*
from decided
where
    decided.decided is not null
    and not exists (
        select 1 from {{ ref('int_calendar_days') }} as calendar
        where calendar.calendar_date = decided.decided
    )
