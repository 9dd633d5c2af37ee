-- 红黑名单事件 — other departments' red and black list entries as credit events (a black entry is
-- serious and negative), in force from listing until the scheduled exit, ended early by the
-- department's removal or by an objection decision (int_objection_removals; docs/domain.md §5
-- "Objections"), whichever is first.
-- Incremental: the entries this build wrote, and those an objection of this build concerns.
with

removals as (

    select
        record_id as entry_id,
        removed_on as objection_removed_on,
        written_this_build
    from {{ ref('int_objection_removals') }}
    where record_kind = 'black_list'

),

list_entries as (

    select
        entries.*,
        removals.objection_removed_on
    from {{ ref('stg_gov_lists__list_entries') }} as entries
    left join removals on entries.entry_id = removals.entry_id
    where {{ written_for_events('entries') }} or removals.written_this_build

),

final as (

    select
        'gov_lists' as source,
        'list_entries' as source_dataset,
        entry_id as source_record_id,
        case when usable_uscc is not null then 'entity' else 'unresolved_name' end as subject_type,
        coalesce(usable_uscc, subject_name_key) as subject_key,
        subject_name,
        'list_entry' as event_type,
        case when list_type = '黑名单' then 'black' else 'red' end as outcome,
        case when list_type = '黑名单' then 'negative' else 'positive' end as polarity,
        case when list_type = '黑名单' then 'serious' end as severity,
        listed_on as occurred_on,
        first_batch_date as known_on,
        first_batch_date as published_on,
        listed_on as publish_from,
        cast(null as date) as publish_min_until,
        scheduled_exit_on as publish_until,
        least(removed_on, objection_removed_on) as ended_on,
        case
            when objection_removed_on < removed_on or (removed_on is null and objection_removed_on is not null)
                then '异议撤销'
            else removal_reason
        end as end_reason,
        cast(null as string) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        list_type || '：' || reason as detail,
        department as authority,
        batch_id,
        source_location
    from list_entries

)

select * from final
