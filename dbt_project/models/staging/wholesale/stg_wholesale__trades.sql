-- 市场交易 — daily trade summary per stall: one row per (market_id, stall_no, trade_date), the latest batch wins.
with

source as (

    select * from {{ source('wholesale', 'trades') }}

),

deduplicated as (

    {{ latest_per_key('source', ['market_id', 'stall_no', 'trade_date']) }}

),

final as (

    select
        market_id,
        stall_no,
        trade_date,
        trades,
        volume_kg,
        amount_yuan,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
