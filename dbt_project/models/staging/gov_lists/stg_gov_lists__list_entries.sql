-- 联合奖惩名单 — other departments' red and black list entries: one row per (entry_id), the latest batch wins.
{% set key = ['entry_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('gov_lists', 'list_entries') }}

),

renamed as (

    select
        entry_id,
        list_type,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        reason,
        department,
        listed_on,
        scheduled_exit_on,
        removed_on,
        removal_reason,
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
