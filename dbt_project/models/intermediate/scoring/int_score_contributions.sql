-- 评分构成 — every fact that moves an entity's score, as a span of days: in force and known from
-- `start_on`, gone from `stop_on` (its window ends, a repair, a removal, a supersession, brushing),
-- with what it adds to its family while in force. The one table the score is computed from: the
-- daily score sums it over the days (int_score_daily), and the profile's explanation lists it for
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
-- not materialized: read more than once, scanned again rather than held (DEVELOPERS.md)
events as not materialized (

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

-- not materialized: read twice, scanned again rather than held (DEVELOPERS.md)
point_facts as not materialized (

    select
        events.subject_key as uscc,
        events.event_id,
        events.event_type,
        events.detail,
        points.cap_group,
        points.component,
        points.best_grade,
        greatest(events.publish_from, events.known_on) as start_on,
        least(events.publish_until, coalesce(events.ended_on, events.publish_until)) as stop_on,
        points.points as p,
        case
            when points.decays
                then (1 - {{ param('decay_floor') }})
                    / greatest(events.publish_until - events.publish_from, 1)
            else 0
        end as k,
        events.publish_from - date '2000-01-01' as from_no
    from events
    inner join {{ ref('score_event_points') }} as points
        on events.event_type = points.event_type
        and events.outcome = points.outcome

),

spans as (

    -- facts with points: p x (1 - k x (day - from)) = (p + p k from) - p k day
    select
        uscc,
        'points:' || cap_group as family,
        component,
        event_id,
        event_type,
        detail,
        start_on,
        stop_on,
        1 as n,
        cast(0 as double) as x,
        p + p * k * from_no as a,
        -p * k as b
    from point_facts

    union all

    -- grade caps: a fact whose best grade is below A holds the entity there while in force
    select
        uscc,
        'grade:' || best_grade,
        'grade',
        event_id,
        event_type,
        detail,
        start_on,
        stop_on,
        1,
        0,
        0,
        0
    from point_facts
    where best_grade > 'A'

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

    -- each agency's latest valid rating (earlier ones are superseded in fct_credit_event)
    select
        events.subject_key,
        'rating',
        'rating',
        events.event_id,
        'rating',
        events.detail,
        greatest(events.publish_from, events.known_on),
        least(events.publish_until, coalesce(events.ended_on, events.publish_until)),
        1,
        rating_points.points,
        0,
        0
    from events
    inner join {{ ref('rating_points') }} as rating_points
        on events.outcome = rating_points.rating
    where events.event_type = 'rating'

    union all

    -- reviews (x: stars), complaints and disputes, inspections (x: failed)
    select
        subject_key,
        event_type as family,
        'market',
        event_id,
        event_type,
        detail,
        greatest(publish_from, known_on),
        least(publish_until, coalesce(ended_on, publish_until)),
        1,
        case
            when event_type = 'review' then cast(outcome as integer)
            when event_type = 'inspection' and outcome = 'fail' then 1
            else 0
        end,
        0,
        0
    from events
    where event_type in ('review', 'complaint', 'inspection')

    union all

    -- reviews excluded as brushing, over the window they would have counted in
    select
        subject_key,
        'review_brushed',
        'market',
        event_id,
        'review',
        detail,
        greatest(publish_from, known_on),
        publish_until,
        1,
        0,
        0,
        0
    from events
    where event_type = 'review' and end_reason = 'brushing'

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
