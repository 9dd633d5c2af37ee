-- 守信激励 — awards, policy support and honours: one row per (award_id), the latest batch wins.
with

source as (

    select * from {{ source('gov_awards', 'awards') }}

),

deduplicated as (

    select *
    from source
    qualify row_number() over (
        partition by award_id
        order by _batch_date desc, _source_file desc, _source_line desc
    ) = 1

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
        _batch_id as batch_id,
        _batch_date as batch_date,
        _source_file || ':' || _source_line as source_location
    from deduplicated

)

select * from final
