-- 市场交易 — daily trade summary per stall: one row per (market_id, stall_no, trade_date), the latest batch wins.
with

source as (

    select * from {{ source('wholesale', 'trades') }}

),

deduplicated as (

    select *
    from source
    qualify row_number() over (
        partition by market_id, stall_no, trade_date
        order by _batch_date desc, _source_file desc, _source_line desc
    ) = 1

),

final as (

    select
        market_id,
        stall_no,
        trade_date,
        trades,
        volume_kg,
        amount_yuan,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
