-- 信用信息异议 — one row per objection to a credit record (docs/domain.md §5 "Objections"): who
-- filed it, against which record (and whether the centre holds that record), whether it is under
-- review on the as-of day, and what was decided: kept (维持), corrected (更正: the department sends the
-- corrected record through its own feed) or removed (撤销: the record stops counting from
-- removed_from). The outcome stays here after the record is gone.
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

objections as (

    select * from {{ ref('stg_objections__objections') }}

),

removals as (

    select * from {{ ref('int_objection_removals') }}

),

held as (

    select
        'penalty' as record_kind,
        decision_no as record_id
    from {{ ref('stg_gov_penalties__penalties') }}
    union all
    select
        'black_list' as record_kind,
        entry_id as record_id
    from {{ ref('stg_gov_lists__list_entries') }}
    where list_type = '黑名单'

),

final as (

    select
        objections.objection_id,
        coalesce(objections.usable_uscc, objections.subject_name_key) as subject_key,
        objections.subject_name,
        objections.record_kind,
        objections.record_id,
        held.record_id is not null as record_held,
        objections.reason,
        objections.filed_on,
        objections.first_batch_date as received_on,
        case
            when objections.status = 'decided' and objections.decided_on <= as_of.as_of_date then 'decided'
            else 'under_review'
        end as status,
        objections.decided_on,
        objections.outcome,
        case when objections.outcome = 'removed' then removals.removed_on end as removed_from,
        objections.decision_note,
        objections.department,
        as_of.as_of_date
    from objections
    cross join as_of
    left join removals
        on objections.record_kind = removals.record_kind
        and objections.record_id = removals.record_id
    -- one row per record (decision numbers and list entries are unique in staging)
    left join held
        on objections.record_kind = held.record_kind
        and objections.record_id = held.record_id

)

select * from final
