-- 市场抽检 — product inspections at wholesale markets: one row per (market_id, sample_no), the latest batch wins.
{% set key = ['market_id', 'sample_no'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('wholesale', 'inspections') }}

),

renamed as (

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
        _source_file as source_file,
        _source_line as source_line
    from source

),

final as (

    {{ latest_version('renamed', key) }}

)

select * from final
