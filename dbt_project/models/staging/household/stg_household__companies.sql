-- 家政企业 — household-service companies: one row per (company_id), the latest batch wins.
{% set key = ['company_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('household', 'companies') }}

),

renamed as (

    select
        company_id,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        name,
        name_key,
        division_code,
        service_types,
        registered_on,
        status,
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
