{{
    config(
        materialized='incremental',
        unique_key='consumer_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
-- 消费者库 — one row per consumer: platform accounts (pseudonymous key from platform and account
-- nickname) and 12312 callers (keyed hash of the phone number), their activity, and abuse flags:
-- brushing (刷单) reviews found by int_reviews_flagged.
-- Incremental: a consumer's row is recomputed from its whole history when this build wrote one of
-- its reviews, disputes or hotline complaints, or changed the brushing verdict of one of its
-- reviews; the other consumers keep their rows. A record's consumer is its author, the same in
-- every version of the record.
with

{% if is_incremental() -%}
-- the reviews whose brushing verdict this build changed
changed_verdicts as (

    select
        platform,
        review_id
    from {{ ref('int_reviews_flagged') }}
    where {{ written_in_this_build() }}

),

-- the platform accounts this build touched
touched_accounts as (

    select
        platform,
        consumer_id
    from {{ ref('stg_ecommerce__reviews') }}
    where {{ written_in_this_build() }}

    union

    select
        platform,
        consumer_id
    from {{ ref('stg_ecommerce__disputes') }}
    where {{ written_in_this_build() }}

    union

    select
        staged.platform,
        staged.consumer_id
    from {{ ref('stg_ecommerce__reviews') }} as staged
    semi join changed_verdicts using (platform, review_id)

),

touched_callers as (

    select consumer_phone_hash
    from {{ ref('stg_complaints_12312__complaints') }}
    where {{ written_in_this_build() }}

),

{% endif -%}
-- the few reviews found in a brushing burst
brushed as (

    select
        platform,
        review_id
    from {{ ref('int_reviews_flagged') }}
    where is_brushing

),

-- every review, with its verdict
reviews as (

    select
        staged.platform,
        staged.consumer_id,
        staged.shop_id,
        staged.rating,
        staged.reviewed_on,
        brushed.review_id is not null as is_brushing
    from {{ ref('stg_ecommerce__reviews') }} as staged
    {%- if is_incremental() %}
semi join touched_accounts using (platform, consumer_id)
    {%- endif %}
    left join brushed
        on staged.platform = brushed.platform
        and staged.review_id = brushed.review_id

),

disputes as (

    select
        platform,
        consumer_id,
        count(*) as n_disputes,
        min({{ beijing_date('opened_at') }}) as first_on,
        max({{ beijing_date('opened_at') }}) as last_on
    from {{ ref('stg_ecommerce__disputes') }}
    {%- if is_incremental() %}
semi join touched_accounts using (platform, consumer_id)
    {%- endif %}
    group by platform, consumer_id

),

review_activity as (

    select
        platform,
        consumer_id,
        count(*) as n_reviews,
        count(distinct shop_id) as n_shops,
        avg(rating) as avg_rating,
        count(*) filter (where is_brushing) as n_brushing_reviews,
        min(reviewed_on) as first_on,
        max(reviewed_on) as last_on
    from reviews
    group by platform, consumer_id

),

platform_accounts as (

    select
        md5('platform:' || coalesce(r.platform, d.platform) || ':' || coalesce(r.consumer_id, d.consumer_id))
            as consumer_key,
        coalesce(r.platform, d.platform) as platform,
        coalesce(r.n_reviews, 0) as n_reviews,
        coalesce(r.n_shops, 0) as n_shops_reviewed,
        round(r.avg_rating, 2) as avg_rating,
        coalesce(d.n_disputes, 0) as n_disputes,
        0 as n_hotline_complaints,
        least(r.first_on, d.first_on) as first_active_on,
        greatest(r.last_on, d.last_on) as last_active_on,
        coalesce(r.n_brushing_reviews, 0) as n_brushing_reviews
    from review_activity as r
    full outer join disputes as d
        on r.platform = d.platform
        and r.consumer_id = d.consumer_id

),

hotline_callers as (

    select
        consumer_phone_hash as consumer_key,
        '12312' as platform,
        0 as n_reviews,
        0 as n_shops_reviewed,
        cast(null as double) as avg_rating,
        0 as n_disputes,
        count(*) as n_hotline_complaints,
        min({{ beijing_date('received_at') }}) as first_active_on,
        max({{ beijing_date('received_at') }}) as last_active_on,
        0 as n_brushing_reviews
    from {{ ref('stg_complaints_12312__complaints') }}
    {%- if is_incremental() %}
semi join touched_callers using (consumer_phone_hash)
    {%- endif %}
    where consumer_phone_hash is not null
    group by consumer_phone_hash

),

unioned as (

    select * from platform_accounts
    union all
    select * from hotline_callers

),

final as (

    select
        consumer_key,
        platform,
        n_reviews,
        n_shops_reviewed,
        avg_rating,
        n_disputes,
        n_hotline_complaints,
        first_active_on,
        last_active_on,
        case
            when n_reviews + n_disputes + n_hotline_complaints >= {{ param('consumer_high_activity') }} then 'high'
            when n_reviews + n_disputes + n_hotline_complaints >= {{ param('consumer_medium_activity') }} then 'medium'
            else 'low'
        end as activity_level,
        n_brushing_reviews,
        n_brushing_reviews > 0 as is_brushing_suspect,
        case when n_brushing_reviews > 0 then {{ list_of(["'brushing'"]) }} else {{ list_of([]) }} end as abuse_flags,
        {{ build_id() }} as _build_id
    from unioned

)

select * from final
