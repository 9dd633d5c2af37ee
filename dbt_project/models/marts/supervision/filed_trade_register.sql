-- 商务备案行业名录 — one row per filing with the bureau (docs/domain.md §5 "Filed trades and prepaid
-- cards"): the trade (预付卡发卡, 二手车交易市场, 报废机动车回收拆解, 再生资源回收, 成品油经营, 典当,
-- 拍卖), the filing's status and its latest annual check, with the entity's grade and score on the
-- as-of day.
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

final as (

    select
        filings.filing_no,
        filings.trade,
        coalesce(filings.usable_uscc, filings.subject_name_key) as subject_key,
        filings.subject_name,
        filings.filed_on,
        filings.status_code as status,
        filings.status_on,
        filings.check_year,
        filings.check_code as check_result,
        filings.checked_on,
        entities.grade,
        entities.score,
        filings.first_batch_date as received_on,
        as_of.as_of_date
    from {{ ref('stg_filed_trades__filings') }} as filings
    cross join as_of
    left join {{ ref('dim_market_entity') }} as entities on filings.usable_uscc = entities.uscc

)

select * from final
