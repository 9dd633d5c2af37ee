-- 主体出现记录: every record by which a source showed a market entity with a valid USCC — the name
-- it used and the day the centre first held that record (batch_date). Name history, "which
-- sources know it" and "known since" all come from here.
with

sightings as (

    select uscc, subject_name as name, subject_name_key as name_key, 'gov_penalties' as source, first_published_on as batch_date
    from {{ ref('stg_gov_penalties__penalties') }}
    where subject_type = 'entity' and usable_uscc is not null
    union all
    select uscc, subject_name, subject_name_key, 'gov_licenses', first_batch_date
    from {{ ref('stg_gov_licenses__licenses') }} where usable_uscc is not null
    union all
    select uscc, subject_name, subject_name_key, 'gov_awards', first_batch_date
    from {{ ref('stg_gov_awards__awards') }} where usable_uscc is not null
    union all
    select uscc, subject_name, subject_name_key, 'gov_lists', first_batch_date
    from {{ ref('stg_gov_lists__list_entries') }} where usable_uscc is not null
    union all
    select uscc, subject_name, subject_name_key, 'commitments', first_batch_date
    from {{ ref('stg_commitments__commitments') }} where usable_uscc is not null
    union all
    select uscc, entity_name, entity_name_key, 'raters', first_batch_date
    from {{ ref('stg_raters__ratings') }} where usable_uscc is not null
    union all
    select uscc, name, name_key, 'household', first_batch_date
    from {{ ref('stg_household__companies') }} where usable_uscc is not null
    union all
    select uscc, shop_name, shop_name_key, 'ecommerce', first_batch_date
    from {{ ref('stg_ecommerce__shops') }} where usable_uscc is not null
    union all
    select uscc, merchant_name, merchant_name_key, 'wholesale', first_batch_date
    from {{ ref('stg_wholesale__merchants') }} where usable_uscc is not null
    union all
    select uscc, business_name, business_name_key, 'complaints_12312', first_batch_date
    from {{ ref('stg_complaints_12312__complaints') }} where usable_uscc is not null

)

select * from sightings
