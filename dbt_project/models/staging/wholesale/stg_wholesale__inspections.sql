-- 市场抽检 — product inspections at wholesale markets: one row per (market_id, sample_no), the latest batch wins.
with

source as (

    select * from {{ source('wholesale', 'inspections') }}

),

deduplicated as (

    select *
    from source
    qualify row_number() over (
        partition by market_id, sample_no
        order by _batch_date desc, _source_file desc, _source_line desc
    ) = 1

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
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
