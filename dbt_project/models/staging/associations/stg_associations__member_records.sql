-- 商协会会员信用 — the industry associations' member records: one row per (record_id), the latest
-- batch wins; what each says as one outcome code (docs/domain.md §5 "Industry associations"; its
-- points are the seed score_event_points, event type association, score component association).
{% set key = ['record_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('associations', 'member_records') }}

),

renamed as (

    select
        record_id,
        association_name,
        association_uscc,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        kind,
        level,
        case
            when kind = '入会' then 'member_joined'
            when kind = '退会' then 'member_left'
            when kind = '行业表彰' then 'association_honour'
            when kind = '除名' then 'association_expelled'
            when level = '警告' then 'association_warning'
            when level = '通报批评' then 'association_criticism'
            when level = '公开谴责' then 'association_censure'
        end as outcome,
        recorded_on,
        valid_until,
        detail,
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
