-- 信用事件 — one row per credit-relevant fact from every source, traceable to its raw record
-- (source, dataset, record id, batch, file:line or API request).
with

events as (

    select * from {{ ref('int_credit_events') }}

),

points as (

    select * from {{ ref('score_event_points') }}

),

final as (

    select
        events.event_id,
        events.subject_type,
        events.subject_key,
        events.subject_name,
        events.event_type,
        events.outcome,
        events.polarity,
        events.severity,
        events.occurred_on,
        events.known_on,
        events.published_on,
        events.effective_from as publish_from,
        events.publish_min_until,
        events.publish_until,
        events.ended_on,
        events.end_reason,
        events.rule_version,
        points.points as base_points,
        events.amount_wan,
        events.detail,
        events.authority,
        events.source,
        events.source_dataset,
        events.source_record_id,
        events.batch_id,
        events.source_location
    from events
    left join points
        on events.event_type = points.event_type
        and events.outcome = points.outcome

)

select * from final
