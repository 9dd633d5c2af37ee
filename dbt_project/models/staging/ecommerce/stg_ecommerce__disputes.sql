-- 交易纠纷 — disputes and refund complaints: one row per (platform, dispute_id), the latest batch wins.
with

source as (

    select * from {{ source('ecommerce', 'disputes') }}

),

deduplicated as (

    {{ latest_per_key('source', ['platform', 'dispute_id']) }}

),

final as (

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
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
