-- 事件的已知版本 — the credit events as each day knew them (docs/domain.md §3.4 "Corrections over
-- time"): an event never corrected is its fct_credit_event row; a penalty a bureau corrected is
-- one row per version (int_penalty_versions), with that version's subject, severity, window and
-- detail, known from the day it arrived and ended on the day the next one arrived (end_reason
-- `corrected`), unless a repair or an objection ended the record first. `previous_outcome`: the
-- outcome of the version before (null for a first version). The score and the warnings read this,
-- so a day is scored with what the centre knew on it; the marts of the as-of day read
-- fct_credit_event (the latest version).
with

events as (

    select * from {{ ref('fct_credit_event') }}

),

versions as (

    select * from {{ ref('int_penalty_versions') }}

),

final as (

    select
        events.*,
        cast(null as varchar) as previous_outcome
    from events
    where
        events.source <> 'gov_penalties'
        or events.source_record_id not in (select versions.decision_no from versions)

    union all

    select
        events.* replace (
            versions.subject_type as subject_type,
            versions.subject_key as subject_key,
            versions.outcome as outcome,
            versions.outcome as severity,
            versions.publish_from as occurred_on,
            greatest(events.known_on, versions.known_from) as known_on,
            versions.publish_from as publish_from,
            versions.publish_until as publish_until,
            case
                when versions.known_until < coalesce(events.ended_on, date '9999-12-31')
                    then versions.known_until
                else events.ended_on
            end as ended_on,
            case
                when versions.known_until < coalesce(events.ended_on, date '9999-12-31') then 'corrected'
                else events.end_reason
            end as end_reason,
            versions.detail as detail
        ),
        lag(versions.outcome) over (partition by versions.decision_no order by versions.known_from)
            as previous_outcome
    from events
    inner join versions
        on events.source = 'gov_penalties'
        and events.source_record_id = versions.decision_no

)

select * from final
