-- 绿色通道（容缺受理） — one row per eligible entity: no bad credit record within
-- green_channel_years (seed credit_parameters; docs/domain.md §5) and on no active black list, on
-- records that reach back over those whole years. A bad record is a negative fact of a kind in the
-- seed bad_record_kinds, whether or not its publication has ended or it was repaired — repair ends
-- publication, not the history. An entity clean on records that begin later is not here: it is in
-- supervision.insufficient_history, which says from which day the records begin.
with

rules as (

    select * from {{ ref('int_history_rules') }}
    where rule = 'green_channel' and span_held

),

entities as (

    select * from {{ ref('dim_market_entity') }}

),

final as (

    select
        entities.uscc,
        entities.name,
        entities.division_code,
        entities.entity_type,
        entities.grade,
        entities.score,
        entities.first_seen_on,
        rules.as_of_date as eligible_on,
        cast(rules.needed_from - 1 as date) as clean_since,
        rules.records_begin_on,
        '近' || cast({{ param('green_channel_years') }} as integer) || '年无失信记录，未列入黑名单' as basis
    from rules
    inner join entities on rules.uscc = entities.uscc

)

select * from final
