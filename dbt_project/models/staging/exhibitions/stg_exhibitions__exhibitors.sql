-- 参展企业 — each exhibition's exhibitors: one row per (exhibition_id, booth_no), the latest batch
-- wins; with the exhibitor's 诚信参展 commitment (docs/domain.md §5 "Exhibitions").
{% set key = ['exhibition_id', 'booth_no'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('exhibitions', 'exhibitors') }}

),

renamed as (

    select
        exhibition_id,
        booth_no,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        category,
        commitment_signed = '是' as commitment_signed,
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
