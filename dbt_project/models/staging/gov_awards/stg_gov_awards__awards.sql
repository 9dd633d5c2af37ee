-- 守信激励 — awards, policy support and honours: one row per (award_id), the latest batch wins.
{% set key = ['award_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('gov_awards', 'awards') }}

),

renamed as (

    select
        award_id,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        award_type,
        title,
        level,
        awarded_on,
        valid_until,
        authority,
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
