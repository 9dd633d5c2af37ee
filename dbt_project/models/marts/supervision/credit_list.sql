-- 红黑名单 — one row per list entry, red (诚信典型) or black (严重失信主体), with its reason, entry
-- day, scheduled exit (the publication maximum), actual exit and why (expired, repaired,
-- withdrawn by the source), as of the as-of day. Black entries and other departments' red ones
-- come from int_list_entries (upstream of the score: a black entry grades D); the centre's own
-- red entries (诚信典型) need the score history:
--   red    integrity_model        graded A on every one of red_list_min_a_days consecutive days,
--                                 an award within red_list_award_years, no negative record within
--                                 red_list_clean_years (seed credit_parameters), on records that
--                                 cover both spans (int_history_rules; else insufficient_history)
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

integrity_models as (

    -- the rule, on records that cover its whole span, is int_history_rules (one place for it)
    select
        'red' as list_type,
        'integrity_model' as reason_code,
        rules.uscc as subject_key,
        cast(null as string) as subject_name,
        '诚信典型：连续 ' || ({{ days_between('rules.streak_from', 'rules.as_of_date') }} + 1) || ' 天 A 级，'
        || rules.award_detail as reason,
        'credit_centre' as source,
        rules.uscc as source_record_id,
        cast(rules.streak_from + cast({{ param('red_list_min_a_days') }} as integer) - 1 as date) as entered_on,
        cast(null as date) as repair_allowed_from,
        {{ plus_months(
            plus_days('rules.streak_from', param_int('red_list_min_a_days') ~ ' - 1'),
            param_int('red_list_months')
        ) }} as scheduled_exit_on,
        cast(null as date) as repaired_on,
        cast(null as date) as withdrawn_on,
        cast(null as string) as repair_review
    from {{ ref('int_history_rules') }} as rules
    where rules.rule = 'red_list' and rules.span_held

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

under_review as (

    select
        record_id,
        count(*) as objections
    from {{ ref('objections') }}
    where record_kind = 'black_list' and status = 'under_review'
    group by record_id

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
        {{ list_entry_active('unioned', 'as_of.as_of_date') }} as is_active,
        unioned.repair_review,
        -- an objection under review on the entry (docs/domain.md §5 "Objections"): flagged, still counts
        coalesce(under_review.objections, 0) > 0 as under_objection,
        unioned.source,
        unioned.source_record_id,
        as_of.as_of_date
    from unioned
    cross join as_of
    left join {{ ref('int_entity_names') }} as entities on unioned.subject_key = entities.uscc
    left join under_review
        on unioned.source = 'gov_lists'
        and unioned.source_record_id = under_review.record_id

)

select * from final
