-- 商协会事件 — the industry associations' member records as credit events (docs/domain.md §5
-- "Industry associations"): market credit information, scored in its own component (seed
-- score_event_points, component association) and named as the association's in the explanation.
-- Membership (neutral) holds until the member leaves or is expelled (end_reason membership_ended);
-- an honour or a sanction counts for its window; an expulsion is a bad record. Leaving is not an
-- event of its own: it ends the membership.
-- Incremental: the records of every member with one written in this build (a leaving ends the
-- membership before it).
with

records as (

    select
        *,
        coalesce(usable_uscc, subject_name_key) as subject_key
    from {{ ref('stg_associations__member_records') }}

),

touched as (

    select distinct subject_key
    from records
    where {{ written_for_events() }}

),

mine as (

    select records.*
    from records
    where records.subject_key in (select touched.subject_key from touched)

),

-- the first leaving or expulsion after each joining, in the same association, as the centre knew it
ended as (

    select
        joined.record_id,
        -- from the day the centre held the leaving or expulsion (docs/domain.md §3.4)
        min(greatest(later.recorded_on, later.first_batch_date)) as ended_on
    from mine as joined
    inner join mine as later
        on joined.subject_key = later.subject_key
        and joined.association_name = later.association_name
        and later.kind in ('退会', '除名')
        and joined.recorded_on <= later.recorded_on
    where joined.kind = '入会'
    group by joined.record_id

),

final as (

    select
        'associations' as source,
        'member_records' as source_dataset,
        mine.record_id as source_record_id,
        case when mine.usable_uscc is not null then 'entity' else 'unresolved_name' end as subject_type,
        mine.subject_key,
        mine.subject_name,
        'association' as event_type,
        mine.outcome,
        case
            when mine.outcome = 'association_honour' then 'positive'
            when mine.outcome = 'member_joined' then 'neutral'
            else 'negative'
        end as polarity,
        case
            when mine.outcome in ('association_censure', 'association_expelled') then 'general'
            when mine.outcome in ('association_warning', 'association_criticism') then 'minor'
        end as severity,
        mine.recorded_on as occurred_on,
        mine.first_batch_date as known_on,
        mine.first_batch_date as published_on,
        mine.recorded_on as publish_from,
        cast(null as date) as publish_min_until,
        coalesce(mine.valid_until, {{ plus_years('mine.recorded_on', '3') }}) as publish_until,
        case when ended.ended_on < coalesce(mine.valid_until, date '9999-12-31') then ended.ended_on end
            as ended_on,
        case when ended.ended_on < coalesce(mine.valid_until, date '9999-12-31') then 'membership_ended' end
            as end_reason,
        cast(null as string) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        '商协会（市场信息）' || mine.association_name || '：' || mine.kind
        || coalesce('（' || mine.level || '）', '') || coalesce('，' || mine.detail, '') as detail,
        mine.association_name as authority,
        mine.batch_id,
        mine.source_location
    from mine
    left join ended on mine.record_id = ended.record_id
    where mine.outcome <> 'member_left'

)

select * from final
