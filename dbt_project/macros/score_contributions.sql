{#- The contributions to each entity's score on the days `days_sql` selects (one column,
    score_date): the body of int_score_contributions (every scored day) and int_score_explained
    (the as-of day, which entity_credit_profile lists). One definition, two day sets: a filter on
    a view does not reach inside its CTEs (DuckDB materialises a CTE read twice), so the profile's
    day is given to the query itself. -#}
{% macro score_contributions(days_sql) -%}
with

days as (

    {{ days_sql }}

),

-- not materialized: read twice, scanned again rather than held (DEVELOPERS.md)
events as not materialized (

    select * from {{ ref('fct_credit_event') }}
    where subject_type = 'entity'

),

points as (

    select * from {{ ref('score_event_points') }}

),

-- facts that count on a day: inside their window, known by then, not ended
-- not materialized: read twice, scanned again rather than held (DEVELOPERS.md)
active as not materialized (

    select
        days.score_date,
        events.subject_key as uscc,
        events.event_id,
        events.event_type,
        events.outcome,
        events.detail,
        events.publish_from,
        events.publish_until,
        events.occurred_on
    from days
    inner join events
        on events.known_on <= days.score_date
        and days.score_date >= events.publish_from
        and days.score_date < events.publish_until
        and (events.ended_on is null or days.score_date < events.ended_on)

),

event_points as (

    select
        active.score_date,
        active.uscc,
        active.event_id,
        active.event_type,
        active.detail,
        points.cap_group,
        points.cap_points,
        points.best_grade,
        points.points * case
            when points.decays then
                1 - (1 - {{ param('decay_floor') }})
                * (active.score_date - active.publish_from)
                / greatest(active.publish_until - active.publish_from, 1)
            else 1
        end as points
    from active
    inner join points
        on active.event_type = points.event_type
        and active.outcome = points.outcome

),

capped_groups as (

    select
        score_date,
        uscc,
        cap_group,
        any_value(event_type) as event_type,
        any_value(cap_points) as cap_points,
        sum(points) as group_points
    from event_points
    where cap_points is not null
    group by score_date, uscc, cap_group
    having (any_value(cap_points) > 0 and sum(points) > any_value(cap_points))
        or (any_value(cap_points) < 0 and sum(points) < any_value(cap_points))

),

black_listed as (

    -- the centre's own black entries (serious penalties, counterfeits) carry no points of their
    -- own (their facts already do) but grade D while active; other departments' entries are
    -- facts with points (seed score_event_points)
    select
        days.score_date,
        entries.subject_key as uscc,
        entries.reason
    from days
    inner join {{ ref('int_list_entries') }} as entries
        on entries.list_type = 'black'
        and entries.reason_code <> 'other_department'
        and entries.known_on <= days.score_date
        and days.score_date >= entries.entered_on
        and days.score_date < coalesce(entries.repaired_on, entries.withdrawn_on, entries.scheduled_exit_on)

),

ratings as (

    select
        active.score_date,
        active.uscc,
        active.event_id,
        active.detail,
        rating_points.points / count(*) over (partition by active.score_date, active.uscc) as points
    from active
    inner join {{ ref('rating_points') }} as rating_points
        on active.outcome = rating_points.rating
    where active.event_type = 'rating'

),

reviews as (

    select
        active.score_date,
        active.uscc,
        count(*) as n_reviews,
        sum(cast(active.outcome as integer)) as stars
    from active
    where active.event_type = 'review'
    group by active.score_date, active.uscc

),

brushing as (

    select
        days.score_date,
        events.subject_key as uscc,
        count(*) as n_excluded
    from days
    inner join events
        on events.event_type = 'review'
        and events.end_reason = 'brushing'
        and events.known_on <= days.score_date
        and days.score_date >= events.publish_from
        and days.score_date < events.publish_until
    group by days.score_date, events.subject_key

),

review_points as (

    select
        reviews.score_date,
        reviews.uscc,
        reviews.n_reviews,
        ({{ param('review_prior_weight') }} * {{ param('review_prior_mean') }} + reviews.stars)
        / ({{ param('review_prior_weight') }} + reviews.n_reviews) as smoothed_rating,
        coalesce(brushing.n_excluded, 0) as n_excluded
    from reviews
    left join brushing
        on reviews.score_date = brushing.score_date
        and reviews.uscc = brushing.uscc

),

trades as (

    select
        days.score_date,
        links.linked_uscc as uscc,
        sum(trades.trades) as n_trades
    from days
    inner join {{ ref('stg_wholesale__trades') }} as trades
        on trades.batch_date <= days.score_date
        and trades.trade_date > days.score_date - cast({{ param('complaint_window_days') }} as integer)
        and trades.trade_date <= days.score_date
    inner join {{ ref('int_entity_name_links') }} as links
        on links.record_type = 'wholesale.merchants'
        and links.record_id = trades.market_id || ':' || trades.stall_no
        and links.link_status = 'matched'
    group by days.score_date, links.linked_uscc

),

complaints as (

    select
        active.score_date,
        active.uscc,
        count(*) as n_complaints
    from active
    where active.event_type = 'complaint'
    group by active.score_date, active.uscc

),

complaint_points as (

    select
        complaints.score_date,
        complaints.uscc,
        complaints.n_complaints,
        coalesce(reviews.n_reviews, 0) + coalesce(trades.n_trades, 0) as volume,
        complaints.n_complaints
        / (coalesce(reviews.n_reviews, 0) + coalesce(trades.n_trades, 0) + {{ param('complaint_volume_prior') }})
            as complaint_rate
    from complaints
    left join reviews
        on complaints.score_date = reviews.score_date
        and complaints.uscc = reviews.uscc
    left join trades
        on complaints.score_date = trades.score_date
        and complaints.uscc = trades.uscc

),

inspections as (

    select
        active.score_date,
        active.uscc,
        count(*) as n_samples,
        count(*) filter (where active.outcome = 'fail') as n_failed
    from active
    where active.event_type = 'inspection'
    group by active.score_date, active.uscc

),

final as (

    select
        score_date,
        uscc,
        'event' as contribution_kind,
        event_id,
        event_type,
        detail,
        points,
        best_grade
    from event_points

    union all

    select
        score_date,
        uscc,
        'cap',
        null,
        event_type,
        '封顶：' || cap_group || ' 合计 ' || round(group_points) || ' 计为 ' || cap_points,
        cap_points - group_points,
        null
    from capped_groups

    union all

    select score_date, uscc, 'rating', event_id, 'rating', detail, points, null
    from ratings

    union all

    select score_date, uscc, 'black_list', null, 'list_entry', '黑名单：' || reason, 0, 'D'
    from black_listed

    union all

    select
        score_date,
        uscc,
        'reviews',
        null,
        'review',
        n_reviews || ' 条评价，平滑评分 ' || round(smoothed_rating, 2)
        || case when n_excluded > 0 then '（剔除刷单 ' || n_excluded || ' 条）' else '' end,
        (smoothed_rating - {{ param('review_prior_mean') }}) * {{ param('review_points_per_star') }},
        null
    from review_points

    union all

    select
        score_date,
        uscc,
        'complaints',
        null,
        'complaint',
        n_complaints || ' 件投诉/纠纷，交易量 ' || volume,
        -least({{ param('complaint_points_cap') }}, complaint_rate * {{ param('complaint_points_per_rate') }}),
        null
    from complaint_points

    union all

    select
        score_date,
        uscc,
        'inspections',
        null,
        'inspection',
        n_samples || ' 批次抽检，不合格 ' || n_failed,
        -(n_failed / (n_samples + {{ param('inspection_prior_samples') }}))
        * {{ param('inspection_points_per_fail_rate') }},
        null
    from inspections
    where n_failed > 0

)

select * from final
{%- endmacro %}
