-- 市场商户 — wholesale market stalls: one row per (market_id, stall_no), the latest batch wins.
with

source as (

    select * from {{ source('wholesale', 'merchants') }}

),

deduplicated as (

    {{ latest_per_key('source', ['market_id', 'stall_no']) }}

),

final as (

    select
        market_id,
        stall_no,
        merchant_name,
        merchant_name_key,
        uscc,
        uscc_status,
        category,
        entered_on,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
