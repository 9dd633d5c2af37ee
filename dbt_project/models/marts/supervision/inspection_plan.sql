-- 双随机抽查计划 — period x entity: for the as-of day's quarter, entities drawn per risk class at the
-- class's quarterly share (seed inspection_shares, docs/domain.md §4) and inspectors drawn from the
-- roster (seed inspectors), both at random from the published seed (credit_parameters
-- inspection_seed), so anyone can redo the draw:
--   an entity's draw key   = md5('<seed>:<period>:<uscc>'); the class's first ceil(n x share) by key
--   an inspector's key     = md5('<seed>:<period>:<uscc>:<inspector_id>'); the first k by key
-- The population is the entities graded on the eve of the period (drawn_on), so every build in
-- the period draws the same plan, a backfill too, and an auditor redoes it from
-- fct_entity_credit_daily on drawn_on. Without scores before the period (a new deployment, the
-- demo) the draw is provisional (draw_basis) on the latest scored day. class_size shows the
-- population each class was drawn from.
with

as_of as (

    select
        {{ as_of_date() }} as as_of_date,
        year({{ as_of_date() }}) || '-Q' || quarter({{ as_of_date() }}) as period,
        cast({{ param('inspection_seed') }} as bigint) as draw_seed

),

draw_day as (

    -- the grades on the eve of the period; a centre with no scores before the period (a new
    -- deployment) draws provisionally from the latest scored day, and redraws each build until then
    select
        coalesce(
            max(daily.score_date) filter (where daily.score_date < date_trunc('quarter', as_of.as_of_date)),
            max(daily.score_date) filter (where daily.score_date <= as_of.as_of_date)
        ) as draw_on,
        case
            when max(daily.score_date) filter (where daily.score_date < date_trunc('quarter', as_of.as_of_date))
                is not null then 'period_eve'
            else 'provisional_latest_day'
        end as draw_basis
    from {{ ref('fct_entity_credit_daily') }} as daily
    cross join as_of
    group by as_of.as_of_date

),

entities as (

    select
        daily.uscc,
        names.name,
        substr(daily.uscc, 3, 6) as division_code,
        daily.grade,
        as_of.period,
        as_of.draw_seed,
        draw_day.draw_on,
        draw_day.draw_basis,
        md5(as_of.draw_seed || ':' || as_of.period || ':' || daily.uscc) as draw_key
    from {{ ref('fct_entity_credit_daily') }} as daily
    inner join draw_day on daily.score_date = draw_day.draw_on
    cross join as_of
    left join {{ ref('dim_market_entity') }} as names on daily.uscc = names.uscc

),

ranked as (

    select
        entities.*,
        shares.risk_class,
        shares.quarterly_share,
        row_number() over (partition by entities.grade order by entities.draw_key) as draw_rank,
        count(*) over (partition by entities.grade) as class_size
    from entities
    inner join {{ ref('inspection_shares') }} as shares on entities.grade = shares.grade

),

drawn as (

    select *
    from ranked
    where draw_rank <= ceil(class_size * quarterly_share)

),

inspectors as (

    select
        drawn.uscc,
        list(inspectors.inspector_id order by md5(
            drawn.draw_seed || ':' || drawn.period || ':' || drawn.uscc || ':' || inspectors.inspector_id
        ))[1:cast({{ param('inspection_inspectors_per_entity') }} as integer)] as inspector_ids
    from drawn
    cross join {{ ref('inspectors') }} as inspectors
    group by drawn.uscc

),

final as (

    select
        drawn.period,
        drawn.uscc,
        drawn.name,
        drawn.division_code,
        drawn.grade,
        drawn.risk_class,
        drawn.class_size,
        drawn.quarterly_share,
        drawn.draw_rank,
        drawn.draw_key,
        drawn.draw_seed,
        inspectors.inspector_ids,
        drawn.draw_on as drawn_on,
        drawn.draw_basis
    from drawn
    cross join as_of
    inner join inspectors on drawn.uscc = inspectors.uscc

)

select * from final
