-- 市场主体名称库: every (USCC, name key) any source has shown, with the division read from the code.
-- The reference that records naming a business without a USCC are resolved against.
with

named as (

    select uscc, subject_name as name, subject_name_key as name_key, 'gov_penalties' as source
    from {{ ref('stg_gov__penalties') }} where subject_type = 'entity'
    union all
    select uscc, subject_name, subject_name_key, 'gov_licenses'
    from {{ ref('stg_gov__licenses') }} where uscc_status in ('valid', 'orgcode_mismatch')
    union all
    select uscc, subject_name, subject_name_key, 'gov_awards'
    from {{ ref('stg_gov__awards') }} where uscc_status in ('valid', 'orgcode_mismatch')
    union all
    select uscc, subject_name, subject_name_key, 'gov_lists'
    from {{ ref('stg_gov__list_entries') }} where uscc_status in ('valid', 'orgcode_mismatch')
    union all
    select uscc, subject_name, subject_name_key, 'commitments'
    from {{ ref('stg_commitments__commitments') }} where uscc_status in ('valid', 'orgcode_mismatch')
    union all
    select uscc, entity_name, entity_name_key, 'raters'
    from {{ ref('stg_raters__ratings') }} where uscc_status in ('valid', 'orgcode_mismatch')
    union all
    select uscc, name, name_key, 'household'
    from {{ ref('stg_household__companies') }} where uscc_status in ('valid', 'orgcode_mismatch')
    union all
    select uscc, shop_name, shop_name_key, 'ecommerce'
    from {{ ref('stg_ecommerce__shops') }} where uscc_status in ('valid', 'orgcode_mismatch')
    union all
    select uscc, merchant_name, merchant_name_key, 'wholesale'
    from {{ ref('stg_wholesale__merchants') }} where uscc_status in ('valid', 'orgcode_mismatch')
    union all
    select uscc, business_name, business_name_key, 'complaints_12312'
    from {{ ref('stg_12312__complaints') }} where uscc_status in ('valid', 'orgcode_mismatch')

),

final as (

    select
        uscc,
        name_key,
        substr(uscc, 3, 6) as division_code,
        arg_max(name, source) as example_name,
        list(distinct source order by source) as sources
    from named
    where name_key is not null
    group by uscc, name_key

)

select * from final
