-- 信用事件（统一形态）: every source's credit-relevant facts in one shape. Each fact names its
-- subject (an entity by USCC, a person by keyed hash, or an unresolved shop/stall/name), when it
-- happened, when the centre first knew it, the window in which it counts, and the raw record it
-- came from. How much a fact moves the score is seed score_event_points, applied downstream.
with

penalties as (

    select
        classified.*,
        repaired.repaired_on
    from {{ ref('int_penalties_classified') }} as classified
    left join (
        select decision_no, min(effective_on) as repaired_on
        from {{ ref('int_penalty_repairs') }}
        where review_status = 'applied'
        group by decision_no
    ) as repaired on classified.decision_no = repaired.decision_no

),

links as (

    select * from {{ ref('int_entity_name_links') }}

),

shops as (

    select
        shops.platform,
        shops.shop_id,
        shops.shop_name,
        links.linked_uscc as uscc,
        links.linked_since
    from {{ ref('stg_ecommerce__shops') }} as shops
    left join links
        on links.record_type = 'ecommerce.shops'
        and links.record_id = shops.platform || ':' || shops.shop_id
        and links.link_status = 'matched'

),

stalls as (

    select
        merchants.market_id,
        merchants.stall_no,
        merchants.merchant_name,
        links.linked_uscc as uscc,
        links.linked_since
    from {{ ref('stg_wholesale__merchants') }} as merchants
    left join links
        on links.record_type = 'wholesale.merchants'
        and links.record_id = merchants.market_id || ':' || merchants.stall_no
        and links.link_status = 'matched'

),

penalty_events as (

    select
        'gov_penalties' as source,
        'penalties' as source_dataset,
        decision_no as source_record_id,
        case
            when subject_type = 'person' then 'person'
            when uscc_status in ('valid', 'orgcode_mismatch') then 'entity'
            else 'unresolved_name'
        end as subject_type,
        case
            when subject_type = 'person' then subject_key
            when uscc_status in ('valid', 'orgcode_mismatch') then uscc
            else subject_name_key
        end as subject_key,
        subject_name,
        'penalty' as event_type,
        severity as outcome,
        'negative' as polarity,
        severity,
        decided_on as occurred_on,
        first_published_on as known_on,
        first_published_on as published_on,
        publish_from as effective_from,
        publish_min_until,
        publish_until,
        repaired_on as ended_on,
        case when repaired_on is not null then 'repaired' end as end_reason,
        rule_version,
        amount_wan,
        penalty_types || '：' || coalesce(violation_type, '') as detail,
        authority,
        batch_id,
        source_file || ':' || source_line as source_location
    from penalties

),

license_events as (

    select
        'gov_licenses',
        'licenses',
        decision_no,
        case
            when subject_category = '自然人' then 'person'
            when uscc_status in ('valid', 'orgcode_mismatch') then 'entity'
            else 'unresolved_name'
        end,
        case
            when subject_category = '自然人' then id_number_hash
            when uscc_status in ('valid', 'orgcode_mismatch') then uscc
            else subject_name_key
        end,
        subject_name,
        'license',
        case when status = '有效' then 'valid' else status end,
        'positive',
        cast(null as varchar),
        decided_on,
        first_batch_date,
        first_batch_date,
        valid_from,
        cast(null as date),
        valid_until,
        case when status <> '有效' then batch_date end,
        case when status <> '有效' then status end,
        cast(null as varchar),
        cast(null as decimal(18, 4)),
        certificate_name || '：' || coalesce(license_content, ''),
        authority,
        batch_id,
        source_location
    from {{ ref('stg_gov__licenses') }}

),

award_events as (

    select
        'gov_awards',
        'awards',
        award_id,
        case when uscc_status in ('valid', 'orgcode_mismatch') then 'entity' else 'unresolved_name' end,
        case when uscc_status in ('valid', 'orgcode_mismatch') then uscc else subject_name_key end,
        subject_name,
        'award',
        award_type,
        'positive',
        cast(null as varchar),
        awarded_on,
        first_batch_date,
        first_batch_date,
        awarded_on,
        cast(null as date),
        valid_until,
        cast(null as date),
        cast(null as varchar),
        cast(null as varchar),
        cast(null as decimal(18, 4)),
        award_type || '：' || title || '（' || coalesce(level, '') || '）',
        authority,
        batch_id,
        source_location
    from {{ ref('stg_gov__awards') }}

),

list_events as (

    select
        'gov_lists',
        'list_entries',
        entry_id,
        case when uscc_status in ('valid', 'orgcode_mismatch') then 'entity' else 'unresolved_name' end,
        case when uscc_status in ('valid', 'orgcode_mismatch') then uscc else subject_name_key end,
        subject_name,
        'list_entry',
        case when list_type = '黑名单' then 'black' else 'red' end,
        case when list_type = '黑名单' then 'negative' else 'positive' end,
        case when list_type = '黑名单' then 'serious' end,
        listed_on,
        first_batch_date,
        first_batch_date,
        listed_on,
        cast(null as date),
        scheduled_exit_on,
        removed_on,
        removal_reason,
        cast(null as varchar),
        cast(null as decimal(18, 4)),
        list_type || '：' || reason,
        department,
        batch_id,
        source_location
    from {{ ref('stg_gov__list_entries') }}

),

commitment_events as (

    select
        'commitments',
        'commitments',
        commitment_id,
        case when uscc_status in ('valid', 'orgcode_mismatch') then 'entity' else 'unresolved_name' end,
        case when uscc_status in ('valid', 'orgcode_mismatch') then uscc else subject_name_key end,
        subject_name,
        'commitment',
        case check_result when '履约' then 'kept' when '失信' then 'broken' else 'unchecked' end,
        case check_result when '履约' then 'positive' when '失信' then 'negative' else 'neutral' end,
        case when check_result = '失信' then 'general' end,
        coalesce(checked_on, committed_on),
        first_batch_date,
        first_batch_date,
        coalesce(checked_on, committed_on),
        cast(null as date),
        cast(coalesce(checked_on, committed_on)
            + to_months(cast({{ param('commitment_horizon_months') }} as integer)) as date),
        cast(null as date),
        cast(null as varchar),
        cast(null as varchar),
        cast(null as decimal(18, 4)),
        commitment_type || '：' || check_result,
        department,
        batch_id,
        source_location
    from {{ ref('stg_commitments__commitments') }}

),

ratings as (

    select
        *,
        lead(rated_on) over (partition by uscc, agency order by rated_on, rating_id) as superseded_on
    from {{ ref('stg_raters__ratings') }}
    where uscc_status in ('valid', 'orgcode_mismatch')

),

rating_events as (

    select
        'raters',
        'ratings',
        rating_id,
        'entity',
        uscc,
        entity_name,
        'rating',
        rating,
        case when rating in ('AAA', 'AA', 'A', 'BBB') then 'positive' else 'negative' end,
        cast(null as varchar),
        rated_on,
        first_batch_date,
        first_batch_date,
        rated_on,
        cast(null as date),
        valid_until,
        superseded_on,
        case when superseded_on is not null then 'superseded' end,
        cast(null as varchar),
        cast(null as decimal(18, 4)),
        agency || '：' || rating || '（' || coalesce(outlook, '') || '）',
        agency,
        batch_id,
        source_location
    from ratings

),

review_events as (

    select
        'ecommerce',
        'reviews',
        reviews.platform || ':' || reviews.review_id,
        case when shops.uscc is not null then 'entity' else 'shop' end,
        coalesce(shops.uscc, reviews.platform || ':' || reviews.shop_id),
        shops.shop_name,
        'review',
        cast(reviews.rating as varchar),
        case when reviews.rating >= 4 then 'positive' when reviews.rating <= 2 then 'negative' else 'neutral' end,
        cast(null as varchar),
        reviews.reviewed_on,
        greatest(reviews.first_batch_date, shops.linked_since),
        reviews.first_batch_date,
        reviews.reviewed_on,
        cast(null as date),
        cast(reviews.reviewed_on + to_days(cast({{ param('review_window_days') }} as integer)) as date),
        case when reviews.is_brushing then reviews.reviewed_on end,
        case when reviews.is_brushing then 'brushing' end,
        cast(null as varchar),
        cast(null as decimal(18, 4)),
        reviews.rating || '星' || case when reviews.is_brushing then '（刷单，已剔除）' else '' end,
        '平台' || reviews.platform,
        reviews.batch_id,
        reviews.source_location
    from {{ ref('int_reviews_flagged') }} as reviews
    left join shops
        on reviews.platform = shops.platform
        and reviews.shop_id = shops.shop_id

),

dispute_events as (

    select
        'ecommerce',
        'disputes',
        disputes.platform || ':' || disputes.dispute_id,
        case when shops.uscc is not null then 'entity' else 'shop' end,
        coalesce(shops.uscc, disputes.platform || ':' || disputes.shop_id),
        shops.shop_name,
        'complaint',
        'dispute',
        'negative',
        'minor',
        {{ beijing_date('disputes.opened_at') }},
        greatest(disputes.first_batch_date, shops.linked_since),
        disputes.first_batch_date,
        {{ beijing_date('disputes.opened_at') }},
        cast(null as date),
        cast({{ beijing_date('disputes.opened_at') }}
            + to_days(cast({{ param('complaint_window_days') }} as integer)) as date),
        cast(null as date),
        cast(null as varchar),
        cast(null as varchar),
        cast(disputes.amount_yuan / 10000 as decimal(18, 4)),
        disputes.dispute_type || '（' || disputes.status || '）',
        '平台' || disputes.platform,
        disputes.batch_id,
        disputes.source_location
    from {{ ref('stg_ecommerce__disputes') }} as disputes
    left join shops
        on disputes.platform = shops.platform
        and disputes.shop_id = shops.shop_id

),

complaint_events as (

    select
        'complaints_12312',
        'complaints',
        complaints.complaint_id,
        case when links.linked_uscc is not null then 'entity' else 'unresolved_name' end,
        coalesce(links.linked_uscc, complaints.business_name_key),
        complaints.business_name,
        'complaint',
        '12312',
        'negative',
        'minor',
        {{ beijing_date('complaints.received_at') }},
        greatest(complaints.first_batch_date, links.linked_since),
        complaints.first_batch_date,
        {{ beijing_date('complaints.received_at') }},
        cast(null as date),
        cast({{ beijing_date('complaints.received_at') }}
            + to_days(cast({{ param('complaint_window_days') }} as integer)) as date),
        -- a complaint the hotline did not accept is not a signal against the business
        case when complaints.status = '不予受理' then {{ beijing_date('complaints.received_at') }} end,
        case when complaints.status = '不予受理' then 'not_accepted' end,
        cast(null as varchar),
        cast(complaints.amount_yuan / 10000 as decimal(18, 4)),
        complaints.category || '（' || complaints.status || '）',
        '12312',
        complaints.batch_id,
        complaints.source_location
    from {{ ref('stg_12312__complaints') }} as complaints
    left join links
        on links.record_type = 'complaints_12312.complaints'
        and links.record_id = complaints.complaint_id
        and links.link_status = 'matched'

),

violation_events as (

    select
        'ecommerce',
        'violations',
        violations.platform || ':' || violations.violation_id,
        case when shops.uscc is not null then 'entity' else 'shop' end,
        coalesce(shops.uscc, violations.platform || ':' || violations.shop_id),
        shops.shop_name,
        'violation',
        'general',
        'negative',
        'general',
        {{ beijing_date('violations.occurred_at') }},
        greatest(violations.first_batch_date, shops.linked_since),
        violations.first_batch_date,
        {{ beijing_date('violations.occurred_at') }},
        cast(null as date),
        cast({{ beijing_date('violations.occurred_at') }}
            + to_months(cast({{ param('violation_horizon_months') }} as integer)) as date),
        cast(null as date),
        cast(null as varchar),
        cast(null as varchar),
        cast(null as decimal(18, 4)),
        violations.violation_type || '：' || violations.action,
        '平台' || violations.platform,
        violations.batch_id,
        violations.source_location
    from {{ ref('stg_ecommerce__violations') }} as violations
    left join shops
        on violations.platform = shops.platform
        and violations.shop_id = shops.shop_id

),

inspection_events as (

    select
        'wholesale',
        'inspections',
        inspections.market_id || ':' || inspections.sample_no,
        case when stalls.uscc is not null then 'entity' else 'stall' end,
        coalesce(stalls.uscc, inspections.market_id || ':' || inspections.stall_no),
        stalls.merchant_name,
        'inspection',
        case when inspections.result = '不合格' then 'fail' else 'pass' end,
        case when inspections.result = '不合格' then 'negative' else 'positive' end,
        case when inspections.result = '不合格' then 'general' end,
        inspections.inspected_on,
        greatest(inspections.first_batch_date, stalls.linked_since),
        inspections.first_batch_date,
        inspections.inspected_on,
        cast(null as date),
        cast(inspections.inspected_on + to_days(cast({{ param('inspection_window_days') }} as integer)) as date),
        cast(null as date),
        cast(null as varchar),
        cast(null as varchar),
        cast(null as decimal(18, 4)),
        inspections.item || '·' || inspections.test_item || '：' || inspections.result,
        inspections.market_id,
        inspections.batch_id,
        inspections.source_location
    from {{ ref('stg_wholesale__inspections') }} as inspections
    left join stalls
        on inspections.market_id = stalls.market_id
        and inspections.stall_no = stalls.stall_no

),

unioned as (

    select * from penalty_events
    union all select * from license_events
    union all select * from award_events
    union all select * from list_events
    union all select * from commitment_events
    union all select * from rating_events
    union all select * from review_events
    union all select * from dispute_events
    union all select * from complaint_events
    union all select * from violation_events
    union all select * from inspection_events

),

final as (

    select
        md5(source || ':' || source_dataset || ':' || source_record_id) as event_id,
        *
    from unioned

)

select * from final
