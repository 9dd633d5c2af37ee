-- 平台违规 — platform violation records: one row per (platform, violation_id), the latest batch wins.
{% set key = ['platform', 'violation_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('ecommerce', 'violations') }}

),

renamed as (

    select
        platform,
        violation_id,
        shop_id,
        violation_type,
        action,
        occurred_at,
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
