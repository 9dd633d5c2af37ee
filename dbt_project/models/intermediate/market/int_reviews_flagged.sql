-- noqa: disable=LT02, ST09
-- (sqlfluff reads the CTEs inside the is_incremental() branches as nested; the indents are the project's)
{{
    config(
        materialized='incremental',
        unique_key=['platform', 'review_id'],
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
-- 刷单识别: every review's brushing verdict. A review is brushing when it is one of a burst of
-- 5-star reviews on one shop, inside a short window, from low-activity accounts (few reviews up to
-- the end of that day: a review arriving later does not change an earlier day's verdict).
-- Thresholds: seed credit_parameters (brushing_*). Regular customers rushing to review a promotion
-- are not low-activity, and spread-out praise is not a burst.
-- Both counts are window functions: an account's reviews up to each day, and each candidate's
-- neighbours within the window on its shop (no self-join). One narrow row per review (the review
-- itself is in staging): its day, the two counts and the verdict.
-- Incremental: a verdict depends on reviews up to its own day and on candidates within the window
-- around it, so a build recomputes from the day before the earliest review it brought (or moved):
-- candidates from one day earlier still, with each account's count of reviews before that. It
-- writes the verdicts that changed.
with

-- not materialized: read twice, scanned again rather than held (DEVELOPERS.md)
reviews as {{ not_materialized() }}(

    select
        platform,
        review_id,
        shop_id,
        consumer_id,
        rating,
        reviewed_at,
        reviewed_on
    from {{ ref('stg_ecommerce__reviews') }}

),

{% if is_incremental() -%}
{#- the earliest verdict that can change: the day before the earliest day of a review this build
    brought, in its new version or its previous one (a compile-time constant, so the scans below
    skip older row groups) -#}
{%- set found = run_query(
    "select least(
        (select min(reviewed_on) from " ~ ref('stg_ecommerce__reviews') ~ " where _build_id = " ~ build_id() ~ "),
        (select min(kept.reviewed_on) from " ~ this ~ " as kept semi join (select platform, review_id from "
            ~ ref('stg_ecommerce__reviews') ~ " where _build_id = " ~ build_id() ~ ") as incoming using (platform, review_id))
    ) - 1"
) if execute else none -%}
{%- set verdicts_from = found.columns[0].values()[0] if found else none -%}
{%- set verdicts_from = "date '" ~ verdicts_from ~ "'" if verdicts_from else "date '9999-12-31'" -%}
scope as (

    -- verdicts from verdicts_from; candidates from the day before (a burst can span midnight)
    select reviews.*
    from reviews
    where reviews.reviewed_at >= timezone('Asia/Shanghai', cast({{ verdicts_from }} - 1 as timestamp))

),

-- each account's reviews before the scope
earlier as (

    select
        reviews.platform,
        reviews.consumer_id,
        count(*) as n
    from reviews
    semi join scope using (platform, consumer_id)
    where reviews.reviewed_at < timezone('Asia/Shanghai', cast({{ verdicts_from }} - 1 as timestamp))
    group by reviews.platform, reviews.consumer_id

),

kept as (

    select *
    from {{ this }}
    where reviewed_on >= {{ verdicts_from }}

),
{%- else -%}
scope as (

    select * from reviews

),

earlier as (

    select null::string as platform, null::string as consumer_id, 0 as n
    where false

),
{%- endif %}

counted as (

    -- reviews each account had written by the end of the day of each review
    select
        scope.*,
        coalesce(earlier.n, 0) + count(*) over (
            partition by scope.platform, scope.consumer_id
            order by scope.reviewed_on
            range between unbounded preceding and current row
        ) as account_reviews
    from scope
    left join earlier
        on scope.platform = earlier.platform
        and scope.consumer_id = earlier.consumer_id

),

candidates as (

    select
        platform,
        review_id,
        shop_id,
        reviewed_at
    from counted
    where rating = 5
        and account_reviews <= {{ param('brushing_max_account_reviews') }}

),

bursts as (

    -- candidates on the same shop within the window either side, the review itself included
    select
        platform,
        review_id,
        count(*) over (
            partition by platform, shop_id
            {{ minutes_around('reviewed_at', 'brushing_window_minutes') }}
        ) as burst_size
    from candidates

),

verdicts as (

    select
        counted.platform,
        counted.review_id,
        counted.rating,
        counted.reviewed_on,
        counted.account_reviews,
        coalesce(bursts.burst_size, 0) as burst_size,
        coalesce(bursts.burst_size, 0) >= {{ param('brushing_min_burst') }} as is_brushing
    from counted
    left join bursts
        on counted.platform = bursts.platform
        and counted.review_id = bursts.review_id
    {%- if is_incremental() %}
    where counted.reviewed_on >= {{ verdicts_from }}
    {%- endif %}

),

final as (

    select
        verdicts.*,
        {{ build_id() }} as _build_id
    from verdicts
    {%- if is_incremental() %}
    -- only what changed
    anti join kept
        on kept.platform = verdicts.platform
        and kept.review_id = verdicts.review_id
        and kept.rating is not distinct from verdicts.rating
        and kept.reviewed_on is not distinct from verdicts.reviewed_on
        and kept.account_reviews = verdicts.account_reviews
        and kept.burst_size = verdicts.burst_size
    {%- endif %}

)

select * from final
