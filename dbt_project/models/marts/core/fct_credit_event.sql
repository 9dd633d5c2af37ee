-- 信用事件 — one row per credit-relevant fact, traceable to its raw record.
-- Sources beyond gov_penalties join this union as they arrive (issue: every source).
with

penalties as (

    select * from {{ ref('int_penalties_classified') }}

),

penalty_events as (

    select
        md5('gov_penalties:' || decision_no) as event_id,
        subject_type,
        subject_key,
        subject_name,
        'penalty' as event_type,
        'negative' as polarity,
        severity,
        decided_on as occurred_on,
        first_published_on as published_on,
        publish_from,
        publish_min_until,
        publish_until,
        rule_version,
        amount_wan,
        penalty_types as detail,
        authority,
        'gov_penalties' as source,
        'penalties' as source_dataset,
        decision_no as source_record_id,
        batch_id,
        source_file || ':' || source_line as source_location
    from penalties

)

select * from penalty_events
