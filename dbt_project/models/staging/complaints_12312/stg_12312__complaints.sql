-- 12312投诉 — consumer complaints from the 12312 hotline: one row per (complaint_id), the latest batch wins.
with

source as (

    select * from {{ source('complaints_12312', 'complaints') }}

),

deduplicated as (

    {{ latest_per_key('source', ['complaint_id']) }}

),

final as (

    select
        complaint_id,
        received_at,
        business_name,
        business_name_key,
        uscc,
        uscc_status,
        division_code,
        category,
        summary,
        consumer_phone_hash,
        consumer_phone_masked,
        consumer_phone_status,
        status,
        amount_yuan,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
