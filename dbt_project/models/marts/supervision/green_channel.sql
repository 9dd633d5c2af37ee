-- 绿色通道（容缺受理） — one row per eligible entity: no bad credit record within
-- green_channel_years (seed credit_parameters; docs/domain.md §5) and on no active black list. A bad
-- record is a negative fact of the kinds that are credit records (penalty, black-list entry,
-- broken commitment, platform violation), whether or not its publication has ended or it was
-- repaired — repair ends publication, not the history.
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

entities as (

    select * from {{ ref('dim_market_entity') }}

),

bad_records as (

    select
        events.subject_key as uscc,
        max(events.occurred_on) as last_bad_record_on
    from {{ ref('fct_credit_event') }} as events
    cross join as_of
    where events.subject_type = 'entity'
        and events.polarity = 'negative'
        and events.event_type in ('penalty', 'list_entry', 'commitment', 'violation')
        and events.known_on <= as_of.as_of_date
        and events.occurred_on > as_of.as_of_date - to_years(cast({{ param('green_channel_years') }} as integer))
    group by events.subject_key

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
        as_of.as_of_date as eligible_on,
        cast(as_of.as_of_date - to_years(cast({{ param('green_channel_years') }} as integer)) as date)
            as clean_since,
        '近' || cast({{ param('green_channel_years') }} as integer) || '年无失信记录，未列入黑名单' as basis
    from entities
    cross join as_of
    left join bad_records on entities.uscc = bad_records.uscc
    where bad_records.uscc is null
        and not entities.on_black_list

)

select * from final
