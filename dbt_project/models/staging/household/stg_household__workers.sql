-- 家政服务人员 — household-service workers (identity hashed and masked): one row per (worker_id), the latest batch wins.
{% set key = ['worker_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('household', 'workers') }}

),

renamed as (

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
