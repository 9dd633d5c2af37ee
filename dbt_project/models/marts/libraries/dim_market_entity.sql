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

sources as (

    select
        uscc,
        list_sort(list(distinct source)) as sources_seen
    from sightings
    group by uscc

),

industries as (

    select
        uscc,
        category as industry
    from {{ ref('stg_wholesale__merchants') }}
    where usable_uscc is not null and category is not null
    union all
    select
        uscc,
        '家政服务'
    from {{ ref('stg_household__companies') }}
    where usable_uscc is not null
    group by uscc
    union all
    select
        uscc,
        '网络零售'
    from {{ ref('stg_ecommerce__shops') }}
    where usable_uscc is not null
    group by uscc

),

industry as (

    select
        uscc,
        array_to_string(list_sort(list(distinct industry)), '、') as industry
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
        names.uscc,
        names.name,
        names.name_history,
        substr(names.uscc, 3, 6) as division_code,
        substr(names.uscc, 1, 2) as entity_type_code,
        coalesce(types.entity_type, '未知') as entity_type,
        types.authority as registration_authority,
        industry.industry,
        sources.sources_seen,
        names.first_seen_on,
        names.last_seen_on,
        profile.score,
        profile.grade,
        profile.score_grade,
        profile.grade_ceiling,
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
    from {{ ref('int_entity_names') }} as names
    inner join sources on names.uscc = sources.uscc
    inner join {{ ref('entity_credit_profile') }} as profile on names.uscc = profile.uscc
    left join industry on names.uscc = industry.uscc
    left join lists on names.uscc = lists.uscc
    left join penalties on names.uscc = penalties.uscc
    left join {{ ref('uscc_entity_types') }} as types
        on substr(names.uscc, 1, 2) = types.type_code

)

select * from final
