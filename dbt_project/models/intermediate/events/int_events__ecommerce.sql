-- 电商平台事件 — the platforms' reviews, disputes and platform violations as credit events, on the
-- shop's entity when the shop is linked to a USCC (from the day it was linked), else on the shop.
-- A review found in a brushing burst ends on its own day (刷单, excluded from the score).
-- Incremental: the records this build wrote, those of shops whose link changed, and reviews whose
-- brushing verdict changed (keys_written_or_under: no history-long scan carries the wide columns).
{%- set incremental = events_incremental() %}
with

{% if incremental -%}
changed_shops as (

    select
        platform,
        shop_id
    from {{ ref('int_shop_subjects') }}
    where _build_id = {{ build_id() }}

),

review_keys as (

    {{ keys_written_or_under(
        ref('stg_ecommerce__reviews'), 'platform, review_id', 'changed_shops', 'platform, shop_id'
    ) }}
    union
    -- a verdict that changed
    select
        platform,
        review_id
    from {{ ref('int_reviews_flagged') }}
    where _build_id = {{ build_id() }}

),

dispute_keys as (

    {{ keys_written_or_under(
        ref('stg_ecommerce__disputes'), 'platform, dispute_id', 'changed_shops', 'platform, shop_id'
    ) }}

),

violation_keys as (

    {{ keys_written_or_under(
        ref('stg_ecommerce__violations'), 'platform, violation_id', 'changed_shops', 'platform, shop_id'
    ) }}

),
{%- endif %}

shops as (

    select
        platform,
        shop_id,
        shop_name,
        uscc,
        linked_since
    from {{ ref('int_shop_subjects') }}

),

-- the few reviews found in a brushing burst (joining every review's verdict would build a hash
-- table of all the reviews a province has)
brushed as (

    select
        platform,
        review_id
    from {{ ref('int_reviews_flagged') }}
    where is_brushing

),

reviews as (

    select
        staged.platform,
        staged.review_id,
        staged.shop_id,
        staged.rating,
        staged.reviewed_on,
        brushed.review_id is not null as is_brushing,
        staged.first_batch_date,
        staged.batch_id,
        staged.source_location
    from {{ ref('stg_ecommerce__reviews') }} as staged
    {%- if incremental %}
semi join review_keys using (platform, review_id)
    {%- endif %}
    left join brushed
        on staged.platform = brushed.platform
        and staged.review_id = brushed.review_id

),

disputes as (

    select staged.*
    from {{ ref('stg_ecommerce__disputes') }} as staged
    {%- if incremental %}
semi join dispute_keys using (platform, dispute_id)
    {%- endif %}

),

violations as (

    select staged.*
    from {{ ref('stg_ecommerce__violations') }} as staged
    {%- if incremental %}
semi join violation_keys using (platform, violation_id)
    {%- endif %}

),

review_events as (

    select
        'ecommerce' as source,
        'reviews' as source_dataset,
        reviews.platform || ':' || reviews.review_id as source_record_id,
        case when shops.uscc is not null then 'entity' else 'shop' end as subject_type,
        coalesce(shops.uscc, reviews.platform || ':' || reviews.shop_id) as subject_key,
        shops.shop_name as subject_name,
        'review' as event_type,
        cast(reviews.rating as string) as outcome,
        case
            when reviews.rating >= 4 then 'positive' when reviews.rating <= 2 then 'negative' else 'neutral'
        end as polarity,
        cast(null as string) as severity,
        reviews.reviewed_on as occurred_on,
        greatest(reviews.first_batch_date, shops.linked_since) as known_on,
        reviews.first_batch_date as published_on,
        reviews.reviewed_on as publish_from,
        cast(null as date) as publish_min_until,
        {{ plus_days('reviews.reviewed_on', param_int('review_window_days')) }} as publish_until,
        case when reviews.is_brushing then reviews.reviewed_on end as ended_on,
        case when reviews.is_brushing then 'brushing' end as end_reason,
        cast(null as string) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        reviews.rating || '星' || case when reviews.is_brushing then '（刷单，已剔除）' else '' end as detail,
        '平台' || reviews.platform as authority,
        reviews.batch_id,
        reviews.source_location
    from reviews
    left join shops
        on reviews.platform = shops.platform
        and reviews.shop_id = shops.shop_id

),

dispute_events as (

    select
        'ecommerce' as source,
        'disputes' as source_dataset,
        disputes.platform || ':' || disputes.dispute_id as source_record_id,
        case when shops.uscc is not null then 'entity' else 'shop' end as subject_type,
        coalesce(shops.uscc, disputes.platform || ':' || disputes.shop_id) as subject_key,
        shops.shop_name as subject_name,
        'complaint' as event_type,
        'dispute' as outcome,
        'negative' as polarity,
        'minor' as severity,
        {{ beijing_date('disputes.opened_at') }} as occurred_on,
        greatest(disputes.first_batch_date, shops.linked_since) as known_on,
        disputes.first_batch_date as published_on,
        {{ beijing_date('disputes.opened_at') }} as publish_from,
        cast(null as date) as publish_min_until,
        {{ plus_days(beijing_date('disputes.opened_at'), param_int('complaint_window_days')) }} as publish_until,
        cast(null as date) as ended_on,
        cast(null as string) as end_reason,
        cast(null as string) as rule_version,
        cast(disputes.amount_yuan / 10000 as decimal(18, 4)) as amount_wan,
        disputes.dispute_type || '（' || disputes.status || '）' as detail,
        '平台' || disputes.platform as authority,
        disputes.batch_id,
        disputes.source_location
    from disputes
    left join shops
        on disputes.platform = shops.platform
        and disputes.shop_id = shops.shop_id

),

violation_events as (

    select
        'ecommerce' as source,
        'violations' as source_dataset,
        violations.platform || ':' || violations.violation_id as source_record_id,
        case when shops.uscc is not null then 'entity' else 'shop' end as subject_type,
        coalesce(shops.uscc, violations.platform || ':' || violations.shop_id) as subject_key,
        shops.shop_name as subject_name,
        'violation' as event_type,
        'general' as outcome,
        'negative' as polarity,
        'general' as severity,
        {{ beijing_date('violations.occurred_at') }} as occurred_on,
        greatest(violations.first_batch_date, shops.linked_since) as known_on,
        violations.first_batch_date as published_on,
        {{ beijing_date('violations.occurred_at') }} as publish_from,
        cast(null as date) as publish_min_until,
        {{ plus_months(beijing_date('violations.occurred_at'), param_int('violation_horizon_months')) }}
            as publish_until,
        cast(null as date) as ended_on,
        cast(null as string) as end_reason,
        cast(null as string) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        violations.violation_type || '：' || violations.action as detail,
        '平台' || violations.platform as authority,
        violations.batch_id,
        violations.source_location
    from violations
    left join shops
        on violations.platform = shops.platform
        and violations.shop_id = shops.shop_id

),

final as (

    select * from review_events
    union all
    select * from dispute_events
    union all
    select * from violation_events

)

select * from final
