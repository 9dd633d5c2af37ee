-- 数据源时效 — one row per dataset of every declared source (the dbt sources): its last accepted
-- batch day against the as-of day, and fresh / late / stale / never_loaded (seed credit_parameters
-- freshness_*). A source that is down keeps its old batches: the warehouse still publishes from
-- the others and this table (and a warn-severity test) says which source is behind. Measured
-- against the as-of day, not the wall clock, so a rebuild of the same lake says the same;
-- `dbt source freshness` (wall clock) runs in the build_warehouse DAG as well.
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

declared as (

    {% set rows = [] -%}
    {%- for node in graph.sources.values() if node.source_name != 'build' -%}
        {%- do rows.append("select '" ~ node.source_name ~ "' as source, '" ~ node.name ~ "' as dataset") -%}
    {%- endfor -%}
    {{ rows | sort | join('\n    union all\n    ') if rows else "select null::varchar as source, null::varchar as dataset where false" }}

),

batches as (

    select
        source,
        dataset,
        max(batch_date) filter (where verdict not in ('blocked', 'not_uploaded')) as last_accepted_on,
        max(batch_date) as last_batch_on,
        count(*) filter (where verdict = 'blocked') as blocked_batches
    from {{ ref('load_audit') }}
    group by source, dataset

),

final as (

    select
        declared.source,
        declared.dataset,
        batches.last_accepted_on,
        batches.last_batch_on,
        coalesce(batches.blocked_batches, 0) as blocked_batches,
        as_of.as_of_date - batches.last_accepted_on as days_behind,
        case
            when batches.last_accepted_on is null then 'never_loaded'
            when as_of.as_of_date - batches.last_accepted_on > {{ param('freshness_stale_days') }} then 'stale'
            when as_of.as_of_date - batches.last_accepted_on > {{ param('freshness_late_days') }} then 'late'
            else 'fresh'
        end as status,
        as_of.as_of_date
    from declared
    cross join as_of
    left join batches
        on declared.source = batches.source
        and declared.dataset = batches.dataset

)

select * from final
