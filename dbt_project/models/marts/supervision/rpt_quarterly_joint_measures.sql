-- 联合奖惩季度统计 — one row per quarter (docs/domain.md §5: reported by the 10th of the next
-- quarter's first month): red and black list entries (new, exited, repaired, active at quarter
-- end), penalties by severity, credit repairs, 双公示 timeliness, green-channel entities,
-- warnings raised, inspections planned. Quarters from the first fact to the as-of day; the current
-- quarter is marked partial.
-- noqa: disable=RF02, RF03
-- (each figure is a correlated subquery over one CTE per quarter: its columns are the CTE's, unqualified)
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

-- every quarter from the first event's (since 2000) to the as-of day's
bounds as (

    select
        cast(date_trunc(
            'quarter', (
                select min(occurred_on) from {{ ref('fct_credit_event') }}
                where occurred_on >= date '2000-01-01'
            )
        ) as date) as first_quarter,
        cast(date_trunc('quarter', as_of_date) as date) as last_quarter
    from as_of

),

quarter_numbers as (

    select
        first_quarter,
        {{ explode_list(int_range(
            '0', '(year(last_quarter) - year(first_quarter)) * 4 + quarter(last_quarter) - quarter(first_quarter) + 1'
        )) }} as n
    from bounds

),

quarters as (

    select
        {{ plus_months('first_quarter', '3 * n') }} as quarter_start,
        {{ plus_days(plus_months('first_quarter', '3 * n + 3'), '-1') }} as quarter_end
    from quarter_numbers

),

lists as (

    select * from {{ ref('credit_list') }}

),

final as (

    select
        year(quarters.quarter_start) || '-Q' || quarter(quarters.quarter_start) as quarter,
        quarters.quarter_start,
        quarters.quarter_end,
        quarters.quarter_end > as_of.as_of_date as is_partial,
        (
            select count(*) from lists
            where list_type = 'red'
                and entered_on between quarters.quarter_start and quarters.quarter_end
        ) as red_entered,
        (
            select count(*) from lists
            where list_type = 'red' and entered_on <= quarters.quarter_end
                and coalesce(exited_on, date '9999-12-31') > quarters.quarter_end
        ) as red_active_at_end,
        (
            select count(*) from lists
            where list_type = 'black'
                and entered_on between quarters.quarter_start and quarters.quarter_end
        ) as black_entered,
        (
            select count(*) from lists
            where list_type = 'black'
                and exited_on between quarters.quarter_start and quarters.quarter_end
        ) as black_exited,
        (
            select count(*) from lists
            where list_type = 'black' and exit_reason = 'repaired'
                and exited_on between quarters.quarter_start and quarters.quarter_end
        ) as black_repaired,
        (
            select count(*) from lists
            where list_type = 'black' and entered_on <= quarters.quarter_end
                and coalesce(exited_on, date '9999-12-31') > quarters.quarter_end
        ) as black_active_at_end,
        (
            select count(*) from {{ ref('fct_credit_event') }}
            where event_type = 'penalty'
                and occurred_on between quarters.quarter_start and quarters.quarter_end
        ) as penalties,
        (
            select count(*) from {{ ref('fct_credit_event') }}
            where event_type = 'penalty' and severity = 'serious'
                and occurred_on between quarters.quarter_start and quarters.quarter_end
        ) as serious_penalties,
        (
            select count(*) from {{ ref('int_penalty_repairs') }}
            where review_status = 'applied'
                and decided_on between quarters.quarter_start and quarters.quarter_end
        ) as repairs_applied,
        (
            select count(*) from {{ ref('int_penalty_repairs') }}
            where review_status = 'before_minimum_period'
                and decided_on between quarters.quarter_start and quarters.quarter_end
        ) as repairs_flagged_early,
        (
            select count(*) from {{ ref('disclosure_compliance') }}
            where decided_on between quarters.quarter_start and quarters.quarter_end
        ) as disclosures,
        (
            select round(avg(case when status = 'on_time' then cast(1 as double) else cast(0 as double) end), 4)
            from {{ ref('disclosure_compliance') }}
            where status <> 'pending'
                and decided_on between quarters.quarter_start and quarters.quarter_end
        ) as disclosure_on_time_rate,
        (select count(*) from {{ ref('green_channel') }}) as green_channel_entities_now,
        (
            select count(*) from {{ ref('insufficient_history') }}
            where rule = 'green_channel'
        ) as green_channel_insufficient_history_now,
        (
            select count(*) from {{ ref('early_warning') }}
            where raised_on between quarters.quarter_start and quarters.quarter_end
        ) as warnings_raised,
        (
            select count(*) from {{ ref('inspection_plan') }}
            where period = year(quarters.quarter_start) || '-Q' || quarter(quarters.quarter_start))
            as inspections_planned,
        as_of.as_of_date
    from quarters
    cross join as_of

)

select * from final
