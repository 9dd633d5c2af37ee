-- 主体身份 — per entity (USCC), what the sources say about who it is: the sources that know it, its
-- industry, its type and registration authority (the code's positions 1-2, seed uscc_entity_types),
-- its division and the division's name (positions 3-8, seed code_labels), and its legal
-- representative as the latest 双公示 record names them (a name only: the identity number is never
-- kept in clear). Founding date and registered capital are not in any source the centre reads.
with

sightings as (

    select
        uscc,
        source
    from {{ ref('int_entity_sightings') }}

),

sources as (

    select
        uscc,
        array_sort(array_agg(distinct source)) as sources_seen
    from sightings
    group by uscc

),

industries as (

    select
        uscc,
        category as industry
    from {{ ref('stg_wholesale__merchants') }}
    where usable_uscc is not null and category is not null
    union all
    select
        uscc,
        '家政服务'
    from {{ ref('stg_household__companies') }}
    where usable_uscc is not null
    group by uscc
    union all
    select
        uscc,
        '网络零售'
    from {{ ref('stg_ecommerce__shops') }}
    where usable_uscc is not null
    group by uscc

),

industry as (

    select
        uscc,
        {{ list_join('array_sort(array_agg(distinct industry))', "'、'") }} as industry
    from industries
    group by uscc

),

-- the legal representative as the latest licence or penalty record names them
representatives as (

    select
        usable_uscc as uscc,
        legal_rep_name,
        decided_on
    from {{ ref('stg_gov_licenses__licenses') }}
    where usable_uscc is not null and legal_rep_name is not null
    union all
    select
        usable_uscc,
        legal_rep_name,
        decided_on
    from {{ ref('stg_gov_penalties__penalties') }}
    where usable_uscc is not null and legal_rep_name is not null

),

representative as (

    select
        uscc,
        -- the latest decision's name; on a tie the greater name, so every build picks the same
        max_by(
            legal_rep_name, {{ struct_of([('decided_on', 'decided_on'), ('name', 'legal_rep_name')]) }}
        ) as legal_representative,
        max(decided_on) as legal_representative_on
    from representatives
    group by uscc

),

divisions as (

    select
        code,
        label_zh
    from {{ ref('code_labels') }}
    where domain = 'division'

),

final as (

    select
        sources.uscc,
        sources.sources_seen,
        industry.industry,
        substr(sources.uscc, 1, 2) as entity_type_code,
        coalesce(types.entity_type, '未知') as entity_type,
        types.authority as registration_authority,
        substr(sources.uscc, 3, 6) as division_code,
        divisions.label_zh as division_name,
        representative.legal_representative,
        representative.legal_representative_on
    from sources
    left join industry on sources.uscc = industry.uscc
    left join representative on sources.uscc = representative.uscc
    left join {{ ref('uscc_entity_types') }} as types on substr(sources.uscc, 1, 2) = types.type_code
    left join divisions on substr(sources.uscc, 3, 6) = divisions.code

)

select * from final
