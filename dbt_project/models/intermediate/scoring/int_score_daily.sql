-- 日评分汇总: per entity and scored day, the score's components and grade cap, from the facts in
-- force that day (int_score_contributions lists them one by one for the day a profile explains; the
-- two agree, tested on entity_credit_profile).
--
-- Each fact is a span [start, stop): in force and known from `start`, gone from `stop` (window end,
-- repair, removal, supersession, brushing), and it adds its measures to a family (a cap group of
-- seed score_event_points, a grade cap, ratings, reviews, complaints, inspections, trade volume,
-- and "known": the entity is in the library). The state of an entity on the first scored day is
-- the sum of the spans in force then (one aggregation, whatever the length of history); every
-- later scored day adds the spans that start and removes those that stop in between (a running
-- sum over the changes only), and each state is expanded to the days it holds. One row per
-- entity and change, one column per family (score_families.sql): the cost follows the facts in
-- force and the day's changes, not facts x days.
-- A fading fact weighs points x (1 - (1 - decay_floor) x (day - from) / (until - from)), a linear
-- function of the day, so a family's points are carried as a + b x day (day: days since
-- 2000-01-01); caps apply to the family's points on the day.
{%- set groups = score_point_groups() %}
{%- set grades = score_capped_grades() %}
{%- set measures = [('rating', ['n', 'x']), ('review', ['n', 'x']), ('complaint', ['n']), ('inspection', ['n', 'x']), ('trades', ['n']), ('known', ['n'])] %}
{%- set columns = [] %}
{%- for g in groups %}{% for m in ['n', 'a', 'b'] %}{% do columns.append((g.family, m, g.column ~ '_' ~ m)) %}{% endfor %}{% endfor %}
{%- for grade in grades %}{% do columns.append(('grade:' ~ grade, 'n', 'grade_' ~ grade | lower ~ '_n')) %}{% endfor %}
{%- for family, ms in measures %}{% for m in ms %}{% do columns.append((family, m, family ~ '_' ~ m)) %}{% endfor %}{% endfor %}
with

bounds as (

    select
        min(score_date) as first_day,
        max(score_date) as last_day,
        min(score_date) - date '2000-01-01' as first_no,
        max(score_date) - date '2000-01-01' as last_no
    from {{ ref('int_score_days') }}

),

-- a fact without its window or the day it became known never counts
-- not materialized: read twice, scanned again rather than held (DEVELOPERS.md)
events as not materialized (

    select
        subject_key,
        event_type,
        outcome,
        publish_from,
        publish_until,
        known_on,
        ended_on,
        end_reason
    from {{ ref('fct_credit_event') }}
    where subject_type = 'entity'
        and publish_from is not null
        and known_on is not null
        and publish_until is not null

),

-- not materialized: read twice, scanned again rather than held (DEVELOPERS.md)
point_facts as not materialized (

    select
        events.subject_key as uscc,
        points.cap_group,
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

    -- each agency's latest valid rating (earlier ones are superseded in fct_credit_event)
    select
        events.subject_key,
        'rating',
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
        event_type,
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

    -- trade volume of linked stalls over the complaint window (the denominator of complaints)
    select
        stalls.uscc,
        'trades',
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
    select uscc, 'known', min(batch_date), date '9999-12-31', 1, 0, 0, 0
    from {{ ref('int_entity_sightings') }}
    group by uscc

),

-- one pass over the spans: each gives the first scored day its measures if it is in force then,
-- and +measures on the later scored day it starts, -measures on the one it stops
edges as (

    select
        spans.uscc,
        spans.family,
        case edge.kind when 'start' then spans.start_on when 'stop' then spans.stop_on else bounds.first_day end as day,
        case edge.kind when 'stop' then -1 else 1 end as sign,
        spans.n,
        spans.x,
        spans.a,
        spans.b
    from spans
    cross join bounds
    cross join (values ('in_force'), ('start'), ('stop')) as edge (kind)
    where case edge.kind
        when 'in_force' then spans.start_on <= bounds.first_day and spans.stop_on > bounds.first_day
        when 'start' then spans.start_on > bounds.first_day and spans.start_on <= bounds.last_day
            and spans.stop_on > spans.start_on
        else spans.stop_on > bounds.first_day and spans.stop_on <= bounds.last_day
            and spans.stop_on > spans.start_on
    end

),

-- the first scored day's state and each later day's change, one column per family
steps as (

    select
        uscc,
        day,
        {%- for family, m, column in columns %}
        sum(sign * {{ m }}) filter (where family = '{{ family }}') as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from edges
    group by uscc, day

),

-- the state from each change on, until the next one
states as (

    select
        uscc,
        day - date '2000-01-01' as from_no,
        coalesce(
            lead(day) over (partition by uscc order by day),
            (select last_day + 1 from bounds)
        ) - date '2000-01-01' as until_no,
        {%- for family, m, column in columns %}
        coalesce(sum({{ column }}) over by_day, 0) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from steps
    window by_day as (partition by uscc order by day rows between unbounded preceding and current row)

),

expanded as (

    select
        states.*,
        unnest(range(states.from_no, states.until_no)) as day_no
    from states
    where states.known_n > 0

),

valued as (

    select
        date '2000-01-01' + cast(day_no as integer) as score_date,
        uscc,
        {%- for g in groups %}
        case
            when {{ g.column }}_n <= 0 then 0
            {%- if g.cap_points is not none and g.cap_points > 0 %}
            else least({{ g.column }}_a + {{ g.column }}_b * day_no, {{ g.cap_points }})
            {%- elif g.cap_points is not none and g.cap_points < 0 %}
            else greatest({{ g.column }}_a + {{ g.column }}_b * day_no, {{ g.cap_points }})
            {%- else %}
            else {{ g.column }}_a + {{ g.column }}_b * day_no
            {%- endif %}
        end as {{ g.column }},
        {%- endfor %}
        {%- for g in groups %}{{ g.column }}_n{{ ' + ' if not loop.last }}{% endfor %}{{ '0' if not groups }} as n_facts,
        coalesce(
            {%- for grade in grades %}
            case when grade_{{ grade | lower }}_n > 0 then '{{ grade }}' end,
            {%- endfor %}
            'A'
        ) as grade_cap,
        case when rating_n > 0 then rating_x / rating_n end as rating_points,
        case
            when review_n > 0 then (
                ({{ param('review_prior_weight') }} * {{ param('review_prior_mean') }} + review_x)
                / ({{ param('review_prior_weight') }} + review_n)
                - {{ param('review_prior_mean') }}
            ) * {{ param('review_points_per_star') }}
            else 0
        end
        - case
            when complaint_n > 0 then least(
                {{ param('complaint_points_cap') }},
                complaint_n / (review_n + trades_n + {{ param('complaint_volume_prior') }})
                * {{ param('complaint_points_per_rate') }}
            )
            else 0
        end
        - case
            when inspection_n > 0 then inspection_x / (inspection_n + {{ param('inspection_prior_samples') }})
                * {{ param('inspection_points_per_fail_rate') }}
            else 0
        end as market_measure_points
    from expanded

),

final as (

    -- components to 1e-6: sums of fading points taken in a different order (a full rebuild starts
    -- its running sums on another day than an incremental build) then round the same way
    select
        score_date,
        uscc,
        round(public_credit_points, 6) as public_credit_points,
        round(market_points, 6) as market_points,
        round(rating_points, 6) as rating_points,
        round(commitment_points, 6) as commitment_points,
        round(public_credit_points, 6) + round(market_points, 6) + round(rating_points, 6)
        + round(commitment_points, 6) as total_points,
        grade_cap,
        n_facts
    from (
        select
            score_date,
            uscc,
            {%- set public = groups | selectattr('event_type', 'in', ['penalty', 'license', 'award', 'list_entry']) | map(attribute='column') | list %}
            {%- set violation = groups | selectattr('event_type', 'equalto', 'violation') | map(attribute='column') | list %}
            {%- set commitment = groups | selectattr('event_type', 'equalto', 'commitment') | map(attribute='column') | list %}
            {{ public | join(' + ') or '0' }} as public_credit_points,
            market_measure_points + {{ violation | join(' + ') or '0' }} as market_points,
            coalesce(rating_points, 0) as rating_points,
            {{ commitment | join(' + ') or '0' }} as commitment_points,
            grade_cap,
            n_facts
        from valued
    ) as components

)

select * from final
