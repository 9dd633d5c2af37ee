-- Rows the gate rejected, with the rule each broke and where it came from.
with

quarantine_files as (

    select * from {{ source('lake_quality', 'quarantine') }}

)

select
    source,
    dataset,
    cast(batch_date as date) as batch_date,
    batch_id,
    row_id,
    rule,
    severity,
    location,
    record
from quarantine_files
