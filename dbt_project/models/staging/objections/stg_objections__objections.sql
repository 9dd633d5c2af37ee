-- 信用信息异议 — objections to credit records: one row per (objection_id), the latest batch wins (the
-- desk re-sends an objection when it is decided). decided_known_on: the day the centre learnt the
-- decision (the batch that carried it), from which a removal counts (docs/domain.md §5 "Objections").
{% set key = ['objection_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('objections', 'objections') }}

),

renamed as (

    select
        objection_id,
        subject_name,
        subject_name_key,
        uscc,
        uscc_status,
        {{ usable_uscc() }} as usable_uscc,
        case record_kind when '行政处罚' then 'penalty' when '黑名单' then 'black_list' end as record_kind,
        record_id,
        reason,
        filed_on,
        case status when '审查中' then 'under_review' when '已办结' then 'decided' end as status,
        decided_on,
        case outcome when '维持' then 'kept' when '更正' then 'corrected' when '撤销' then 'removed' end as outcome,
        decision_note,
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
