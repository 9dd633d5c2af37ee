-- 商务备案登记 — the trades the bureau supervises by filing: one row per (filing_no), the latest batch
-- wins (a filing is re-sent when its status or annual check changes) (docs/domain.md §5 "Filed
-- trades and prepaid cards"); status and check result also as codes (seed code_labels).
{% set key = ['filing_no'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('filed_trades', 'filings') }}

),

renamed as (

    select
        filing_no,
        trade,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        filed_on,
        status,
        case status
            when '正常' then 'active'
            when '变更' then 'changed'
            when '注销' then 'deregistered'
            when '撤销' then 'revoked'
        end as status_code,
        status_on,
        check_year,
        check_result,
        case check_result
            when '合格' then 'passed'
            when '基本合格' then 'basic'
            when '不合格' then 'failed'
            when '未参检' then 'missed'
        end as check_code,
        checked_on,
        remarks,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file as source_file,
        _source_line as source_line
    from source

),

final as (

    {{ latest_version('renamed', key) }}

)

select * from final
