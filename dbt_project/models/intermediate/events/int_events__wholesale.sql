-- 批发市场抽检事件 — product inspections (抽检) as credit events: a failed sample is negative and
-- general, a passed one positive; on the stall's entity when the stall is linked to a USCC, else
-- on the stall. Incremental: the inspections this build wrote and those of stalls whose link changed.
{%- set incremental = events_incremental() %}
with

{% if incremental -%}
changed_stalls as (

    select
        market_id,
        stall_no
    from {{ ref('int_stall_subjects') }}
    where _build_id = {{ build_id() }}

),

inspection_keys as (

    {{ keys_written_or_under(
        ref('stg_wholesale__inspections'), 'market_id, sample_no', 'changed_stalls', 'market_id, stall_no'
    ) }}

),
{%- endif %}

stalls as (

    select
        market_id,
        stall_no,
        merchant_name,
        uscc,
        linked_since
    from {{ ref('int_stall_subjects') }}

),

inspections as (

    select staged.*
    from {{ ref('stg_wholesale__inspections') }} as staged
    {%- if incremental %}
semi join inspection_keys using (market_id, sample_no)
    {%- endif %}

),

final as (

    select
        'wholesale' as source,
        'inspections' as source_dataset,
        inspections.market_id || ':' || inspections.sample_no as source_record_id,
        case when stalls.uscc is not null then 'entity' else 'stall' end as subject_type,
        coalesce(stalls.uscc, inspections.market_id || ':' || inspections.stall_no) as subject_key,
        stalls.merchant_name as subject_name,
        'inspection' as event_type,
        case when inspections.result = '不合格' then 'fail' else 'pass' end as outcome,
        case when inspections.result = '不合格' then 'negative' else 'positive' end as polarity,
        case when inspections.result = '不合格' then 'general' end as severity,
        inspections.inspected_on as occurred_on,
        greatest(inspections.first_batch_date, stalls.linked_since) as known_on,
        inspections.first_batch_date as published_on,
        inspections.inspected_on as publish_from,
        cast(null as date) as publish_min_until,
        {{ plus_days('inspections.inspected_on', param_int('inspection_window_days')) }}
            as publish_until,
        cast(null as date) as ended_on,
        cast(null as string) as end_reason,
        cast(null as string) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        inspections.item || '·' || inspections.test_item || '：' || inspections.result as detail,
        inspections.market_id as authority,
        inspections.batch_id,
        inspections.source_location
    from inspections
    left join stalls
        on inspections.market_id = stalls.market_id
        and inspections.stall_no = stalls.stall_no

)

select * from final
