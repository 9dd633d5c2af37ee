-- 交易纠纷 — disputes and refund complaints: one row per (platform, dispute_id), the latest batch wins.
{% set key = ['platform', 'dispute_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('ecommerce', 'disputes') }}

),

renamed as (

    select
        platform,
        dispute_id,
        shop_id,
        consumer_id,
        dispute_type,
        status,
        amount_yuan,
        opened_at,
        updated_at,
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
