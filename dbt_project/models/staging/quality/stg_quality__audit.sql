-- The gate's verdict per batch, as written by ingest/gate.py.
with

audit_files as (

    select * from {{ source('lake_quality', 'audit') }}

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
    verdict,
    reason,
    rule_counts,
    reported_counts,
    inputs,
    validation_seconds
from audit_files
