-- 第三方信用评级 — third-party credit ratings: one row per (rating_id), the latest batch wins.
with

source as (

    select * from {{ source('raters', 'ratings') }}

),

deduplicated as (

    {{ latest_per_key('source', ['rating_id']) }}

),

final as (

    select
        rating_id,
        agency,
        uscc,
        uscc_status,
        entity_name,
        entity_name_key,
        rating,
        outlook,
        rated_on,
        valid_until,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
