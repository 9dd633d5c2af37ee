-- 信用承诺 — credit commitments and their checks: one row per (commitment_id), the latest batch wins.
with

source as (

    select * from {{ source('commitments', 'commitments') }}

),

deduplicated as (

    {{ latest_per_key('source', ['commitment_id']) }}

),

final as (

    select
        commitment_id,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        commitment_type,
        content,
        committed_on,
        check_result,
        checked_on,
        department,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
