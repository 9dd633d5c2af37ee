-- 评分时段汇总: per entity, the score's components and grade cap over the scored days, as runs of
-- days that share them, summed from the contributions in force (int_score_contributions: every
-- fact as a span of days, the one table the score is computed from; the rules applied are
-- macros/score_rules.sql, which the profile's explanation applies too).
--
-- The state of an entity on the first scored day is the sum of the spans in force then (one
-- aggregation, whatever the length of history); every later scored day adds the spans that start
-- and removes those that stop in between (a running sum over the changes only). A state without
-- fading facts holds its components from one change to the next: one row [valid_from, valid_to).
-- A fading fact's points are a + b x day (day: days since 2000-01-01), so a state with one is
-- valued day by day, one row per day; caps apply to the family's points on the day.
-- fct_entity_credit_spans grades the rows and joins the runs that score alike. The cost follows
-- the facts in force, their changes and the days of fading facts, not entities x days.
-- depends_on: {{ ref('score_event_points') }}
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
        {{ days_between("date '2000-01-01'", 'min(score_date)') }} as first_no,
        {{ days_between("date '2000-01-01'", 'max(score_date)') }} as last_no
    from {{ ref('int_score_days') }}

),

-- every fact in force on a scored day, as a span of days (excluded reviews are listed there for the
-- explanation only)
spans as (

    select uscc, family, start_on, stop_on, n, x, a, b
    from {{ ref('int_score_window_facts') }}
    where family <> 'review_brushed'

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
        {{ days_between("date '2000-01-01'", 'day') }} as from_no,
        {{ days_between("date '2000-01-01'", "coalesce(
            lead(day) over (partition by uscc order by day),
            (select last_day + 1 from bounds)
        )") }} as until_no,
        {%- for family, m, column in columns %}
        coalesce(sum({{ column }}) over by_day, 0) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from steps
    window by_day as (partition by uscc order by day rows between unbounded preceding and current row)

),

-- a state whose fading facts cancel out leaves a running sum of b a rounding error from zero; a
-- real fading fact moves its points by more than 1e-5 a day (its points over its window)
fading as (

    select
        states.*,
        {%- for g in groups %}
        abs({{ g.column }}_b) > 1e-9{{ ' or' if not loop.last }}
        {%- endfor %}{{ 'false' if not groups }} as fades
    from states
    where states.known_n > 0

),

-- a constant state is one row for all its days; a fading one, a row per day
expanded as (

    select
        fading.*,
        fading.from_no as day_no,
        fading.until_no as day_until
    from fading
    where not fading.fades

    union all

    select
        daily.*,
        daily.day_no + 1 as day_until
    from (
        select
            fading.*,
            {{ explode_list(int_range('fading.from_no', 'fading.until_no')) }} as day_no
        from fading
        where fading.fades
    ) as daily

),

valued as (

    select
        date '2000-01-01' + cast(day_no as integer) as valid_from,
        date '2000-01-01' + cast(day_until as integer) as valid_to,
        uscc,
        {%- for g in groups %}
        case
            when {{ g.column }}_n <= 0 then 0
            else {{ capped_points(g.column ~ '_a + ' ~ g.column ~ '_b * day_no', g.cap_points) }}
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
        {{ review_points('review_n', 'review_x') }}
        + {{ complaint_points('complaint_n', 'review_n + trades_n') }}
        + {{ inspection_points('inspection_n', 'inspection_x') }}
        as market_measure_points
    from expanded

),

final as (

    -- components to 1e-6: sums of fading points taken in a different order (a full rebuild starts
    -- its running sums on another day than an incremental build) then round the same way
    select
        valid_from,
        valid_to,
        uscc,
        round(public_credit_points, 6) as public_credit_points,
        round(market_points, 6) as market_points,
        round(rating_points, 6) as rating_points,
        round(commitment_points, 6) as commitment_points,
        round(association_points, 6) as association_points,
        round(public_credit_points, 6) + round(market_points, 6) + round(rating_points, 6)
        + round(commitment_points, 6) + round(association_points, 6) as total_points,
        grade_cap,
        n_facts
    from (
        select
            valid_from,
            valid_to,
            uscc,
            {%- set public = groups | selectattr('component', 'equalto', 'public_credit') | map(attribute='column') | list %}
            {%- set market = groups | selectattr('component', 'equalto', 'market') | map(attribute='column') | list %}
            {%- set commitment = groups | selectattr('component', 'equalto', 'commitment') | map(attribute='column') | list %}
            {%- set association = groups | selectattr('component', 'equalto', 'association') | map(attribute='column') | list %}
            {{ public | join(' + ') or '0' }} as public_credit_points,
            market_measure_points + {{ market | join(' + ') or '0' }} as market_points,
            coalesce(rating_points, 0) as rating_points,
            {{ commitment | join(' + ') or '0' }} as commitment_points,
            {{ association | join(' + ') or '0' }} as association_points,
            grade_cap,
            n_facts
        from valued
    ) as components

)

select * from final
