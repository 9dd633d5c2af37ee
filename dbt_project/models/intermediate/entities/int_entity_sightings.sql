-- 主体出现记录: every record by which a source showed a market entity with a valid USCC — the name
-- it used, the record (source, record_id) and the day the centre first held it (batch_date). Name history, "which
-- sources know it" and "known since" all come from here.
with

sightings as (

    select
        uscc,
        subject_name as name,
        subject_name_key as name_key,
        'gov_penalties' as source,
        decision_no as record_id,
        first_published_on as batch_date
    from {{ ref('stg_gov_penalties__penalties') }}
    where subject_type = 'entity' and usable_uscc is not null
    union all
    select
        uscc,
        subject_name,
        subject_name_key,
        'gov_licenses',
        decision_no,
        first_batch_date
    from {{ ref('stg_gov_licenses__licenses') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        subject_name,
        subject_name_key,
        'gov_awards',
        award_id,
        first_batch_date
    from {{ ref('stg_gov_awards__awards') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        subject_name,
        subject_name_key,
        'gov_lists',
        entry_id,
        first_batch_date
    from {{ ref('stg_gov_lists__list_entries') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        subject_name,
        subject_name_key,
        'commitments',
        commitment_id,
        first_batch_date
    from {{ ref('stg_commitments__commitments') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        entity_name,
        entity_name_key,
        'raters',
        rating_id,
        first_batch_date
    from {{ ref('stg_raters__ratings') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        name,
        name_key,
        'household',
        company_id,
        first_batch_date
    from {{ ref('stg_household__companies') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        shop_name,
        shop_name_key,
        'ecommerce',
        platform || ':' || shop_id,
        first_batch_date
    from {{ ref('stg_ecommerce__shops') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        merchant_name,
        merchant_name_key,
        'wholesale',
        market_id || ':' || stall_no,
        first_batch_date
    from {{ ref('stg_wholesale__merchants') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        business_name,
        business_name_key,
        'complaints_12312',
        complaint_id,
        first_batch_date
    from {{ ref('stg_complaints_12312__complaints') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        subject_name,
        subject_name_key,
        'foreign_trade',
        record_id,
        first_batch_date
    from {{ ref('stg_foreign_trade__trade_credit') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        subject_name,
        subject_name_key,
        'associations',
        record_id,
        first_batch_date
    from {{ ref('stg_associations__member_records') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        subject_name,
        subject_name_key,
        'exhibitions',
        exhibition_id,
        first_batch_date
    from {{ ref('stg_exhibitions__exhibitions') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        subject_name,
        subject_name_key,
        'exhibitions',
        exhibition_id || ':' || booth_no,
        first_batch_date
    from {{ ref('stg_exhibitions__exhibitors') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        subject_name,
        subject_name_key,
        'exhibitions',
        complaint_id,
        first_batch_date
    from {{ ref('stg_exhibitions__complaints') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        subject_name,
        subject_name_key,
        'filed_trades',
        filing_no,
        first_batch_date
    from {{ ref('stg_filed_trades__filings') }}
    where usable_uscc is not null
    union all
    select
        uscc,
        subject_name,
        subject_name_key,
        'filed_trades',
        uscc || ':' || reported_on,
        first_batch_date
    from {{ ref('stg_filed_trades__prepaid_funds') }}
    where usable_uscc is not null

)

select * from sightings
