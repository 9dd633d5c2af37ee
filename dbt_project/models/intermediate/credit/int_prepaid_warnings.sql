-- 预付卡预警 — the early warnings that guard prepaid-card holders' money (docs/domain.md §5 "Filed
-- trades and prepaid cards"), raised on the scored days of the build (int_score_days) and unioned
-- into marts.early_warning:
--   prepaid_deposit_short  a fund report, on the day it came, shows an escrow deposit below its
--                          issuer class's share of the prepaid balance (seed prepaid_deposit_ratios)
--   prepaid_refund_spike   warning_refund_min refund complaints (12312, category 预付卡) within
--                          warning_refund_days against an issuer (one that files as an issuer or
--                          reports its funds), counted as each day knew them
with

days as (

    select * from {{ ref('int_score_days') }}

),

-- each fund report as known on its day, against its class's deposit ratio
funds as (

    select
        funds.usable_uscc as uscc,
        funds.issuer_class,
        funds.prepaid_balance_yuan,
        funds.escrow_deposit_yuan,
        ratios.deposit_ratio,
        greatest(funds.first_batch_date, funds.reported_on) as known_on
    from {{ ref('stg_filed_trades__prepaid_funds') }} as funds
    inner join {{ ref('prepaid_deposit_ratios') }} as ratios on funds.issuer_class = ratios.issuer_class
    where funds.usable_uscc is not null

),

deposit_shortfalls as (

    select
        funds.uscc,
        days.score_date as raised_on,
        'prepaid_deposit_short' as reason,
        '预收资金余额 ' || cast(round(funds.prepaid_balance_yuan) as bigint) || ' 元，存管资金 '
        || cast(round(funds.escrow_deposit_yuan) as bigint) || ' 元（'
        || round(100 * funds.escrow_deposit_yuan / funds.prepaid_balance_yuan, 1) || '%），低于' || funds.issuer_class
        || '应存管的 ' || round(100 * funds.deposit_ratio) || '%' as evidence,
        'high' as level
    from funds
    inner join days on funds.known_on = days.score_date
    where funds.escrow_deposit_yuan < funds.prepaid_balance_yuan * funds.deposit_ratio

),

-- the 12312 complaints about prepaid cards against an issuer (one that files as an issuer or
-- reports its funds)
refunds as (

    select
        events.subject_key as uscc,
        events.occurred_on,
        events.known_on,
        events.ended_on
    from {{ ref('int_event_versions') }} as events
    inner join {{ ref('stg_complaints_12312__complaints') }} as complaints
        on events.source_record_id = complaints.complaint_id
    where events.subject_type = 'entity'
        and events.event_type = 'complaint'
        and complaints.category = '预付卡'
        and events.subject_key in (
            select filings.usable_uscc from {{ ref('stg_filed_trades__filings') }} as filings
            where filings.trade = '单用途商业预付卡发卡'
            union
            select funds.uscc from funds
        )

),

refund_spikes as (

    select
        refunds.uscc,
        days.score_date as raised_on,
        'prepaid_refund_spike' as reason,
        '近' || cast({{ param('warning_refund_days') }} as integer) || '日预付卡退款投诉 ' || count(*) || ' 件'
            as evidence,
        'high' as level
    from days
    inner join refunds
        on refunds.occurred_on > days.score_date - cast({{ param('warning_refund_days') }} as integer)
        and days.score_date >= refunds.occurred_on
        and days.score_date >= refunds.known_on
        and (refunds.ended_on is null or days.score_date < refunds.ended_on)
    group by days.score_date, refunds.uscc
    having count(*) >= {{ param('warning_refund_min') }}

),

final as (

    select * from deposit_shortfalls
    union all
    select * from refund_spikes

)

select * from final
