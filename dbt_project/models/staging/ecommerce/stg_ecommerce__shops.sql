-- 网店 — e-commerce shops on both platforms: one row per (platform, shop_id), the latest batch wins.
with

source as (

    select * from {{ source('ecommerce', 'shops') }}

),

deduplicated as (

    {{ latest_per_key('source', ['platform', 'shop_id']) }}

),

final as (

    select
        platform,
        shop_id,
        shop_name,
        shop_name_key,
        uscc,
        uscc_status,
        seller_type,
        division_code,
        opened_at,
        updated_at,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
