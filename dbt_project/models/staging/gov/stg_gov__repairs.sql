-- 信用修复 — credit-repair decisions on published penalties: one row per (repair_id), the latest
-- batch wins. Whether a repair may apply (after the minimum period) is decided downstream.
with

source as (

    select * from {{ source('gov_penalties', 'repairs') }}

),

deduplicated as (

    {{ latest_per_key('source', ['repair_id']) }}

),

final as (

    select
        repair_id,
        decision_no,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        cast(penalty_decided_on as date) as penalty_decided_on,
        cast(applied_on as date) as applied_on,
        result,
        cast(decided_on as date) as decided_on,
        authority,
        remarks,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
