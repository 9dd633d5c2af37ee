-- Every staged review is counted in exactly one shop-day of int_review_days (which is recomputed
-- shop by shop): a review lost, or counted under a shop it has left, shows as a difference in the
-- totals. Returns a row when they differ.
with

counted as (

    select coalesce(sum(n_reviews), 0) as n
    from {{ ref('int_review_days') }}

),

staged as (

    select count(*) as n
    from {{ ref('stg_ecommerce__reviews') }}

)

select
    counted.n as reviews_counted,
    staged.n as reviews_staged
from counted
cross join staged
where counted.n <> staged.n
