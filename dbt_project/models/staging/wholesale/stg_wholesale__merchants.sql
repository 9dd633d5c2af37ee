-- 市场商户 — wholesale market stalls: one row per (market_id, stall_no), the latest batch wins.
{% set key = ['market_id', 'stall_no'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('wholesale', 'merchants') }}

),

renamed as (

    select
        market_id,
        stall_no,
        merchant_name,
        merchant_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        category,
        entered_on,
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
