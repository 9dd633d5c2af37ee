-- 展会投诉 — complaints received at exhibitions: one row per (complaint_id), the latest batch wins
-- (a complaint is re-sent when handled) (docs/domain.md §5 "Exhibitions").
{% set key = ['complaint_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('exhibitions', 'complaints') }}

),

renamed as (

    select
        complaint_id,
        exhibition_id,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        category,
        received_on,
        result,
        handled_on,
        detail,
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
