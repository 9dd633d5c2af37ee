-- 展会 — the exhibitions held in the region: one row per (exhibition_id), the latest batch wins; the
-- organiser is the subject (docs/domain.md §5 "Exhibitions").
{% set key = ['exhibition_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('exhibitions', 'exhibitions') }}

),

renamed as (

    select
        exhibition_id,
        exhibition_name,
        organiser_name as subject_name,
        organiser_name_key as subject_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        venue,
        starts_on,
        ends_on,
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
