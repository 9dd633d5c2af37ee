-- 外贸信用 — the foreign-trade credit bulletin: one row per (record_id), the latest batch wins; each
-- department's result as one outcome code with its polarity and severity (seed trade_credit_results;
-- docs/domain.md §5 "Foreign trade"; its points are the seed score_event_points, event type
-- foreign_trade).
{% set key = ['record_id'] %}
{{ config(unique_key=key) }}

with

source as (

    select * from {{ lake_source('foreign_trade', 'trade_credit') }}

),

renamed as (

    select
        source.record_id,
        source.subject_name,
        source.subject_name_key,
        source.uscc,
        source.uscc_status,
        {{ usable_uscc('source.uscc', 'source.uscc_status') }} as usable_uscc,
        source.kind,
        source.result,
        results.outcome,
        results.polarity,
        results.severity,
        source.assessed_on,
        source.valid_until,
        source.department,
        source.detail,
        source._batch_id as batch_id,
        source._batch_date as batch_date,
        source._source_file as source_file,
        source._source_line as source_line
    from source
    -- each department's result as one outcome (seed trade_credit_results, the table the gate's rules
    -- are read from too); a result outside it was quarantined by the gate
    left join {{ ref('trade_credit_results') }} as results
        on source.kind = results.kind
        and source.result = results.result

),

final as (

    {{ latest_version('renamed', key) }}

)

select * from final
