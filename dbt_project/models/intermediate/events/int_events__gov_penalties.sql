-- 行政处罚事件 — every administrative penalty as a credit event: its subject (an entity by USCC, a
-- person by keyed hash, or an unresolved name), its severity and publication window by the rules
-- in force on its decision day (int_penalties_classified), and its end when repaired or removed by
-- an objection decision (int_objection_removals; docs/domain.md §5 "Objections"), whichever is first.
-- Incremental: the penalties this build wrote, those whose repair was applied, changed or
-- withdrawn since their event was written, and those an objection of this build concerns.
{%- set incremental = events_incremental() %}
-- depends_on: {{ ref('stg_gov_penalties__penalties') }}
with

repairs as (

    select
        decision_no,
        min(effective_on) as repaired_on
    from {{ ref('int_penalty_repairs') }}
    where review_status = 'applied'
    group by decision_no

),

removals as (

    select
        record_id as decision_no,
        removed_on,
        written_this_build
    from {{ ref('int_objection_removals') }}
    where record_kind = 'penalty'

),

{% if incremental -%}
kept as (

    select
        source_record_id,
        ended_on,
        end_reason
    from {{ published_events() }}
    where event_type = 'penalty'

),

-- a repair applied, changed or withdrawn since the event was written
repair_changed as (

    select coalesce(repairs.decision_no, kept.source_record_id) as decision_no
    from repairs
    full outer join kept
        on repairs.decision_no = kept.source_record_id
    where repairs.repaired_on is distinct from (case when kept.end_reason = 'repaired' then kept.ended_on end)
        and (repairs.decision_no is not null or kept.end_reason = 'repaired')

),
{%- endif %}

penalties as (

    select
        classified.*,
        repairs.repaired_on,
        removals.removed_on
    from {{ ref('int_penalties_classified') }} as classified
    left join repairs on classified.decision_no = repairs.decision_no
    left join removals on classified.decision_no = removals.decision_no
    {%- if incremental %}
    where classified._build_id = {{ build_id() }}
        or classified.decision_no in (select repair_changed.decision_no from repair_changed)
        or removals.written_this_build
    {%- endif %}

),

final as (

    select
        'gov_penalties' as source,
        'penalties' as source_dataset,
        decision_no as source_record_id,
        case
            when subject_type = 'person' then 'person'
            when usable_uscc is not null then 'entity'
            else 'unresolved_name'
        end as subject_type,
        case
            when subject_type = 'person' then subject_key
            when usable_uscc is not null then usable_uscc
            else subject_name_key
        end as subject_key,
        subject_name,
        'penalty' as event_type,
        severity as outcome,
        'negative' as polarity,
        severity,
        decided_on as occurred_on,
        first_published_on as known_on,
        first_published_on as published_on,
        publish_from,
        publish_min_until,
        publish_until,
        least(repaired_on, removed_on) as ended_on,
        case
            when removed_on < repaired_on or (repaired_on is null and removed_on is not null) then 'removed'
            when repaired_on is not null then 'repaired'
        end as end_reason,
        rule_version,
        amount_wan,
        penalty_types || '：' || coalesce(violation_type, '') as detail,
        authority,
        batch_id,
        source_file || ':' || source_line as source_location
    from penalties

)

select * from final
