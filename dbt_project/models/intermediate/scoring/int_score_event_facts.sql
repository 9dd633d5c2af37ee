{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ forget_rewritten_event_facts() }}"
    )
}}
-- 事件评分构成 — the facts each credit event gives the score (the event part of
-- int_score_contributions, whose header says what each family means), one row per event and
-- fact, over the event's whole life.
-- Incremental: an event's facts change only when fct_credit_event rewrites or retracts the event,
-- so a build deletes the facts of the events it rewrote or retracted (macro
-- forget_rewritten_event_facts) and adds those of the events it wrote; the unchanged events of a
-- province's history are not valued again.
-- depends_on: {{ ref('fct_credit_event') }}
{#- the facts an event gives (event_facts below): the same six fields each, x, a and b doubles -#}
{%- set facts = [] %}
{%- for family, component, stop_on, x, a, b in [
    ("'points:' || cap_group", 'component', 'stop_on', '0', 'p + p * k * from_no', '-p * k'),
    ("case when best_grade > 'A' then 'grade:' || best_grade end", "'grade'", 'stop_on', '0', '0', '0'),
    ("case when event_type = 'rating' then 'rating' end", "'rating'", 'stop_on', 'rating_x', '0', '0'),
    ("case when event_type in ('review', 'complaint', 'inspection') then event_type end", "'market'", 'stop_on', 'signal_x', '0', '0'),
    ("case when event_type = 'review' and end_reason = 'brushing' then 'review_brushed' end", "'market'", 'publish_until', '0', '0', '0'),
] %}
{%- do facts.append(struct_of([
    ('family', family), ('component', component), ('stop_on', stop_on),
    ('x', 'cast(' ~ x ~ ' as double)'), ('a', 'cast(' ~ a ~ ' as double)'), ('b', 'cast(' ~ b ~ ' as double)'),
])) %}
{%- endfor %}
with

-- a fact without its window or the day it became known never counts; each as the day knew it (a
-- corrected penalty's versions one after another: int_event_versions)
events as (

    select
        event_id,
        subject_key,
        event_type,
        outcome,
        detail,
        publish_from,
        publish_until,
        known_on,
        ended_on,
        end_reason
    from {{ ref('int_event_versions') }}
    where subject_type = 'entity'
        and {{ written_in_this_build() }}
        and publish_from is not null
        and known_on is not null
        and publish_until is not null

),

-- each event with its weights, read once: a province's events are tens of millions, and one scan
-- per kind of fact cost as much again for each kind
weighed as (

    select
        events.subject_key as uscc,
        events.event_id,
        events.event_type,
        events.detail,
        events.end_reason,
        greatest(events.publish_from, events.known_on) as start_on,
        least(events.publish_until, coalesce(events.ended_on, events.publish_until)) as stop_on,
        events.publish_until,
        points.cap_group,
        points.component,
        points.best_grade,
        cast(points.points as double) as p,
        case
            when points.decays
                then (1 - {{ param('decay_floor') }})
                    / greatest({{ days_between('events.publish_from', 'events.publish_until') }}, 1)
            else 0
        end as k,
        {{ days_between("date '2000-01-01'", 'events.publish_from') }} as from_no,
        cast(rating_points.points as double) as rating_x,
        case
            when events.event_type = 'review' then cast(events.outcome as integer)
            when events.event_type = 'inspection' and events.outcome = 'fail' then 1
            else 0
        end as signal_x
    from events
    left join {{ ref('score_event_points') }} as points
        on events.event_type = points.event_type
        and events.outcome = points.outcome
    left join {{ ref('rating_points') }} as rating_points
        on events.event_type = 'rating'
        and events.outcome = rating_points.rating

),

-- the facts an event gives, each a line of one list, unnested: a fact with points p x (1 - k x
-- (day - from)) = (p + p k from) - p k day; the grade it holds its entity at while in force (best
-- grade below A); an agency's latest valid rating (earlier ones are superseded in fct_credit_event);
-- a review (x: stars), a complaint or dispute, an inspection (x: failed); a review excluded as
-- brushing, over the window it would have counted in
event_facts as (

    select
        uscc,
        event_id,
        event_type,
        detail,
        start_on,
        {{ explode_list(
            "filter(" ~ list_of(facts) ~ ", fact -> fact.family is not null and (fact.family <> 'rating' or fact.x is not null))"
        ) }} as fact
    from weighed

),

final as (

    select
        event_facts.uscc,
        event_facts.fact.family,
        event_facts.fact.component,
        event_facts.event_id,
        event_facts.event_type,
        event_facts.detail,
        event_facts.start_on,
        event_facts.fact.stop_on,
        1 as n,
        -- + 0: a zero is stored as 0.0 whichever way the plan folded it (never -0.0), so a day's
        -- build stores the bytes a full one does
        event_facts.fact.x + 0 as x,
        event_facts.fact.a + 0 as a,
        event_facts.fact.b + 0 as b,
        {{ build_id() }} as _build_id
    from event_facts
    where event_facts.fact.stop_on > event_facts.start_on

)

select * from final
