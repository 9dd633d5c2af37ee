-- 事件的已知版本 — the credit events as each day knew them (docs/domain.md §3.4 "Corrections over
-- time"): an event never corrected is its fct_credit_event row; a penalty a bureau corrected is
-- one row per version (int_penalty_versions), with that version's subject, severity, window and
-- detail, known from the day it arrived and ended on the day the next one arrived (end_reason
-- `corrected`), unless a repair or an objection ended the record first. `previous_outcome`: the
-- outcome of the version before (null for a first version). The score and the warnings read this,
-- so a day is scored with what the centre knew on it; the marts of the as-of day read
-- fct_credit_event (the latest version).
with

-- each version of a corrected penalty, with the outcome of the version before it
versions as (

    select
        *,
        lag(outcome) over (partition by decision_no order by known_from) as previous_outcome
    from {{ ref('int_penalty_versions') }}

),

-- fct_credit_event read once (a province's tens of millions of events): a corrected penalty joins
-- its versions, one row each; every other event joins none and is its own row
final as (

    select
        events.* replace (
            case when versions.decision_no is null then events.subject_type else versions.subject_type end
                as subject_type,
            case when versions.decision_no is null then events.subject_key else versions.subject_key end
                as subject_key,
            case when versions.decision_no is null then events.outcome else versions.outcome end as outcome,
            case when versions.decision_no is null then events.severity else versions.outcome end as severity,
            case when versions.decision_no is null then events.occurred_on else versions.publish_from end
                as occurred_on,
            case
                when versions.decision_no is null then events.known_on
                else greatest(events.known_on, versions.known_from)
            end as known_on,
            case when versions.decision_no is null then events.publish_from else versions.publish_from end
                as publish_from,
            case when versions.decision_no is null then events.publish_until else versions.publish_until end
                as publish_until,
            case
                when versions.decision_no is null then events.ended_on
                when versions.known_until < coalesce(events.ended_on, date '9999-12-31') then versions.known_until
                else events.ended_on
            end as ended_on,
            case
                when versions.decision_no is null then events.end_reason
                when versions.known_until < coalesce(events.ended_on, date '9999-12-31') then 'corrected'
                else events.end_reason
            end as end_reason,
            case when versions.decision_no is null then events.detail else versions.detail end as detail
        ),
        versions.previous_outcome
    from {{ ref('fct_credit_event') }} as events
    left join versions
        on events.source = 'gov_penalties'
        and events.source_record_id = versions.decision_no

)

select * from final
