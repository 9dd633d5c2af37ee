-- 红黑名单事件 — other departments' red and black list entries as credit events (a black entry is
-- serious and negative), in force from listing until the scheduled exit, ended early by removal.
-- Incremental: the entries this build wrote.
with

list_entries as (

    select * from {{ ref('stg_gov_lists__list_entries') }}
    where {{ written_for_events() }}

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
        removed_on as ended_on,
        removal_reason as end_reason,
        cast(null as varchar) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        list_type || '：' || reason as detail,
        department as authority,
        batch_id,
        source_location
    from list_entries

)

select * from final
