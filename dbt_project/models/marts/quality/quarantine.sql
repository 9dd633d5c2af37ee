-- 隔离区 — every rejected row with the rule it broke, its batch, its file and line, its values.
select
    source,
    dataset,
    batch_date,
    batch_id,
    row_id,
    rule,
    severity,
    location,
    record
from {{ ref('stg_gate__quarantine') }}
