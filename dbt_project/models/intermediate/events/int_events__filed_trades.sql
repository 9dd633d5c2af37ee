-- 商务备案事件 — the filed trades' annual checks and revocations as credit events (docs/domain.md §5
-- "Filed trades and prepaid cards"): an annual check counts for filing_check_months from the check
-- (合格 positive, 基本合格 neutral, 不合格 general, 未参检 minor), one event per filing and check
-- year; a revoked filing (撤销) is a general bad record for filing_revoked_months. A deregistered
-- (注销) filing is not an event. Known from the later of the filing's first batch and the day it
-- happened, so an unchanged re-send changes nothing. Incremental: the filings this build wrote.
with

filings as (

    select * from {{ ref('stg_filed_trades__filings') }}
    where {{ written_for_events() }}

),

checks as (

    select
        filing_no || ':' || check_year as source_record_id,
        *,
        case check_result
            when '合格' then 'annual_check_passed'
            when '基本合格' then 'annual_check_basic'
            when '不合格' then 'annual_check_failed'
            when '未参检' then 'annual_check_missed'
        end as outcome,
        checked_on as happened_on,
        {{ plus_months('checked_on', param_int('filing_check_months')) }} as until_on,
        trade || '备案年检（' || check_year || '年度）：' || check_result as text
    from filings
    where check_result is not null and check_year is not null and checked_on is not null

),

revocations as (

    select
        filing_no || ':revoked' as source_record_id,
        *,
        'filing_revoked' as outcome,
        status_on as happened_on,
        {{ plus_months('status_on', param_int('filing_revoked_months')) }} as until_on,
        trade || '备案被撤销' || coalesce('：' || remarks, '') as text
    from filings
    where status = '撤销' and status_on is not null

),

unioned as (

    -- the same columns in the same order
    select * from checks
    union all
    select * from revocations

),

final as (

    select
        'filed_trades' as source,
        'filings' as source_dataset,
        source_record_id,
        case when usable_uscc is not null then 'entity' else 'unresolved_name' end as subject_type,
        coalesce(usable_uscc, subject_name_key) as subject_key,
        subject_name,
        'filed_trade' as event_type,
        outcome,
        case outcome
            when 'annual_check_passed' then 'positive'
            when 'annual_check_basic' then 'neutral'
            else 'negative'
        end as polarity,
        case outcome
            when 'annual_check_failed' then 'general'
            when 'filing_revoked' then 'general'
            when 'annual_check_missed' then 'minor'
        end as severity,
        happened_on as occurred_on,
        greatest(first_batch_date, happened_on) as known_on,
        greatest(first_batch_date, happened_on) as published_on,
        happened_on as publish_from,
        cast(null as date) as publish_min_until,
        until_on as publish_until,
        cast(null as date) as ended_on,
        cast(null as string) as end_reason,
        cast(null as string) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        text as detail,
        '商务备案（' || trade || '）' as authority,
        batch_id,
        source_location
    from unioned

)

select * from final
