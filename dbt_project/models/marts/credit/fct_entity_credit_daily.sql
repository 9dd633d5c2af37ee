{{
    config(
        materialized='incremental',
        unique_key=['uscc', 'score_date'],
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
-- 主体信用日表 — entity x day: score (0-1000), grade (A/B/C/D) and its components, computed with
-- what the centre knew on that day. Incremental: a build scores only the days in int_score_days
-- (from the first day whose inputs changed) and replaces exactly those entity-days; a day's cost
-- follows the facts in force that day, not the length of history.
with

days as (

    select * from {{ ref('int_score_days') }}

),

entities as (

    select
        uscc,
        min(batch_date) as first_known_on
    from {{ ref('int_entity_sightings') }}
    group by uscc

),

components as (

    -- the day's components, from the facts in force that day (int_score_daily)
    select * from {{ ref('int_score_daily') }}

),

entity_days as (

    select
        days.score_date,
        entities.uscc
    from days
    inner join entities on entities.first_known_on <= days.score_date

),

scored as (

    select
        entity_days.score_date,
        entity_days.uscc,
        coalesce(components.public_credit_points, 0) as public_credit_points,
        coalesce(components.market_points, 0) as market_points,
        coalesce(components.rating_points, 0) as rating_points,
        coalesce(components.commitment_points, 0) as commitment_points,
        cast(least({{ param('score_max') }}, greatest({{ param('score_min') }},
            round({{ param('score_base') }} + coalesce(components.total_points, 0)))) as integer) as score,
        coalesce(components.grade_cap, 'A') as grade_cap,
        coalesce(components.n_facts, 0) as n_facts
    from entity_days
    left join components
        on entity_days.score_date = components.score_date
        and entity_days.uscc = components.uscc

),

final as (

    select
        scored.uscc,
        scored.score_date,
        scored.score,
        greatest(cutoffs.grade, scored.grade_cap) as grade,
        cutoffs.grade as score_grade,
        case when scored.grade_cap > cutoffs.grade then scored.grade_cap end as capped_at,
        round(scored.public_credit_points, 1) as public_credit_points,
        round(scored.market_points, 1) as market_points,
        round(scored.rating_points, 1) as rating_points,
        round(scored.commitment_points, 1) as commitment_points,
        scored.n_facts,
        {{ build_id() }} as _build_id
    from scored
    inner join {{ ref('grade_cutoffs') }} as cutoffs
        on scored.score between cutoffs.min_score and cutoffs.max_score

)

select * from final
