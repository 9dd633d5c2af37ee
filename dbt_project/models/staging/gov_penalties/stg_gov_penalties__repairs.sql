-- 信用修复 — credit-repair decisions on published penalties: one row per (repair_id), the latest
-- batch wins. Whether a repair may apply (after the minimum period) is decided downstream.
{% set key = ['repair_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('gov_penalties', 'repairs') }}

),

renamed as (

    select
        repair_id,
        decision_no,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        cast(penalty_decided_on as date) as penalty_decided_on,
        cast(applied_on as date) as applied_on,
        result,
        cast(decided_on as date) as decided_on,
        authority,
        remarks,
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
