-- 家政服务人员 — household-service workers (identity hashed and masked): one row per (worker_id), the latest batch wins.
with

source as (

    select * from {{ source('household', 'workers') }}

),

deduplicated as (

    {{ latest_per_key('source', ['worker_id']) }}

),

final as (

    select
        worker_id,
        name,
        id_number_hash,
        id_number_masked,
        id_number_status,
        phone_hash,
        phone_masked,
        phone_status,
        company_id,
        background_check,
        training_certificates,
        health_check_on,
        health_valid_until,
        insured,
        rating_avg,
        evaluations,
        complaints,
        updated_at,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
