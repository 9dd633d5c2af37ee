-- 刷单识别: every review with its brushing verdict. A review is brushing when it is one of a burst of
-- 5-star reviews on one shop, inside a short window, from low-activity accounts (few reviews up to
-- the end of that day: a verdict never changes with what arrives later, so a backfill and the
-- daily runs agree). Thresholds: seed credit_parameters (brushing_*). Regular customers rushing
-- to review a promotion are not low-activity, and spread-out praise is not a burst.
with

reviews as (

    select * from {{ ref('stg_ecommerce__reviews') }}

),

reviewed_days as (

    select
        platform,
        consumer_id,
        {{ beijing_date('reviewed_at') }} as reviewed_on,
        count(*) as reviews_that_day
    from reviews
    group by all

),

accounts as (

    -- reviews each account had written by the end of each day it reviewed
    select
        platform,
        consumer_id,
        reviewed_on,
        sum(reviews_that_day) over (partition by platform, consumer_id order by reviewed_on) as account_reviews
    from reviewed_days

),

candidates as (

    select
        reviews.platform,
        reviews.review_id,
        reviews.shop_id,
        reviews.reviewed_at
    from reviews
    inner join accounts
        on reviews.platform = accounts.platform
        and reviews.consumer_id = accounts.consumer_id
        and {{ beijing_date('reviews.reviewed_at') }} = accounts.reviewed_on
    where reviews.rating = 5
        and accounts.account_reviews <= {{ param('brushing_max_account_reviews') }}

),

bursts as (

    select
        a.platform,
        a.review_id,
        count(*) as burst_size
    from candidates as a
    inner join candidates as b
        on a.platform = b.platform
        and a.shop_id = b.shop_id
        and b.reviewed_at between a.reviewed_at - to_minutes(cast({{ param('brushing_window_minutes') }} as integer))
        and a.reviewed_at + to_minutes(cast({{ param('brushing_window_minutes') }} as integer))
    group by a.platform, a.review_id

),

final as (

    select
        reviews.platform,
        reviews.review_id,
        reviews.shop_id,
        reviews.consumer_id,
        reviews.rating,
        reviews.reviewed_at,
        {{ beijing_date('reviews.reviewed_at') }} as reviewed_on,
        accounts.account_reviews,
        coalesce(bursts.burst_size, 0) as burst_size,
        coalesce(bursts.burst_size, 0) >= {{ param('brushing_min_burst') }} as is_brushing,
        reviews.batch_id,
        reviews.batch_date,
        reviews.first_batch_date,
        reviews.source_location
    from reviews
    inner join accounts
        on reviews.platform = accounts.platform
        and reviews.consumer_id = accounts.consumer_id
        and {{ beijing_date('reviews.reviewed_at') }} = accounts.reviewed_on
    left join bursts
        on reviews.platform = bursts.platform
        and reviews.review_id = bursts.review_id

)

select * from final
