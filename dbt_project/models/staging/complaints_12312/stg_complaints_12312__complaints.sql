-- 12312投诉 — consumer complaints from the 12312 hotline: one row per (complaint_id), the latest batch wins.
{% set key = ['complaint_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('complaints_12312', 'complaints') }}

),

renamed as (

    select
        complaint_id,
        received_at,
        business_name,
        business_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        division_code,
        category,
        summary,
        consumer_phone_hash,
        consumer_phone_masked,
        consumer_phone_status,
        status,
        amount_yuan,
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
