-- 市场交易 — daily trade summary per stall: one row per (market_id, stall_no, trade_date), the latest batch wins.
{% set key = ['market_id', 'stall_no', 'trade_date'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('wholesale', 'trades') }}

),

renamed as (

    select
        market_id,
        stall_no,
        trade_date,
        trades,
        volume_kg,
        amount_yuan,
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
