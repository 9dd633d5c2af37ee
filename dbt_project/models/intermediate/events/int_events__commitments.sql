-- 信用承诺事件 — credit commitments as events: kept (positive) or broken (negative, general) once
-- checked, neutral until then; each counts for the commitment horizon from its check (or its
-- making). Incremental: the commitments this build wrote.
with

commitments as (

    select * from {{ ref('stg_commitments__commitments') }}
    where {{ written_for_events() }}

),

final as (

    select
        'commitments' as source,
        'commitments' as source_dataset,
        commitment_id as source_record_id,
        case when usable_uscc is not null then 'entity' else 'unresolved_name' end as subject_type,
        coalesce(usable_uscc, subject_name_key) as subject_key,
        subject_name,
        'commitment' as event_type,
        case check_result when '履约' then 'kept' when '失信' then 'broken' else 'unchecked' end as outcome,
        case check_result when '履约' then 'positive' when '失信' then 'negative' else 'neutral' end as polarity,
        case when check_result = '失信' then 'general' end as severity,
        coalesce(checked_on, committed_on) as occurred_on,
        first_batch_date as known_on,
        first_batch_date as published_on,
        coalesce(checked_on, committed_on) as publish_from,
        cast(null as date) as publish_min_until,
        {{ plus_months('coalesce(checked_on, committed_on)', param_int('commitment_horizon_months')) }}
            as publish_until,
        cast(null as date) as ended_on,
        cast(null as string) as end_reason,
        cast(null as string) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        commitment_type || '：' || check_result as detail,
        department as authority,
        batch_id,
        source_location
    from commitments

)

select * from final
