-- 守信激励 — awards, policy support and honours: one row per (award_id), the latest batch wins.
with

source as (

    select * from {{ source('gov_awards', 'awards') }}

),

deduplicated as (

    {{ latest_per_key('source', ['award_id']) }}

),

final as (

    select
        award_id,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        award_type,
        title,
        level,
        awarded_on,
        valid_until,
        authority,
        _first_batch_date as first_batch_date,
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
