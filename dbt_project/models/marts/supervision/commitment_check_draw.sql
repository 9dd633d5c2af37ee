-- 信用承诺随机抽查 — period x commitment: for the as-of day's month, commitments drawn at random
-- for a check of what they promised (docs/domain.md §5: commitments are recorded, sampled for
-- checks, and a false or broken one becomes a bad record; int_events__commitments makes it one).
-- Within each commitment type, the first ceil(n x commitment_check_share) by draw key, where
--   a commitment's draw key = md5('<commitment_check_seed>:<period>:<commitment_id>')
-- so anyone holding the published seed (seed credit_parameters) can redo the draw. The population
-- is the commitments the centre had received before the month began and that were not yet checked
-- then, so every build in the month draws the same list, a backfill too; a centre with no such
-- commitment yet (a new deployment, the demo) draws provisionally from what it holds on the as-of
-- day (draw_basis), as the inspection draw does. check_result shows what the check found so far.
with

as_of as (

    select
        {{ as_of_date() }} as as_of_date,
        substr(cast({{ as_of_date() }} as string), 1, 7) as period,
        cast(date_trunc('month', {{ as_of_date() }}) as date) as period_start,
        cast({{ param('commitment_check_seed') }} as bigint) as draw_seed,
        cast({{ param('commitment_check_share') }} as double) as check_share

),

commitments as (

    select * from {{ ref('stg_commitments__commitments') }}
    where usable_uscc is not null

),

candidates as (

    -- received before the month and not checked before it: the period's population
    select
        commitments.*,
        commitments.first_batch_date < as_of.period_start
        and coalesce(commitments.checked_on >= as_of.period_start, true) as before_period,
        commitments.first_batch_date <= as_of.as_of_date
        and coalesce(commitments.checked_on > as_of.as_of_date, true) as by_as_of
    from commitments
    cross join as_of

),

basis as (

    select
        case when count(*) filter (where before_period) > 0 then 'period_eve' else 'provisional_latest_day' end
            as draw_basis
    from candidates

),

population as (

    select
        candidates.commitment_id,
        candidates.usable_uscc as uscc,
        candidates.subject_name,
        candidates.commitment_type,
        candidates.committed_on,
        candidates.department,
        candidates.check_result,
        candidates.checked_on,
        basis.draw_basis,
        md5(as_of.draw_seed || ':' || as_of.period || ':' || candidates.commitment_id) as draw_key
    from candidates
    cross join basis
    cross join as_of
    where
        (basis.draw_basis = 'period_eve' and candidates.before_period)
        or (basis.draw_basis = 'provisional_latest_day' and candidates.by_as_of)

),

ranked as (

    select
        population.*,
        cast(
            row_number() over (partition by population.commitment_type order by population.draw_key) as bigint
        ) as draw_rank,
        count(*) over (partition by population.commitment_type) as type_size
    from population

),

final as (

    select
        as_of.period,
        ranked.commitment_id,
        ranked.uscc,
        ranked.subject_name,
        ranked.commitment_type,
        ranked.committed_on,
        ranked.department,
        ranked.type_size,
        as_of.check_share,
        ranked.draw_rank,
        ranked.draw_key,
        as_of.draw_seed,
        case
            when ranked.draw_basis = 'period_eve' then {{ plus_days('as_of.period_start', '-1') }}
            else as_of.as_of_date
        end as drawn_on,
        ranked.draw_basis,
        ranked.check_result,
        ranked.checked_on
    from ranked
    cross join as_of
    where ranked.draw_rank <= ceil(ranked.type_size * as_of.check_share)

)

select * from final
