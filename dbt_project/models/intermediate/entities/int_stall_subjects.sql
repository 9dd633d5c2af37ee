{{
    config(
        materialized='incremental',
        unique_key=['market_id', 'stall_no'],
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
-- 市场摊位主体: each wholesale-market stall with the entity it is linked to (int_entity_name_links),
-- its merchant name, and the day the link could first be made: the subject of its inspections in
-- fct_credit_event and of its trade volume in the score. Computed in full (one row per stall); an
-- incremental build writes only the stalls whose subject changed.
with

stalls as (

    select
        market_id,
        stall_no,
        merchant_name
    from {{ ref('stg_wholesale__merchants') }}

),

links as (

    select
        record_id,
        linked_uscc,
        linked_since
    from {{ ref('int_entity_name_links') }}
    where record_type = 'wholesale.merchants'
        and link_status = 'matched'

),

subjects as (

    select
        stalls.market_id,
        stalls.stall_no,
        stalls.merchant_name,
        links.linked_uscc as uscc,
        links.linked_since
    from stalls
    left join links on links.record_id = stalls.market_id || ':' || stalls.stall_no

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
            where kept.market_id = subjects.market_id
                and kept.stall_no = subjects.stall_no
                and kept.merchant_name is not distinct from subjects.merchant_name
                and kept.uscc is not distinct from subjects.uscc
                and kept.linked_since is not distinct from subjects.linked_since
        )
    {%- endif %}

)

select * from final
