{{
    config(
        materialized='incremental',
        unique_key=['uscc', 'valid_from'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{{ reopen_score_spans() }}"
    )
}}
-- 主体信用时段表 — entity x run of days: score (0-1000), grade (A/B/C/D) and its components,
-- computed with what the centre knew on each day of [valid_from, valid_to), one row per run of
-- days that score alike (components to 0.1 point): an entity without fading facts holds its
-- score until a fact comes or goes, so a province's 90 scored days are about a third as many runs
-- as entity-days (docs/architecture.md "Scale"); the day-by-day table is the view
-- fct_entity_credit_daily.
--
-- Incremental: a build scores the days of int_score_days (from the first day whose inputs changed).
-- Before it runs, the runs that begin on or after that day are deleted (macro reopen_score_spans);
-- the run that holds the day before goes back in, cut at that day, and joins the build's first run
-- where they score alike (the key is the run's first day, so it replaces the stored run).
-- depends_on: {{ ref('int_score_days') }}
with

score_rows as (

    select * from {{ ref('int_score_spans') }}

),

-- one row per score value: an equality join keeps the grading a streaming step (a range join
-- would sort every row)
cutoffs as (

    select
        grade,
        {{ each_int('min_score', 'max_score + 1') }} as score
    from {{ ref('grade_cutoffs') }}

),

scored as (

    select
        score_rows.uscc,
        score_rows.valid_from,
        score_rows.valid_to,
        cast(least(
            {{ param('score_max') }},
            greatest({{ param('score_min') }}, round({{ param('score_base') }} + score_rows.total_points))
        ) as integer) as score,
        score_rows.grade_cap,
        score_rows.public_credit_points,
        score_rows.market_points,
        score_rows.rating_points,
        score_rows.commitment_points,
        score_rows.association_points,
        score_rows.n_facts
    from score_rows

),

graded as (

    select
        scored.uscc,
        scored.valid_from,
        scored.valid_to,
        scored.score,
        greatest(cutoffs.grade, scored.grade_cap) as grade,
        cutoffs.grade as score_grade,
        case when scored.grade_cap > cutoffs.grade then scored.grade_cap end as grade_ceiling,
        round(scored.public_credit_points, 1) as public_credit_points,
        round(scored.market_points, 1) as market_points,
        round(scored.rating_points, 1) as rating_points,
        round(scored.commitment_points, 1) as commitment_points,
        round(scored.association_points, 1) as association_points,
        cast(scored.n_facts as {{ hugeint_type() }}) as n_facts
    from scored
    inner join cutoffs on scored.score = cutoffs.score

),

{% if is_incremental() -%}
first_scored as (

    select min(score_date) as first_day from {{ ref('int_score_days') }}

),

-- the stored run that holds the day before the build's first day, cut there
reopened as (

    select
        stored.uscc,
        stored.valid_from,
        least(stored.valid_to, first_scored.first_day) as valid_to,
        stored.score,
        stored.grade,
        stored.score_grade,
        stored.grade_ceiling,
        stored.public_credit_points,
        stored.market_points,
        stored.rating_points,
        stored.commitment_points,
        stored.association_points,
        stored.n_facts
    from {{ this }} as stored
    cross join first_scored
    where stored.valid_from < first_scored.first_day
        and stored.valid_to >= first_scored.first_day

),
{%- endif %}

runs_in as (

    select * from graded
    {%- if is_incremental() %}
    union all
    select * from reopened
    {%- endif %}

),

-- each row beside the one before it of the same entity
paired as (

    select
        runs_in.*,
        lag(runs_in.valid_to) over by_entity as previous_valid_to,
        lag(runs_in.score) over by_entity as previous_score,
        lag(runs_in.grade) over by_entity as previous_grade,
        lag(runs_in.score_grade) over by_entity as previous_score_grade,
        lag(runs_in.grade_ceiling) over by_entity as previous_grade_ceiling,
        lag(runs_in.public_credit_points) over by_entity as previous_public_credit_points,
        lag(runs_in.market_points) over by_entity as previous_market_points,
        lag(runs_in.rating_points) over by_entity as previous_rating_points,
        lag(runs_in.commitment_points) over by_entity as previous_commitment_points,
        lag(runs_in.association_points) over by_entity as previous_association_points,
        lag(runs_in.n_facts) over by_entity as previous_n_facts
    from runs_in
    window by_entity as (partition by runs_in.uscc order by runs_in.valid_from)

),

-- a run starts where the day before is not the same entity's, or scores otherwise (every column
-- of the run but its days and build)
marked as (

    select
        paired.uscc,
        paired.valid_from,
        paired.valid_to,
        paired.score,
        paired.grade,
        paired.score_grade,
        paired.grade_ceiling,
        paired.public_credit_points,
        paired.market_points,
        paired.rating_points,
        paired.commitment_points,
        paired.association_points,
        paired.n_facts,
        case
            when
                paired.previous_valid_to = paired.valid_from
                and (paired.previous_score is not distinct from paired.score)
                and (paired.previous_grade is not distinct from paired.grade)
                and (paired.previous_score_grade is not distinct from paired.score_grade)
                and (paired.previous_grade_ceiling is not distinct from paired.grade_ceiling)
                and (paired.previous_public_credit_points is not distinct from paired.public_credit_points)
                and (paired.previous_market_points is not distinct from paired.market_points)
                and (paired.previous_rating_points is not distinct from paired.rating_points)
                and (paired.previous_commitment_points is not distinct from paired.commitment_points)
                and (paired.previous_association_points is not distinct from paired.association_points)
                and (paired.previous_n_facts is not distinct from paired.n_facts)
                then 0
            else 1
        end as starts_run
    from paired

),

numbered as (

    select
        marked.*,
        sum(marked.starts_run) over (
            partition by marked.uscc order by marked.valid_from rows between unbounded preceding and current row
        ) as run_no
    from marked

),

final as (

    select
        numbered.uscc,
        min(numbered.valid_from) as valid_from,
        max(numbered.valid_to) as valid_to,
        any_value(numbered.score) as score,
        any_value(numbered.grade) as grade,
        any_value(numbered.score_grade) as score_grade,
        any_value(numbered.grade_ceiling) as grade_ceiling,
        any_value(numbered.public_credit_points) as public_credit_points,
        any_value(numbered.market_points) as market_points,
        any_value(numbered.rating_points) as rating_points,
        any_value(numbered.commitment_points) as commitment_points,
        any_value(numbered.association_points) as association_points,
        any_value(numbered.n_facts) as n_facts,
        {{ build_id() }} as _build_id
    from numbered
    group by numbered.uscc, numbered.run_no

)

select * from final
