-- Records that name a business and may lack a usable USCC: shops, market stalls, 12312 complaints.
with

shops as (

    select
        'ecommerce.shops' as record_type,
        platform || ':' || shop_id as record_id,
        shop_name as name,
        shop_name_key as name_key,
        division_code,
        usable_uscc as uscc,
        first_batch_date
    from {{ ref('stg_ecommerce__shops') }}
    where seller_type <> '个人' or seller_type is null

),

stalls as (

    select
        'wholesale.merchants',
        market_id || ':' || stall_no,
        merchant_name,
        merchant_name_key,
        null,
        usable_uscc,
        first_batch_date
    from {{ ref('stg_wholesale__merchants') }}

),

complaints as (

    select
        'complaints_12312.complaints',
        complaint_id,
        business_name,
        business_name_key,
        division_code,
        usable_uscc,
        first_batch_date
    from {{ ref('stg_complaints_12312__complaints') }}

)

select * from shops
union all
select * from stalls
union all
select * from complaints
