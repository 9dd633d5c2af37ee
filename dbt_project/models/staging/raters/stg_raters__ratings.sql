-- 第三方信用评级 — third-party credit ratings: one row per (rating_id), the latest batch wins.
{% set key = ['rating_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('raters', 'ratings') }}

),

renamed as (

    select
        rating_id,
        agency,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        entity_name,
        entity_name_key,
        rating,
        outlook,
        rated_on,
        valid_until,
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
