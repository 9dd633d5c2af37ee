-- 消费评价 — consumer reviews: one row per (platform, review_id), the latest batch wins; the day
-- of a review is its Beijing date. Review text stays in the lake: nothing downstream reads it.
{% set key = ['platform', 'review_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('ecommerce', 'reviews') }}

),

renamed as (

    select
        platform,
        review_id,
        shop_id,
        consumer_id,
        rating,
        reviewed_at,
        {{ beijing_date('reviewed_at') }} as reviewed_on,
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
