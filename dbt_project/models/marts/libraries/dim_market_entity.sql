-- 市场主体库 — one row per market entity (USCC): every source merged; its latest name and name
-- history; division (USCC positions 3-8) and type (positions 1-2); industry; the sources that know
-- it; today's score and grade (entity_credit_profile); red/black list flags.
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

sightings as (

    select * from {{ ref('int_entity_sightings') }}

),

names as (

    select
        uscc,
        name,
        min(batch_date) as first_seen_on,
        max(batch_date) as last_seen_on
    from sightings
    where name is not null
    group by uscc, name

),

per_entity as (

    select
        uscc,
        -- the latest name; on a tie, the first in sort order (a rebuild must give the same answer)
        first(name order by last_seen_on desc, first_seen_on desc, name) as name,
        list({'name': name, 'first_seen_on': first_seen_on, 'last_seen_on': last_seen_on} order by first_seen_on, name)
            as name_history,
        min(first_seen_on) as first_seen_on,
        max(last_seen_on) as last_seen_on
    from names
    group by uscc

),

sources as (

    select
        uscc,
        list(distinct source order by source) as sources_seen
    from sightings
    group by uscc

),

industries as (

    select uscc, category as industry
    from {{ ref('stg_wholesale__merchants') }}
    where uscc_status in ('valid', 'orgcode_mismatch') and category is not null
    union all
    select uscc, '家政服务'
    from {{ ref('stg_household__companies') }}
    where uscc_status in ('valid', 'orgcode_mismatch')
    group by uscc
    union all
    select uscc, '网络零售'
    from {{ ref('stg_ecommerce__shops') }}
    where uscc_status in ('valid', 'orgcode_mismatch')
    group by uscc

),

industry as (

    select uscc, string_agg(distinct industry, '、' order by industry) as industry
    from industries
    group by uscc

),

lists as (

    select
        subject_key as uscc,
        bool_or(list_type = 'red') as on_red_list,
        bool_or(list_type = 'black') as on_black_list
    from {{ ref('credit_list') }}
    where is_active
    group by subject_key

),

penalties as (

    select
        events.subject_key as uscc,
        count(*) as active_penalties,
        count(*) filter (where events.severity = 'serious') as active_serious_penalties
    from {{ ref('fct_credit_event') }} as events
    cross join as_of
    where events.event_type = 'penalty'
        and events.subject_type = 'entity'
        and events.known_on <= as_of.as_of_date
        and as_of.as_of_date >= events.publish_from
        and as_of.as_of_date < events.publish_until
        and (events.ended_on is null or as_of.as_of_date < events.ended_on)
    group by events.subject_key

),

final as (

    select
        per_entity.uscc,
        per_entity.name,
        per_entity.name_history,
        substr(per_entity.uscc, 3, 6) as division_code,
        substr(per_entity.uscc, 1, 2) as entity_type_code,
        coalesce(types.entity_type, '未知') as entity_type,
        types.authority as registration_authority,
        industry.industry,
        sources.sources_seen,
        per_entity.first_seen_on,
        per_entity.last_seen_on,
        profile.score,
        profile.grade,
        profile.score_grade,
        profile.capped_at,
        coalesce(lists.on_red_list, false) as on_red_list,
        coalesce(lists.on_black_list, false) as on_black_list,
        case
            when lists.on_black_list then 'black_list'
            when lists.on_red_list then 'red_list'
            else 'normal'
        end as list_status,
        coalesce(penalties.active_penalties, 0) as active_penalties,
        coalesce(penalties.active_serious_penalties, 0) as active_serious_penalties,
        profile.scored_on,
        cast(profile.scored_on as timestamp) as scored_at
    from per_entity
    inner join sources on per_entity.uscc = sources.uscc
    inner join {{ ref('entity_credit_profile') }} as profile on per_entity.uscc = profile.uscc
    left join industry on per_entity.uscc = industry.uscc
    left join lists on per_entity.uscc = lists.uscc
    left join penalties on per_entity.uscc = penalties.uscc
    left join {{ ref('uscc_entity_types') }} as types
        on substr(per_entity.uscc, 1, 2) = types.type_code

)

select * from final
