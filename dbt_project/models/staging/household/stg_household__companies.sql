-- 家政企业 — household-service companies: one row per (company_id), the latest batch wins.
with

source as (

    select * from {{ source('household', 'companies') }}

),

deduplicated as (

    {{ latest_per_key('source', ['company_id']) }}

),

final as (

    select
        company_id,
        uscc,
        uscc_status,
        name,
        name_key,
        division_code,
        service_types,
        registered_on,
        status,
        updated_at,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
