{{
    config(
        materialized='incremental',
        unique_key='event_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{{ retract_unmade_events() }}"
    )
}}
-- 信用事件 — one row per credit-relevant fact from every source, in one shape: its subject (an
-- entity by USCC, a person by keyed hash, or an unresolved shop/stall/name), when it happened,
-- when the centre first knew it, the window in which it counts, the points it carries at the start
-- of that window (seed score_event_points; how a fact moves the score is applied downstream), and
-- the raw record it came from (source, dataset, record id, batch, file:line or API request).
-- Incremental: a build rewrites the events of the records it touched — their new versions, and
-- those whose derived fields changed: a penalty's repair, a rating superseded by the same agency's
-- newer one, a review's brushing verdict, a shop's, stall's or complaint's link to an entity.
-- A rewritten record that no longer makes an event (a rating whose USCC turned out invalid, a
-- penalty whose types do not classify) loses its old one first (pre-hook).
-- depends_on: {{ ref('stg_gov_penalties__penalties') }}
{%- set incremental = is_incremental() %}
with

{% if incremental -%}
kept as (

    select event_type, source_record_id, ended_on, end_reason
    from {{ this }}
    where event_type in ('penalty', 'rating')

),

changed_shops as (

    select platform, shop_id from {{ ref('int_shop_subjects') }} where {{ written_in_this_build() }}

),

changed_stalls as (

    select market_id, stall_no from {{ ref('int_stall_subjects') }} where {{ written_in_this_build() }}

),
{%- endif %}

repairs as (

    select decision_no, min(effective_on) as repaired_on
    from {{ ref('int_penalty_repairs') }}
    where review_status = 'applied'
    group by decision_no

),

penalties as (

    select
        classified.*,
        repairs.repaired_on
    from {{ ref('int_penalties_classified') }} as classified
    left join repairs on classified.decision_no = repairs.decision_no
    {%- if incremental %}
    where classified._build_id = {{ build_id() }}
        -- a repair applied, changed or withdrawn since the event was written
        or classified.decision_no in (
            select coalesce(repairs.decision_no, kept.source_record_id)
            from repairs
            full outer join (select * from kept where event_type = 'penalty') as kept
                on repairs.decision_no = kept.source_record_id
            where repairs.repaired_on is distinct from (case when kept.end_reason = 'repaired' then kept.ended_on end)
                and (repairs.decision_no is not null or kept.end_reason = 'repaired')
        )
    {%- endif %}

),

licenses as (

    select * from {{ ref('stg_gov_licenses__licenses') }} where {{ written_in_this_build() }}

),

awards as (

    select * from {{ ref('stg_gov_awards__awards') }} where {{ written_in_this_build() }}

),

list_entries as (

    select * from {{ ref('stg_gov_lists__list_entries') }} where {{ written_in_this_build() }}

),

commitments as (

    select * from {{ ref('stg_commitments__commitments') }} where {{ written_in_this_build() }}

),

ratings as (

    -- each agency's ratings of an entity, superseded by its next one (all of them: a few per entity)
    select
        *,
        lead(rated_on) over (partition by uscc, agency order by rated_on, rating_id) as superseded_on
    from {{ ref('stg_raters__ratings') }}
    where usable_uscc is not null

),

{% if incremental -%}
changed_ratings as (

    select ratings.*
    from ratings
    left join (select * from kept where event_type = 'rating') as kept
        on kept.source_record_id = ratings.rating_id
    where ratings._build_id = {{ build_id() }}
        or ratings.superseded_on is distinct from kept.ended_on

),
{%- endif %}

shops as (

    select platform, shop_id, shop_name, uscc, linked_since from {{ ref('int_shop_subjects') }}

),

stalls as (

    select market_id, stall_no, merchant_name, uscc, linked_since from {{ ref('int_stall_subjects') }}

),

links as (

    select * from {{ ref('int_entity_name_links') }}

),

-- the few reviews found in a brushing burst (joining every review's verdict would build a hash
-- table of all the reviews a province has)
brushed as (

    select platform, review_id from {{ ref('int_reviews_flagged') }} where is_brushing

),

{% if incremental -%}
-- the records whose events this build rewrites, by key (keys_written_or_under: no history-long
-- scan carries the wide columns)
review_keys as (

    {{ keys_written_or_under(ref('stg_ecommerce__reviews'), 'platform, review_id', 'changed_shops', 'platform, shop_id') }}
    union
    -- a verdict that changed
    select platform, review_id from {{ ref('int_reviews_flagged') }} where _build_id = {{ build_id() }}

),

dispute_keys as (

    {{ keys_written_or_under(ref('stg_ecommerce__disputes'), 'platform, dispute_id', 'changed_shops', 'platform, shop_id') }}

),

violation_keys as (

    {{ keys_written_or_under(ref('stg_ecommerce__violations'), 'platform, violation_id', 'changed_shops', 'platform, shop_id') }}

),

complaint_keys as (

    select complaint_id from {{ ref('stg_complaints_12312__complaints') }} where _build_id = {{ build_id() }}
    union
    select record_id from links
    where record_type = 'complaints_12312.complaints' and _build_id = {{ build_id() }}

),

inspection_keys as (

    {{ keys_written_or_under(ref('stg_wholesale__inspections'), 'market_id, sample_no', 'changed_stalls', 'market_id, stall_no') }}

),
{%- endif %}

reviews as (

    select
        staged.platform,
        staged.review_id,
        staged.shop_id,
        staged.rating,
        staged.reviewed_on,
        brushed.review_id is not null as is_brushing,
        staged.first_batch_date,
        staged.batch_id,
        staged.source_location
    from {{ ref('stg_ecommerce__reviews') }} as staged
    {%- if incremental %}
    semi join review_keys using (platform, review_id)
    {%- endif %}
    left join brushed
        on staged.platform = brushed.platform
        and staged.review_id = brushed.review_id

),

disputes as (

    select staged.*
    from {{ ref('stg_ecommerce__disputes') }} as staged
    {%- if incremental %}
    semi join dispute_keys using (platform, dispute_id)
    {%- endif %}

),

violations as (

    select staged.*
    from {{ ref('stg_ecommerce__violations') }} as staged
    {%- if incremental %}
    semi join violation_keys using (platform, violation_id)
    {%- endif %}

),

complaints as (

    select staged.*
    from {{ ref('stg_complaints_12312__complaints') }} as staged
    {%- if incremental %}
    semi join complaint_keys using (complaint_id)
    {%- endif %}

),

inspections as (

    select staged.*
    from {{ ref('stg_wholesale__inspections') }} as staged
    {%- if incremental %}
    semi join inspection_keys using (market_id, sample_no)
    {%- endif %}

),

penalty_events as (

    select
        'gov_penalties' as source,
        'penalties' as source_dataset,
        decision_no as source_record_id,
        case
            when subject_type = 'person' then 'person'
            when usable_uscc is not null then 'entity'
            else 'unresolved_name'
        end as subject_type,
        case
            when subject_type = 'person' then subject_key
            when usable_uscc is not null then usable_uscc
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
            when usable_uscc is not null then 'entity'
            else 'unresolved_name'
        end,
        case
            when subject_category = '自然人' then id_number_hash
            when usable_uscc is not null then usable_uscc
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
    from licenses

),

award_events as (

    select
        'gov_awards',
        'awards',
        award_id,
        case when usable_uscc is not null then 'entity' else 'unresolved_name' end,
        coalesce(usable_uscc, subject_name_key),
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
    from awards

),

list_events as (

    select
        'gov_lists',
        'list_entries',
        entry_id,
        case when usable_uscc is not null then 'entity' else 'unresolved_name' end,
        coalesce(usable_uscc, subject_name_key),
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
    from list_entries

),

commitment_events as (

    select
        'commitments',
        'commitments',
        commitment_id,
        case when usable_uscc is not null then 'entity' else 'unresolved_name' end,
        coalesce(usable_uscc, subject_name_key),
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
    from commitments

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
    from {{ 'changed_ratings' if incremental else 'ratings' }}

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
    from reviews
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
    from disputes
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
    from complaints
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
    from violations
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
    from inspections
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
        md5(unioned.source || ':' || unioned.source_dataset || ':' || unioned.source_record_id) as event_id,
        unioned.subject_type,
        unioned.subject_key,
        unioned.subject_name,
        unioned.event_type,
        unioned.outcome,
        unioned.polarity,
        unioned.severity,
        unioned.occurred_on,
        unioned.known_on,
        unioned.published_on,
        unioned.effective_from as publish_from,
        unioned.publish_min_until,
        unioned.publish_until,
        unioned.ended_on,
        unioned.end_reason,
        unioned.rule_version,
        points.points as base_points,
        unioned.amount_wan,
        unioned.detail,
        unioned.authority,
        unioned.source,
        unioned.source_dataset,
        unioned.source_record_id,
        unioned.batch_id,
        unioned.source_location,
        {{ build_id() }} as _build_id
    from unioned
    left join {{ ref('score_event_points') }} as points
        on unioned.event_type = points.event_type
        and unioned.outcome = points.outcome

)

select * from final

