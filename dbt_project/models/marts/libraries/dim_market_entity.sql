-- 市场主体库 — one row per market entity (USCC): every source merged; its latest name and name
-- history; who it is (int_entity_identity: division and its name, type, industry, the sources that
-- know it, legal representative); today's score and grade (entity_credit_profile); red/black list flags.
with

as_of as (

    select {{ as_of_date() }} as as_of_date

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
        identity.division_code,
        identity.entity_type_code,
        identity.entity_type,
        identity.registration_authority,
        identity.industry,
        identity.sources_seen,
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
        cast(profile.scored_on as timestamp) as scored_at,
        identity.division_name,
        identity.legal_representative,
        identity.legal_representative_on
    from {{ ref('int_entity_names') }} as names
    inner join {{ ref('int_entity_identity') }} as identity on names.uscc = identity.uscc
    inner join {{ ref('entity_credit_profile') }} as profile on names.uscc = profile.uscc
    left join lists on names.uscc = lists.uscc
    left join penalties on names.uscc = penalties.uscc

)

select * from final
