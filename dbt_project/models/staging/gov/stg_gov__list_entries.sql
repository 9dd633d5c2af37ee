-- 联合奖惩名单 — other departments' red and black list entries: one row per (entry_id), the latest batch wins.
with

source as (

    select * from {{ source('gov_lists', 'list_entries') }}

),

deduplicated as (

    {{ latest_per_key('source', ['entry_id']) }}

),

final as (

    select
        entry_id,
        list_type,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        reason,
        department,
        listed_on,
        scheduled_exit_on,
        removed_on,
        removal_reason,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
