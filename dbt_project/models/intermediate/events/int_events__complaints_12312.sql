-- 12312投诉事件 — consumer complaints from the 12312 hotline as negative, minor events, on the
-- business's entity when its name is linked to one (int_entity_name_links: matched only, from the
-- day it was), else on the name; a complaint not accepted ends on its own day.
-- Incremental: the complaints this build wrote and those whose link changed.
{%- set incremental = events_incremental() %}
with

links as (

    select * from {{ ref('int_entity_name_links') }}

),

{% if incremental -%}
complaint_keys as (

    select complaint_id from {{ ref('stg_complaints_12312__complaints') }}
    where _build_id = {{ build_id() }}
    union
    select record_id from links
    where record_type = 'complaints_12312.complaints' and _build_id = {{ build_id() }}

),
{%- endif %}

complaints as (

    select staged.*
    from {{ ref('stg_complaints_12312__complaints') }} as staged
    {%- if incremental %}
semi join complaint_keys using (complaint_id)
    {%- endif %}

),

final as (

    select
        'complaints_12312' as source,
        'complaints' as source_dataset,
        complaints.complaint_id as source_record_id,
        case when links.linked_uscc is not null then 'entity' else 'unresolved_name' end as subject_type,
        coalesce(links.linked_uscc, complaints.business_name_key) as subject_key,
        complaints.business_name as subject_name,
        'complaint' as event_type,
        '12312' as outcome,
        'negative' as polarity,
        'minor' as severity,
        {{ beijing_date('complaints.received_at') }} as occurred_on,
        greatest(complaints.first_batch_date, links.linked_since) as known_on,
        complaints.first_batch_date as published_on,
        {{ beijing_date('complaints.received_at') }} as publish_from,
        cast(null as date) as publish_min_until,
        {{ plus_days(beijing_date('complaints.received_at'), param_int('complaint_window_days')) }} as publish_until,
        -- a complaint the hotline did not accept is not a signal against the business
        case when complaints.status = '不予受理' then {{ beijing_date('complaints.received_at') }} end as ended_on,
        case when complaints.status = '不予受理' then 'not_accepted' end as end_reason,
        cast(null as string) as rule_version,
        cast(complaints.amount_yuan / 10000 as decimal(18, 4)) as amount_wan,
        complaints.category || '（' || complaints.status || '）' as detail,
        '12312' as authority,
        complaints.batch_id,
        complaints.source_location
    from complaints
    left join links
        on links.record_type = 'complaints_12312.complaints'
        and complaints.complaint_id = links.record_id
        and links.link_status = 'matched'

)

select * from final
