-- The gate's verdict per batch, as written by credit/gate/batches.py. The build reads the lake's audit
-- files once (credit/warehouse/plan.py: only those new since the published build) into
-- build.new_batches; a re-run day's new verdict replaces the old one.
{{ config(unique_key=['source', 'dataset', 'batch_date']) }}

with

audit as (

    select * from {{ source('build', 'new_batches') }}

)

select
    source,
    dataset,
    cast(batch_date as date) as batch_date,
    batch_id,
    suite,
    rows_received,
    rows_accepted,
    rows_quarantined,
    coalesce(rows_skipped, 0) as rows_skipped,
    verdict,
    reason,
    rule_counts,
    reported_counts,
    inputs,
    coalesce(skipped_lines, '[]') as skipped_lines,
    validation_seconds,
    {{ build_id() }} as _build_id
from audit
