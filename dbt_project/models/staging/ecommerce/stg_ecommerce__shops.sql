-- 网店 — e-commerce shops on both platforms: one row per (platform, shop_id), the latest batch wins.
{% set key = ['platform', 'shop_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('ecommerce', 'shops') }}

),

renamed as (

    select
        platform,
        shop_id,
        shop_name,
        shop_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        seller_type,
        division_code,
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
