-- 市场抽检 — product inspections at wholesale markets: one row per (market_id, sample_no), the latest batch wins.
with

source as (

    select * from {{ source('wholesale', 'inspections') }}

),

deduplicated as (

    {{ latest_per_key('source', ['market_id', 'sample_no']) }}

),

final as (

    select
        market_id,
        sample_no,
        stall_no,
        item,
        test_item,
        result,
        inspected_on,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
