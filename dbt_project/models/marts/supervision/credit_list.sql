-- 红黑名单 — one row per list entry, red (诚信典型) or black (严重失信主体), with its reason, entry
-- day, scheduled exit (the publication maximum), actual exit and why (expired, repaired,
-- withdrawn by the source), as of the as-of day. Black entries and other departments' red ones
-- come from int_list_entries (upstream of the score: a black entry grades D); the centre's own
-- red entries (诚信典型) need the score history:
--   red    integrity_model        graded A on every one of red_list_min_a_days consecutive days,
--                                 an award within red_list_award_years, no negative record within
--                                 red_list_clean_years (seed credit_parameters)
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

-- not materialized: read twice, scanned again rather than held (DEVELOPERS.md)
events as not materialized (

    select events.*
    from {{ ref('fct_credit_event') }} as events
    cross join as_of
    where events.subject_type = 'entity'
        and events.known_on <= as_of.as_of_date

),

a_streaks as (

    -- the current run of consecutive A days of each entity graded A on the as-of day: from the day
    -- after its last other grade (an entity has a row every day from the day it became known:
    -- tested on fct_entity_credit_daily), so one aggregation instead of ranking every entity-day
    select
        streaks.uscc,
        streaks.streak_from,
        as_of.as_of_date - streaks.streak_from + 1 as streak_days
    from (
        select
            daily.uscc,
            coalesce(max(daily.score_date) filter (where daily.grade <> 'A') + 1, min(daily.score_date))
                as streak_from
        from {{ ref('fct_entity_credit_daily') }} as daily
        cross join as_of as day_scored
        where daily.score_date <= day_scored.as_of_date
        group by daily.uscc
        having bool_or(daily.score_date = day_scored.as_of_date and daily.grade = 'A')
    ) as streaks
    cross join as_of

),

integrity_models as (

    select
        'red' as list_type,
        'integrity_model' as reason_code,
        a_streaks.uscc as subject_key,
        min(awards.subject_name) as subject_name,
        '诚信典型：连续 ' || any_value(a_streaks.streak_days) || ' 天 A 级，' || max(awards.detail) as reason,
        'credit_centre' as source,
        a_streaks.uscc as source_record_id,
        cast(any_value(a_streaks.streak_from) + cast({{ param('red_list_min_a_days') }} as integer) - 1 as date)
            as entered_on,
        cast(null as date) as repair_allowed_from,
        cast(
            any_value(a_streaks.streak_from) + cast({{ param('red_list_min_a_days') }} as integer) - 1
            + to_months(cast({{ param('red_list_months') }} as integer)) as date
        ) as scheduled_exit_on,
        cast(null as date) as repaired_on,
        cast(null as date) as withdrawn_on,
        cast(null as varchar) as repair_review
    from a_streaks
    cross join as_of
    inner join events as awards
        on a_streaks.uscc = awards.subject_key
        and awards.event_type = 'award'
        and awards.occurred_on > as_of.as_of_date - to_years(cast({{ param('red_list_award_years') }} as integer))
    where a_streaks.streak_days >= {{ param('red_list_min_a_days') }}
        and not exists (
            select 1 from events as bad
            where bad.subject_key = a_streaks.uscc
                and bad.polarity = 'negative'
                and bad.event_type in ('penalty', 'list_entry', 'commitment', 'violation')
                and bad.occurred_on > as_of.as_of_date - to_years(cast({{ param('red_list_clean_years') }} as integer))
        )
    group by a_streaks.uscc

),

unioned as (

    select
        list_type,
        reason_code,
        subject_key,
        subject_name,
        reason,
        source,
        source_record_id,
        entered_on,
        repair_allowed_from,
        scheduled_exit_on,
        repaired_on,
        withdrawn_on,
        repair_review
    from {{ ref('int_list_entries') }}
    where known_on <= (select as_of.as_of_date from as_of)
    union all
    select * from integrity_models

),

final as (

    select
        md5(unioned.list_type || ':' || unioned.reason_code || ':' || unioned.source_record_id) as list_entry_id,
        unioned.list_type,
        'entity' as subject_type,
        unioned.subject_key,
        coalesce(entities.name, unioned.subject_name) as subject_name,
        unioned.reason_code,
        unioned.reason,
        unioned.entered_on,
        unioned.scheduled_exit_on,
        unioned.repair_allowed_from,
        case
            when unioned.repaired_on <= as_of.as_of_date then unioned.repaired_on
            when unioned.withdrawn_on <= as_of.as_of_date then unioned.withdrawn_on
            when unioned.scheduled_exit_on <= as_of.as_of_date then unioned.scheduled_exit_on
        end as exited_on,
        case
            when unioned.repaired_on <= as_of.as_of_date then 'repaired'
            when unioned.withdrawn_on <= as_of.as_of_date then 'withdrawn'
            when unioned.scheduled_exit_on <= as_of.as_of_date then 'expired'
        end as exit_reason,
        coalesce(unioned.repaired_on, unioned.withdrawn_on, unioned.scheduled_exit_on, date '9999-12-31')
        > as_of.as_of_date
        and unioned.entered_on <= as_of.as_of_date as is_active,
        unioned.repair_review,
        unioned.source,
        unioned.source_record_id,
        as_of.as_of_date
    from unioned
    cross join as_of
    left join {{ ref('int_entity_names') }} as entities on unioned.subject_key = entities.uscc

)

select * from final
