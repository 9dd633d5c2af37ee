-- 行政许可事件 — every administrative licence as a credit event (positive), in force from its
-- validity start until its end, ended early by a status other than 有效 (revoked, cancelled).
-- Incremental: the licences this build wrote.
with

licenses as (

    select * from {{ ref('stg_gov_licenses__licenses') }}
    where {{ written_for_events() }}

),

final as (

    select
        'gov_licenses' as source,
        'licenses' as source_dataset,
        decision_no as source_record_id,
        case
            when subject_category = '自然人' then 'person'
            when usable_uscc is not null then 'entity'
            else 'unresolved_name'
        end as subject_type,
        case
            when subject_category = '自然人' then id_number_hash
            when usable_uscc is not null then usable_uscc
            else subject_name_key
        end as subject_key,
        subject_name,
        'license' as event_type,
        case when status = '有效' then 'valid' else status end as outcome,
        'positive' as polarity,
        cast(null as string) as severity,
        decided_on as occurred_on,
        first_batch_date as known_on,
        first_batch_date as published_on,
        valid_from as publish_from,
        cast(null as date) as publish_min_until,
        valid_until as publish_until,
        case when status <> '有效' then batch_date end as ended_on,
        case when status <> '有效' then status end as end_reason,
        cast(null as string) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        certificate_name || '：' || coalesce(license_content, '') as detail,
        authority,
        batch_id,
        source_location
    from licenses

)

select * from final
