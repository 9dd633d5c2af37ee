{{
    config(
        materialized='incremental',
        unique_key=['platform', 'shop_id'],
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
-- 店铺每日评价 — the reviews as the score sees them: per shop, day of review and day the centre first
-- held them, and brushing verdict, the number of reviews and their stars. The score counts a
-- review from the later of those two days for review_window_days, and a brushing review never
-- (int_score_contributions); single reviews stay in fct_credit_event for analysts, but the score
-- does not read them: a shop-day holds ~2 reviews on average, and a province's tens of millions
-- of reviews were valued one by one in every build.
-- Incremental: a shop's rows are recomputed from its reviews when this build wrote one of them or
-- changed one's brushing verdict (delete+insert on the shop). A review belongs to its shop in
-- every version; the test reviews_of_every_shop_day_add_up checks that no review is lost or
-- counted twice.
with

{% if is_incremental() -%}
-- the reviews whose brushing verdict this build changed
changed_verdicts as (

    select
        platform,
        review_id
    from {{ ref('int_reviews_flagged') }}
    where _build_id = {{ build_id() }}

),

touched_shops as (

    select
        platform,
        shop_id
    from {{ ref('stg_ecommerce__reviews') }}
    where _build_id = {{ build_id() }}

    union

    select
        staged.platform,
        staged.shop_id
    from {{ ref('stg_ecommerce__reviews') }} as staged
    semi join changed_verdicts using (platform, review_id)

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

reviews as (

    select
        staged.platform,
        staged.shop_id,
        staged.reviewed_on,
        staged.first_batch_date,
        staged.rating,
        brushed.review_id is not null as is_brushing
    from {{ ref('stg_ecommerce__reviews') }} as staged
    {%- if is_incremental() %}
semi join touched_shops using (platform, shop_id)
    {%- endif %}
    left join brushed
        on staged.platform = brushed.platform
        and staged.review_id = brushed.review_id

),

final as (

    select
        platform,
        shop_id,
        reviewed_on,
        first_batch_date,
        is_brushing,
        count(*) as n_reviews,
        sum(rating) as stars,
        {{ build_id() }} as _build_id
    from reviews
    group by platform, shop_id, reviewed_on, first_batch_date, is_brushing

)

select * from final
