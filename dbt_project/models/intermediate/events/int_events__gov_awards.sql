-- 表彰奖励事件 — awards, policy support and honours as positive credit events, in force from the
-- award until its validity ends. Incremental: the awards this build wrote.
with

awards as (

    select * from {{ ref('stg_gov_awards__awards') }}
    where {{ written_for_events() }}

),

final as (

    select
        'gov_awards' as source,
        'awards' as source_dataset,
        award_id as source_record_id,
        case when usable_uscc is not null then 'entity' else 'unresolved_name' end as subject_type,
        coalesce(usable_uscc, subject_name_key) as subject_key,
        subject_name,
        'award' as event_type,
        award_type as outcome,
        'positive' as polarity,
        cast(null as string) as severity,
        awarded_on as occurred_on,
        first_batch_date as known_on,
        first_batch_date as published_on,
        awarded_on as publish_from,
        cast(null as date) as publish_min_until,
        valid_until as publish_until,
        cast(null as date) as ended_on,
        cast(null as string) as end_reason,
        cast(null as string) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        award_type || '：' || title || '（' || coalesce(level, '') || '）' as detail,
        authority,
        batch_id,
        source_location
    from awards

)

select * from final
