-- 第三方评级事件 — each agency's ratings of an entity with a usable USCC, in force until valid-until,
-- ended when the same agency rates it again (superseded).
-- Incremental: the ratings this build wrote, and those whose supersession changed.
{%- set incremental = events_incremental() %}
with

ratings as (

    -- each agency's ratings of an entity, superseded by its next one (all of them: a few per entity)
    select
        *,
        lead(rated_on) over (partition by usable_uscc, agency order by rated_on, rating_id) as superseded_on
    from {{ ref('stg_raters__ratings') }}
    where usable_uscc is not null

),

{% if incremental -%}
kept as (

    select
        source_record_id,
        ended_on
    from {{ published_events() }}
    where event_type = 'rating'

),

changed_ratings as (

    select ratings.*
    from ratings
    left join kept
        on ratings.rating_id = kept.source_record_id
    where ratings._build_id = {{ build_id() }}
        or ratings.superseded_on is distinct from kept.ended_on

),
{%- endif %}

final as (

    select
        'raters' as source,
        'ratings' as source_dataset,
        rating_id as source_record_id,
        'entity' as subject_type,
        usable_uscc as subject_key,
        entity_name as subject_name,
        'rating' as event_type,
        rating as outcome,
        case when rating in ('AAA', 'AA', 'A', 'BBB') then 'positive' else 'negative' end as polarity,
        cast(null as string) as severity,
        rated_on as occurred_on,
        first_batch_date as known_on,
        first_batch_date as published_on,
        rated_on as publish_from,
        cast(null as date) as publish_min_until,
        valid_until as publish_until,
        superseded_on as ended_on,
        case when superseded_on is not null then 'superseded' end as end_reason,
        cast(null as string) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        agency || '：' || rating || '（' || coalesce(outlook, '') || '）' as detail,
        agency as authority,
        batch_id,
        source_location
    from {{ 'changed_ratings' if incremental else 'ratings' }}

)

select * from final
