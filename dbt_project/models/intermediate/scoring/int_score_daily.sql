-- 日评分汇总: per entity and scored day, the score's components and grade cap, computed from the
-- facts in force that day without listing them one by one (int_score_contributions lists them for
-- the day a profile explains; the two agree, tested on entity_credit_profile).
--
-- Why not sum int_score_contributions: a day x fact join costs (days scored) x (facts in force),
-- for a province 90 days x millions of licences, penalties and reviews, hundreds of millions of
-- rows. Here each fact is a span [start, stop): in force and known from `start`, gone from `stop`
-- (window end, repair, removal, supersession, brushing). It adds +1 (and its measures) at its start
-- and -1 at its stop; running sums per entity and key, in day order, give the level from each
-- change on, and a scored day takes the level of the last change on or before it. The cost follows
-- the number of facts and changes, not facts x days.
-- A fading fact weighs points x (1 - (1 - decay_floor) x (day - from) / (until - from)), a linear
-- function of the day, so its level is carried as a + b x day (day: days since 2000-01-01).
-- Same rules and seeds as int_score_contributions (score_event_points, rating_points,
-- credit_parameters); group caps apply to the group's level on the day.
with

days as (

    select
        score_date,
        score_date - date '2000-01-01' as day_no
    from {{ ref('int_score_days') }}

),

-- a fact without its window or the day it became known never counts (as in the day x fact join)
events as (

    select * from {{ ref('int_credit_events') }}
    where subject_type = 'entity'
        and effective_from is not null
        and known_on is not null
        and publish_until is not null

),

point_facts as (

    select
        events.subject_key as uscc,
        points.cap_group,
        points.best_grade,
        greatest(events.effective_from, events.known_on) as start_on,
        least(events.publish_until, coalesce(events.ended_on, events.publish_until)) as stop_on,
        points.points as p,
        case
            when points.decays
                then (1 - {{ param('decay_floor') }})
                / greatest(events.publish_until - events.effective_from, 1)
            else 0
        end as k,
        events.effective_from - date '2000-01-01' as from_no
    from events
    inner join {{ ref('score_event_points') }} as points
        on events.event_type = points.event_type
        and events.outcome = points.outcome

),

spans as (

    -- facts with points: p x (1 - k x (day - from)) = (p + p k from) - p k day
    select
        uscc,
        'points:' || cap_group as span_key,
        start_on,
        stop_on,
        1 as n,
        cast(0 as double) as x,
        p + p * k * from_no as a,
        -p * k as b
    from point_facts

    union all

    -- grade caps: a fact whose best grade is below A holds the entity there while in force
    select uscc, 'grade:' || best_grade, start_on, stop_on, 1, 0, 0, 0
    from point_facts
    where best_grade > 'A'

    union all

    -- the centre's own black entries (serious penalties, counterfeits) grade D while active; other
    -- departments' entries are facts with points above
    select
        subject_key,
        'grade:D',
        greatest(entered_on, known_on),
        coalesce(repaired_on, withdrawn_on, scheduled_exit_on),
        1,
        0,
        0,
        0
    from {{ ref('int_list_entries') }}
    where list_type = 'black' and reason_code <> 'other_department'
        and entered_on is not null
        and known_on is not null
        and coalesce(repaired_on, withdrawn_on, scheduled_exit_on) is not null

    union all

    -- each agency's latest valid rating (earlier ones are superseded in int_credit_events)
    select
        events.subject_key,
        'rating',
        greatest(events.effective_from, events.known_on),
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
        event_type,
        greatest(effective_from, known_on),
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

    -- brushed reviews do not count, but the number excluded is reported while in window
    select subject_key, 'brushing', greatest(effective_from, known_on), publish_until, 1, 0, 0, 0
    from events
    where event_type = 'review' and end_reason = 'brushing'

    union all

    -- trade volume of linked stalls over the complaint window (the denominator of complaints)
    select
        links.linked_uscc,
        'trades',
        greatest(trades.batch_date, trades.trade_date),
        cast(trades.trade_date + cast({{ param('complaint_window_days') }} as integer) as date),
        trades.trades,
        0,
        0,
        0
    from {{ ref('stg_wholesale__trades') }} as trades
    inner join {{ ref('int_entity_name_links') }} as links
        on links.record_type = 'wholesale.merchants'
        and links.record_id = trades.market_id || ':' || trades.stall_no
        and links.link_status = 'matched'
    where trades.trade_date is not null and trades.batch_date is not null

),

deltas as (

    select
        uscc,
        span_key,
        day,
        sum(dn) as dn,
        sum(dx) as dx,
        sum(da) as da,
        sum(db) as db
    from (
        select uscc, span_key, start_on as day, n as dn, x as dx, a as da, b as db
        from spans
        where stop_on > start_on
        union all
        select uscc, span_key, stop_on, -n, -x, -a, -b
        from spans
        where stop_on > start_on
    ) as changes
    group by uscc, span_key, day

),

levels as (

    select
        uscc,
        span_key,
        day as level_from,
        lead(day) over by_day as level_until,
        sum(dn) over by_day as n,
        sum(dx) over by_day as x,
        sum(da) over by_day as a,
        sum(db) over by_day as b
    from deltas
    window by_day as (partition by uscc, span_key order by day rows between unbounded preceding and current row)

),

counted as (

    select
        days.score_date,
        days.day_no,
        levels.uscc,
        levels.span_key,
        levels.n,
        levels.x,
        levels.a,
        levels.b
    from levels
    inner join days
        on days.score_date >= levels.level_from
        and (levels.level_until is null or days.score_date < levels.level_until)
    where levels.n > 0

),

cap_groups as (

    select
        cap_group,
        any_value(event_type) as event_type,
        any_value(cap_points) as cap_points
    from {{ ref('score_event_points') }}
    group by cap_group

),

point_groups as (

    select
        counted.score_date,
        counted.uscc,
        cap_groups.event_type,
        counted.n,
        case
            when cap_groups.cap_points > 0
                then least(counted.a + counted.b * counted.day_no, cap_groups.cap_points)
            when cap_groups.cap_points < 0
                then greatest(counted.a + counted.b * counted.day_no, cap_groups.cap_points)
            else counted.a + counted.b * counted.day_no
        end as points
    from counted
    inner join cap_groups
        on counted.span_key = 'points:' || cap_groups.cap_group

),

per_entity_day as (

    select
        score_date,
        uscc,
        max(n) filter (where span_key = 'rating') as n_ratings,
        max(x) filter (where span_key = 'rating') as rating_sum,
        max(n) filter (where span_key = 'review') as n_reviews,
        max(x) filter (where span_key = 'review') as stars,
        max(n) filter (where span_key = 'complaint') as n_complaints,
        max(n) filter (where span_key = 'trades') as n_trades,
        max(n) filter (where span_key = 'inspection') as n_samples,
        max(x) filter (where span_key = 'inspection') as n_failed,
        max(substr(span_key, 7)) filter (where span_key like 'grade:%') as grade_cap
    from counted
    where span_key not like 'points:%'
    group by score_date, uscc

),

market as (

    select
        score_date,
        uscc,
        rating_sum / n_ratings as rating_points,
        coalesce(
            ({{ param('review_prior_weight') }} * {{ param('review_prior_mean') }} + stars)
            / ({{ param('review_prior_weight') }} + n_reviews)
            - {{ param('review_prior_mean') }},
            0
        ) * {{ param('review_points_per_star') }}
        - case
            -- (least() skips nulls: without complaints it would give the cap)
            when n_complaints > 0 then least(
                {{ param('complaint_points_cap') }},
                n_complaints / (coalesce(n_reviews, 0) + coalesce(n_trades, 0) + {{ param('complaint_volume_prior') }})
                * {{ param('complaint_points_per_rate') }}
            )
            else 0
        end
        - coalesce(
            n_failed / (n_samples + {{ param('inspection_prior_samples') }})
            * {{ param('inspection_points_per_fail_rate') }},
            0
        ) as market_points,
        grade_cap
    from per_entity_day

),

point_sums as (

    select
        score_date,
        uscc,
        sum(points) filter (where event_type in ('penalty', 'license', 'award', 'list_entry')) as public_credit_points,
        sum(points) filter (where event_type = 'violation') as violation_points,
        sum(points) filter (where event_type = 'commitment') as commitment_points,
        sum(n) as n_facts
    from point_groups
    group by score_date, uscc

),

final as (

    select
        coalesce(point_sums.score_date, market.score_date) as score_date,
        coalesce(point_sums.uscc, market.uscc) as uscc,
        coalesce(point_sums.public_credit_points, 0) as public_credit_points,
        coalesce(market.market_points, 0) + coalesce(point_sums.violation_points, 0) as market_points,
        coalesce(market.rating_points, 0) as rating_points,
        coalesce(point_sums.commitment_points, 0) as commitment_points,
        coalesce(point_sums.public_credit_points, 0) + coalesce(market.market_points, 0)
        + coalesce(point_sums.violation_points, 0) + coalesce(market.rating_points, 0)
        + coalesce(point_sums.commitment_points, 0) as total_points,
        coalesce(market.grade_cap, 'A') as grade_cap,
        coalesce(point_sums.n_facts, 0) as n_facts
    from point_sums
    full outer join market
        on point_sums.score_date = market.score_date
        and point_sums.uscc = market.uscc

)

select * from final
