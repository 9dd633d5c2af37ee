-- 消费评价 — consumer reviews: one row per (platform, review_id), the latest batch wins.
with

source as (

    select * from {{ source('ecommerce', 'reviews') }}

),

deduplicated as (

    {{ latest_per_key('source', ['platform', 'review_id']) }}

),

final as (

    select
        platform,
        review_id,
        shop_id,
        consumer_id,
        rating,
        content,
        reviewed_at,
        updated_at,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
