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
-- its versions, one row each, and takes each version's columns; every other event joins none and
-- is its own row
final as (

    select
        {%- set replaced = [] %}
        {%- for column, version in [
            ('subject_type', 'versions.subject_type'),
            ('subject_key', 'versions.subject_key'),
            ('outcome', 'versions.outcome'),
            ('severity', 'versions.outcome'),
            ('occurred_on', 'versions.publish_from'),
            ('known_on', 'greatest(events.known_on, versions.known_from)'),
            ('publish_from', 'versions.publish_from'),
            ('publish_until', 'versions.publish_until'),
            ('detail', 'versions.detail'),
        ] %}
        {%- do replaced.append((
            column, 'case when versions.decision_no is null then events.' ~ column ~ ' else ' ~ version ~ ' end'
        )) %}
        {%- endfor %}
        {%- do replaced.append(('ended_on', "case
                when versions.decision_no is null then events.ended_on
                when versions.known_until < coalesce(events.ended_on, date '9999-12-31') then versions.known_until
                else events.ended_on
            end")) %}
        {%- do replaced.append(('end_reason', "case
                when versions.decision_no is null then events.end_reason
                when versions.known_until < coalesce(events.ended_on, date '9999-12-31') then 'corrected'
                else events.end_reason
            end")) %}
        {{ star_replace('events', replaced) }},
        versions.previous_outcome
    from {{ ref('fct_credit_event') }} as events
    left join versions
        on events.source = 'gov_penalties'
        and events.source_record_id = versions.decision_no

)

select * from final
