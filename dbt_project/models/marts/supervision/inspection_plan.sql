-- 双随机抽查计划 — period x entity: for the as-of day's quarter, entities drawn per risk class at the
-- class's quarterly share (seed inspection_shares, docs/domain.md §4) and inspectors drawn from the
-- roster (seed inspectors), both at random from the published seed (credit_parameters
-- inspection_seed), so anyone can redo the draw:
--   an entity's draw key   = md5('<seed>:<period>:<uscc>'); the class's first ceil(n x share) by key
--   an inspector's key     = md5('<seed>:<period>:<uscc>:<inspector_id>'); the first k by key
-- The population is the entities graded on the eve of the period (drawn_on), so every build in
-- the period draws the same plan, a backfill too, and an auditor redoes it from
-- fct_entity_credit_daily on drawn_on (read here from the runs of fct_entity_credit_spans that
-- hold that day). Without scores before the period (a new deployment, the demo) the draw is
-- provisional (draw_basis) on the latest scored day. class_size shows the population each class
-- was drawn from.
with

as_of as (

    select
        {{ as_of_date() }} as as_of_date,
        year({{ as_of_date() }}) || '-Q' || quarter({{ as_of_date() }}) as period,
        cast({{ param('inspection_seed') }} as bigint) as draw_seed,
        cast(date_trunc('quarter', {{ as_of_date() }}) as date) as quarter_from

),

draw_day as (

    -- the grades on the eve of the period; a centre with no scores before the period (a new
    -- deployment) draws provisionally from the latest scored day, and redraws each build until then
    -- (a run's last day is valid_to - 1; least() skips a null, so it is taken per run)
    select
        coalesce(
            max(least(spans.valid_to, as_of.quarter_from)) filter (where spans.valid_from < as_of.quarter_from) - 1,
            max(least(spans.valid_to - 1, as_of.as_of_date)) filter (where spans.valid_from <= as_of.as_of_date)
        ) as draw_on,
        case
            when max(spans.valid_to) filter (where spans.valid_from < as_of.quarter_from) is not null
                then 'period_eve'
            else 'provisional_latest_day'
        end as draw_basis
    from {{ ref('fct_entity_credit_spans') }} as spans
    cross join as_of
    group by as_of.as_of_date, as_of.quarter_from

),

entities as (

    select
        spans.uscc,
        names.name,
        substr(spans.uscc, 3, 6) as division_code,
        spans.grade,
        as_of.period,
        as_of.draw_seed,
        draw_day.draw_on,
        draw_day.draw_basis,
        md5(as_of.draw_seed || ':' || as_of.period || ':' || spans.uscc) as draw_key
    from {{ ref('fct_entity_credit_spans') }} as spans
    inner join draw_day
        on spans.valid_from <= draw_day.draw_on
        and spans.valid_to > draw_day.draw_on
    cross join as_of
    left join {{ ref('dim_market_entity') }} as names on spans.uscc = names.uscc

),

ranked as (

    select
        entities.*,
        shares.risk_class,
        shares.quarterly_share,
        cast(row_number() over (partition by entities.grade order by entities.draw_key) as bigint) as draw_rank,
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
        {{ list_head(
            ordered_list('inspectors.inspector_id', [
                "md5(drawn.draw_seed || ':' || drawn.period || ':' || drawn.uscc || ':' || inspectors.inspector_id)"
            ]),
            param_int('inspection_inspectors_per_entity')
        ) }} as inspector_ids
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
