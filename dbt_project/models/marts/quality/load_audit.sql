-- 加载审计 — the gate's verdict for every batch of every source.
select
    source,
    dataset,
    batch_date,
    batch_id,
    suite,
    rows_received,
    rows_accepted,
    rows_quarantined,
    rows_skipped,
    verdict,
    reason,
    rule_counts,
    reported_counts,
    inputs,
    skipped_lines,
    validation_seconds
from {{ ref('stg_gate__audit') }}
