-- 单用途预付卡发卡企业 — one row per prepaid-card issuer the centre knows from a fund report or a
-- filing (docs/domain.md §5 "Filed trades and prepaid cards"): its latest fund report by the as-of
-- day (prepaid balance owed to card holders against the deposit in escrow, and the share its class
-- must hold: seed prepaid_deposit_ratios), the 12312 refund complaints (category 预付卡) against it
-- within warning_refund_days and 30 days, and the prepaid warnings raised within
-- check_warning_open_days.
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

latest_funds as (

    select funds.*
    from {{ ref('stg_filed_trades__prepaid_funds') }} as funds
    where funds.usable_uscc is not null and funds.reported_on <= {{ as_of_date() }}
    qualify row_number() over (partition by funds.usable_uscc order by funds.reported_on desc) = 1

),

filings as (

    select
        usable_uscc as uscc,
        any_value(subject_name) as subject_name,
        min(filing_no) as filing_no,
        min(status_code) as filing_status
    from {{ ref('stg_filed_trades__filings') }}
    where trade = '单用途商业预付卡发卡' and usable_uscc is not null
    group by usable_uscc

),

issuers as (

    select uscc from filings
    union
    select usable_uscc from latest_funds

),

refunds as (

    select
        events.subject_key as uscc,
        count(*) filter (
            where events.occurred_on > {{ as_of_date() }} - cast({{ param('warning_refund_days') }} as integer)
        ) as refund_complaints_recent,
        count(*) filter (where events.occurred_on > {{ as_of_date() }} - 30) as refund_complaints_30d
    from {{ ref('fct_credit_event') }} as events
    inner join {{ ref('stg_complaints_12312__complaints') }} as complaints
        on events.source_record_id = complaints.complaint_id
    where events.event_type = 'complaint' and complaints.category = '预付卡'
        and events.occurred_on <= {{ as_of_date() }}
    group by events.subject_key

),

warnings as (

    select
        uscc,
        count(*) as prepaid_warnings_open
    from {{ ref('early_warning') }}
    where reason in ('prepaid_deposit_short', 'prepaid_refund_spike')
        and raised_on > {{ as_of_date() }} - cast({{ param('check_warning_open_days') }} as integer)
        and raised_on <= {{ as_of_date() }}
    group by uscc

),

final as (

    select
        issuers.uscc,
        coalesce(latest_funds.subject_name, filings.subject_name) as name,
        filings.filing_no,
        filings.filing_status,
        latest_funds.issuer_class,
        latest_funds.reported_on,
        latest_funds.prepaid_balance_yuan,
        latest_funds.escrow_deposit_yuan,
        round(latest_funds.escrow_deposit_yuan / nullif(latest_funds.prepaid_balance_yuan, 0), 4) as deposit_share,
        ratios.deposit_ratio as deposit_ratio_required,
        coalesce(latest_funds.escrow_deposit_yuan < latest_funds.prepaid_balance_yuan * ratios.deposit_ratio, false)
            as deposit_short,
        coalesce(refunds.refund_complaints_recent, 0) as refund_complaints_recent,
        coalesce(refunds.refund_complaints_30d, 0) as refund_complaints_30d,
        coalesce(warnings.prepaid_warnings_open, 0) as prepaid_warnings_open,
        as_of.as_of_date
    from issuers
    cross join as_of
    left join latest_funds on issuers.uscc = latest_funds.usable_uscc
    left join filings on issuers.uscc = filings.uscc
    left join {{ ref('prepaid_deposit_ratios') }} as ratios on latest_funds.issuer_class = ratios.issuer_class
    left join refunds on issuers.uscc = refunds.uscc
    left join warnings on issuers.uscc = warnings.uscc

)

select * from final
