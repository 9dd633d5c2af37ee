-- 评分构成 — every fact that moves an entity's score, as a span of days: in force and known from
-- `start_on`, gone from `stop_on` (its window ends, a repair, a removal, a supersession, brushing),
-- with what it adds to its family while in force. The one table the score is computed from: the
-- score sums it over the days (int_score_spans), and the profile's explanation lists it for
-- the as-of day (int_score_explained), with the same rules (macros/score_rules.sql).
--   points:<cap group>  a fact with points (seed score_event_points); a fading fact weighs
--                       points x (1 - (1 - decay_floor) x (day - from) / (until - from)), a linear
--                       function of the day, carried as a + b x day_no (days since 2000-01-01);
--   grade:<grade>       a fact that holds its entity at a grade (a serious penalty at C, the
--                       centre's own black-list entries at D);
--   rating              an agency's latest valid rating (x: its points; averaged over agencies);
--   review, complaint, inspection   market signals (x: stars; x: 1 for a failed sample);
--   review_brushed      a review excluded as brushing (shown in the explanation, never scored);
--   trades              a linked stall's trade count over the complaint window (complaints' volume);
--   known               the entity is in the library from the first day a source showed it.
-- Every weight and threshold: seeds score_event_points, rating_points, credit_parameters.
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
                    / greatest(events.publish_until - events.publish_from, 1)
            else 0
        end as k,
        events.publish_from - date '2000-01-01' as from_no,
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
        unnest(list_filter([
            {
                'family': 'points:' || cap_group, 'component': component, 'stop_on': stop_on,
                'x': cast(0 as double), 'a': p + p * k * from_no, 'b': -p * k
            },
            {
                'family': case when best_grade > 'A' then 'grade:' || best_grade end, 'component': 'grade',
                'stop_on': stop_on, 'x': 0, 'a': 0, 'b': 0
            },
            {
                'family': case when event_type = 'rating' then 'rating' end, 'component': 'rating',
                'stop_on': stop_on, 'x': rating_x, 'a': 0, 'b': 0
            },
            {
                'family': case when event_type in ('review', 'complaint', 'inspection') then event_type end,
                'component': 'market', 'stop_on': stop_on, 'x': signal_x, 'a': 0, 'b': 0
            },
            {
                'family': case when event_type = 'review' and end_reason = 'brushing' then 'review_brushed' end,
                'component': 'market', 'stop_on': publish_until, 'x': 0, 'a': 0, 'b': 0
            }
        ], fact -> fact.family is not null and (fact.family <> 'rating' or fact.x is not null))) as fact
    from weighed

),

spans as (

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
        event_facts.fact.x,
        event_facts.fact.a,
        event_facts.fact.b
    from event_facts

    union all

    -- the centre's own black entries (serious penalties, counterfeits) grade D while active; other
    -- departments' entries are facts with points above
    select
        subject_key,
        'grade:D',
        'grade',
        null,
        'list_entry',
        '黑名单：' || reason,
        greatest(entered_on, known_on),
        coalesce(repaired_on, withdrawn_on, scheduled_exit_on),
        1,
        0,
        0,
        0
    from {{ ref('int_list_entries') }}
    where list_type = 'black' and listed_by = 'credit_centre'
        and entered_on is not null
        and known_on is not null
        and coalesce(repaired_on, withdrawn_on, scheduled_exit_on) is not null

    union all

    -- trade volume of linked stalls over the complaint window (the denominator of complaints)
    select
        stalls.uscc,
        'trades',
        'market',
        null,
        'trade',
        null,
        greatest(trades.batch_date, trades.trade_date),
        cast(trades.trade_date + cast({{ param('complaint_window_days') }} as integer) as date),
        trades.trades,
        0,
        0,
        0
    from {{ ref('stg_wholesale__trades') }} as trades
    inner join {{ ref('int_stall_subjects') }} as stalls
        on trades.market_id = stalls.market_id
        and trades.stall_no = stalls.stall_no
    where stalls.uscc is not null
        and trades.trade_date is not null
        and trades.batch_date is not null

    union all

    -- the entity is scored from the first day the library knew it
    select
        uscc,
        'known',
        'known',
        null,
        null,
        null,
        min(batch_date),
        date '9999-12-31',
        1,
        0,
        0,
        0
    from {{ ref('int_entity_sightings') }}
    group by uscc

),

final as (

    select *
    from spans
    where stop_on > start_on

)

select * from final
