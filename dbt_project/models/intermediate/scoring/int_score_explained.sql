-- 评分说明 — the contributions to each entity's score on the as-of day, one line per fact with
-- points, cap, rating, reviews, complaints, inspections and grade hold: int_score_contributions in
-- force that day (int_score_in_force), with the rules of macros/score_rules.sql (the ones the daily
-- score applies), so base + lines, clamped, is the score (entity_credit_profile tests it).
-- entity_credit_profile lists them.
with

-- a stored table, scanned once per kind of line below rather than held (DEVELOPERS.md)
in_force as {{ not_materialized() }}(

    select * from {{ ref('int_score_in_force') }}

),

facts as (

    select
        score_date,
        uscc,
        'event' as contribution_kind,
        event_id,
        event_type,
        detail,
        family,
        a + b * day_no as points
    from in_force
    where family like 'points:%'

),

caps as (

    select
        grouped.score_date,
        grouped.uscc,
        'cap' as contribution_kind,
        cast(null as string) as event_id,
        grouped.event_type,
        '封顶：' || grouped.cap_group || ' 合计 ' || round(grouped.group_points) || ' 计为 ' || grouped.cap_points
            as detail,
        {{ capped_points('grouped.group_points', 'grouped.cap_points') }} - grouped.group_points as points
    from (
        select
            facts.score_date,
            facts.uscc,
            facts.family,
            substr(facts.family, length('points:') + 1) as cap_group,
            any_value(facts.event_type) as event_type,
            any_value(points.cap_points) as cap_points,
            sum(facts.points) as group_points
        from facts
        inner join (
            select
                cap_group,
                any_value(cap_points) as cap_points
            from {{ ref('score_event_points') }}
            group by cap_group
        ) as points
            on facts.family = 'points:' || points.cap_group
        group by facts.score_date, facts.uscc, facts.family
    ) as grouped
    where grouped.cap_points is not null

),

ratings as (

    select
        score_date,
        uscc,
        'rating' as contribution_kind,
        event_id,
        'rating' as event_type,
        detail,
        x / count(*) over (partition by uscc) as points
    from in_force
    where family = 'rating'

),

market as (

    select
        score_date,
        uscc,
        sum(n) filter (where family = 'review') as n_reviews,
        sum(x) filter (where family = 'review') as stars,
        sum(n) filter (where family = 'review_brushed') as n_excluded,
        sum(n) filter (where family = 'complaint') as n_complaints,
        sum(n) filter (where family = 'trades') as n_trades,
        sum(n) filter (where family = 'inspection') as n_samples,
        sum(x) filter (where family = 'inspection') as n_failed
    from in_force
    where family in ('review', 'review_brushed', 'complaint', 'trades', 'inspection')
    group by score_date, uscc

),

market_lines as (

    select
        score_date,
        uscc,
        'reviews' as contribution_kind,
        cast(null as string) as event_id,
        'review' as event_type,
        n_reviews || ' 条评价，平滑评分 ' || round({{ smoothed_rating('n_reviews', 'stars') }}, 2)
        || case when n_excluded > 0 then '（剔除刷单 ' || n_excluded || ' 条）' else '' end as detail,
        {{ review_points('n_reviews', 'stars') }} as points
    from market
    where n_reviews > 0

    union all

    select
        score_date,
        uscc,
        'complaints',
        null,
        'complaint',
        n_complaints || ' 件投诉/纠纷，交易量 ' || (coalesce(n_reviews, 0) + coalesce(n_trades, 0)),
        {{ complaint_points('n_complaints', 'coalesce(n_reviews, 0) + coalesce(n_trades, 0)') }}
    from market
    where n_complaints > 0

    union all

    select
        score_date,
        uscc,
        'inspections',
        null,
        'inspection',
        n_samples || ' 批次抽检，不合格 ' || n_failed,
        {{ inspection_points('n_samples', 'n_failed') }}
    from market
    where n_samples > 0 and n_failed > 0

),

-- what holds an entity at a grade (no points of their own: the fact's points are its own line)
grade_holds as (

    select
        score_date,
        uscc,
        case when event_id is null then 'black_list' else 'grade_cap' end as contribution_kind,
        event_id,
        event_type,
        detail,
        cast(0 as double) as points,
        substr(family, length('grade:') + 1) as best_grade
    from in_force
    where family like 'grade:%'

),

final as (

    select
        score_date,
        uscc,
        contribution_kind,
        event_id,
        event_type,
        detail,
        points,
        cast(null as string) as best_grade
    from facts
    union all
    select
        score_date,
        uscc,
        contribution_kind,
        event_id,
        event_type,
        detail,
        points,
        null
    from caps
    union all
    select
        score_date,
        uscc,
        contribution_kind,
        event_id,
        event_type,
        detail,
        points,
        null
    from ratings
    union all
    select
        score_date,
        uscc,
        contribution_kind,
        event_id,
        event_type,
        detail,
        points,
        null
    from market_lines
    union all
    select
        score_date,
        uscc,
        contribution_kind,
        event_id,
        event_type,
        detail,
        points,
        best_grade
    from grade_holds

)

select * from final
