-- Rows the gate rejected, with the rule each broke and where it came from. A re-run day replaces
-- its quarantine partition in the lake, so an incremental build first drops what it held for the
-- days it adds (even when the new batch quarantined nothing), then appends their rows.
{{
    config(
        incremental_strategy='append',
        pre_hook="{% if is_incremental() %}delete from {{ this }} where (source, dataset, batch_date) in (select source, dataset, batch_date from {{ source('build', 'new_batches') }}){% endif %}"
    )
}}

with

quarantine_files as (

    {% if is_incremental() -%}
    {%- set files = [lake_path('quarantine', leaf='_schema.parquet')] -%}
    {%- for f in new_batch_files_all('quarantine') -%}{%- do files.append(lake_path(leaf=f)) -%}{%- endfor -%}
    select * from read_parquet([{%- for f in files %}'{{ f }}'{{ ', ' if not loop.last }}{% endfor -%}], union_by_name = true) -- noqa: LT05
    {%- else -%}
        -- the quarantine zone of every source and dataset, and its _schema.parquet: the batches the
        -- plan read (a batch gated while this build runs waits for the next one)
        select * from {{ lake_zone('quarantine') }}
        where batch_id in (select batch_id from {{ source('build', 'new_batches') }})
    {%- endif %}

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
    record,
    {{ build_id() }} as _build_id
from quarantine_files
