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
-- The events' facts are stored (int_score_event_facts, rewritten only for the events a build
-- rewrites); the other facts are derived here.
-- Every weight and threshold: seeds score_event_points, rating_points, credit_parameters.
with

spans as (

    select
        uscc,
        family,
        component,
        event_id,
        event_type,
        detail,
        start_on,
        stop_on,
        n,
        x,
        a,
        b
    from {{ ref('int_score_event_facts') }}

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
