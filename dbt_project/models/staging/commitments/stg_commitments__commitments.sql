-- 信用承诺 — credit commitments and their checks: one row per (commitment_id), the latest batch wins.
{% set key = ['commitment_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('commitments', 'commitments') }}

),

renamed as (

    select
        commitment_id,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        commitment_type,
        content,
        committed_on,
        check_result,
        checked_on,
        department,
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
