-- 平台违规 — platform violation records: one row per (platform, violation_id), the latest batch wins.
with

source as (

    select * from {{ source('ecommerce', 'violations') }}

),

deduplicated as (

    {{ latest_per_key('source', ['platform', 'violation_id']) }}

),

final as (

    select
        platform,
        violation_id,
        shop_id,
        violation_type,
        action,
        occurred_at,
        updated_at,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
