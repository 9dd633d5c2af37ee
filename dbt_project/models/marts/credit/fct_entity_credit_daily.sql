{{
    config(
        materialized='incremental',
        unique_key=['uscc', 'score_date'],
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
-- 主体信用日表 — entity x day: score (0-1000), grade (A/B/C/D) and its components, computed with
-- what the centre knew on that day, for every entity the library knew by then. Incremental: a
-- build scores only the days in int_score_days (from the first day whose inputs changed) and
-- replaces exactly those entity-days; a day's cost follows the facts in force that day, not the
-- length of history (int_score_daily).
with

components as (

    select * from {{ ref('int_score_daily') }}

),

-- one row per score value: an equality join keeps the grading a streaming step (a range join
-- would sort every entity-day)
cutoffs as (

    select
        grade,
        cast(unnest(range(min_score, max_score + 1)) as integer) as score
    from {{ ref('grade_cutoffs') }}

),

scored as (

    select
        score_date,
        uscc,
        public_credit_points,
        market_points,
        rating_points,
        commitment_points,
        association_points,
        cast(least(
            {{ param('score_max') }},
            greatest({{ param('score_min') }}, round({{ param('score_base') }} + total_points))
        ) as integer) as score,
        grade_cap,
        n_facts
    from components

),

final as (

    select
        scored.uscc,
        scored.score_date,
        scored.score,
        greatest(cutoffs.grade, scored.grade_cap) as grade,
        cutoffs.grade as score_grade,
        case when scored.grade_cap > cutoffs.grade then scored.grade_cap end as grade_ceiling,
        round(scored.public_credit_points, 1) as public_credit_points,
        round(scored.market_points, 1) as market_points,
        round(scored.rating_points, 1) as rating_points,
        round(scored.commitment_points, 1) as commitment_points,
        round(scored.association_points, 1) as association_points,
        scored.n_facts,
        {{ build_id() }} as _build_id
    from scored
    inner join cutoffs on scored.score = cutoffs.score

)

select * from final
