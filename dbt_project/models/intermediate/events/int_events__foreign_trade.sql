-- 外贸信用事件 — the foreign-trade departments' assessments as credit events (docs/domain.md §5
-- "Foreign trade"): a customs class, tax grade or foreign-exchange class holds from its assessment
-- until it expires or a newer assessment of the same kind replaces it (end_reason replaced, from
-- the day the centre held the newer one);
-- outbound-investment bad conduct and a late or missing foreign-investment report count for their
-- window. Points and caps: seed score_event_points (event type foreign_trade).
-- Incremental: the assessments of every entity that has one written in this build (a newer one
-- ends the one before).
with

assessments as (

    select * from {{ ref('stg_foreign_trade__trade_credit') }}

),

touched as (

    select distinct coalesce(usable_uscc, subject_name_key) as subject_key
    from assessments
    where {{ written_for_events() }}

),

ordered as (

    select
        assessments.*,
        coalesce(assessments.usable_uscc, assessments.subject_name_key) as subject_key,
        -- the day the next assessment of the kind is both made and held by the centre: a day is
        -- scored with what the centre knew on it (docs/domain.md §3.4), so a rebuild ends the old
        -- one on the same day as the daily build that first saw the new one
        lead(greatest(assessments.assessed_on, assessments.first_batch_date)) over (
            partition by coalesce(assessments.usable_uscc, assessments.subject_name_key), assessments.kind
            order by assessments.assessed_on, assessments.record_id
        ) as replaced_on
    from assessments
    where coalesce(assessments.usable_uscc, assessments.subject_name_key) in (select touched.subject_key from touched)

),

final as (

    select
        'foreign_trade' as source,
        'trade_credit' as source_dataset,
        record_id as source_record_id,
        case when usable_uscc is not null then 'entity' else 'unresolved_name' end as subject_type,
        subject_key,
        subject_name,
        'foreign_trade' as event_type,
        outcome,
        polarity,
        severity,
        assessed_on as occurred_on,
        first_batch_date as known_on,
        first_batch_date as published_on,
        assessed_on as publish_from,
        cast(null as date) as publish_min_until,
        coalesce(valid_until, {{ plus_years('assessed_on', '1') }}) as publish_until,
        case when replaced_on < coalesce(valid_until, date '9999-12-31') then replaced_on end as ended_on,
        case when replaced_on < coalesce(valid_until, date '9999-12-31') then 'replaced' end as end_reason,
        cast(null as string) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        kind || '：' || result as detail,
        department as authority,
        batch_id,
        source_location
    from ordered

)

select * from final
