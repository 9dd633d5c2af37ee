-- 会展事件 — complaints upheld at exhibitions as credit events (docs/domain.md §5 "Exhibitions"):
-- against an exhibitor who signed the fair's 诚信参展 commitment the complaint breaks it
-- (exhibition_commitment_broken, general); without one it is an upheld complaint (minor). Each
-- counts for exhibition_complaint_months from the day it was handled, known from the later of that
-- day and the complaint's first batch (an unchanged re-send changes nothing). Complaints pending or not
-- upheld are not events; every complaint stays in marts.exhibition_credit_file.
-- Incremental: the complaints this build wrote (a complaint is re-sent when handled); the exhibitor
-- list of a fair arrives with the fair, before its complaints.
with

upheld as (

    select
        *,
        coalesce(usable_uscc, subject_name_key) as subject_key
    from {{ ref('stg_exhibitions__complaints') }}
    where result = '投诉成立' and {{ written_for_events() }}

),

-- the respondent's booth(s) at that fair, by code or, where the visitor gave only a name, by name
signed as (

    select
        upheld.complaint_id,
        bool_or(exhibitors.commitment_signed) as commitment_signed
    from upheld
    inner join {{ ref('stg_exhibitions__exhibitors') }} as exhibitors
        on upheld.exhibition_id = exhibitors.exhibition_id
        and (upheld.usable_uscc = exhibitors.usable_uscc or upheld.subject_name_key = exhibitors.subject_name_key)
    group by upheld.complaint_id

),

final as (

    select
        'exhibitions' as source,
        'complaints' as source_dataset,
        upheld.complaint_id as source_record_id,
        case when upheld.usable_uscc is not null then 'entity' else 'unresolved_name' end as subject_type,
        upheld.subject_key,
        upheld.subject_name,
        'exhibition' as event_type,
        case when signed.commitment_signed then 'exhibition_commitment_broken' else 'exhibition_complaint_upheld' end
            as outcome,
        'negative' as polarity,
        case when signed.commitment_signed then 'general' else 'minor' end as severity,
        upheld.handled_on as occurred_on,
        greatest(upheld.first_batch_date, upheld.handled_on) as known_on,
        greatest(upheld.first_batch_date, upheld.handled_on) as published_on,
        upheld.handled_on as publish_from,
        cast(null as date) as publish_min_until,
        {{ plus_months('upheld.handled_on', param_int('exhibition_complaint_months')) }} as publish_until,
        cast(null as date) as ended_on,
        cast(null as string) as end_reason,
        cast(null as string) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        '展会投诉成立（' || upheld.category || '）' || case when signed.commitment_signed then '，违反诚信参展承诺' else '' end
        || coalesce('：' || upheld.detail, '') as detail,
        coalesce(fairs.exhibition_name, upheld.exhibition_id) as authority,
        upheld.batch_id,
        upheld.source_location
    from upheld
    left join signed on upheld.complaint_id = signed.complaint_id
    left join {{ ref('stg_exhibitions__exhibitions') }} as fairs on upheld.exhibition_id = fairs.exhibition_id

)

select * from final
