{{
    config(
        materialized='incremental',
        unique_key=['platform', 'shop_id'],
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
-- 网店主体: each platform shop with the entity it is linked to (by its own USCC or a unique name:
-- int_entity_name_links), its current name, and the day the link could first be made: the subject
-- of its reviews, disputes and violations in fct_credit_event. Computed in full (one row per shop);
-- an incremental build writes only the shops whose subject changed, and fct_credit_event rewrites
-- the events of exactly those shops.
with

shops as (

    select
        platform,
        shop_id,
        shop_name
    from {{ ref('stg_ecommerce__shops') }}

),

links as (

    select
        record_id,
        linked_uscc,
        linked_since
    from {{ ref('int_entity_name_links') }}
    where record_type = 'ecommerce.shops'
        and link_status = 'matched'

),

subjects as (

    select
        shops.platform,
        shops.shop_id,
        shops.shop_name,
        links.linked_uscc as uscc,
        links.linked_since
    from shops
    left join links on links.record_id = shops.platform || ':' || shops.shop_id

),

final as (

    select
        subjects.*,
        {{ build_id() }} as _build_id
    from subjects
    {%- if is_incremental() %}
    where not exists (
            select 1
            from {{ this }} as kept
            where kept.platform = subjects.platform
                and kept.shop_id = subjects.shop_id
                and kept.shop_name is not distinct from subjects.shop_name
                and kept.uscc is not distinct from subjects.uscc
                and kept.linked_since is not distinct from subjects.linked_since
        )
    {%- endif %}

)

select * from final
