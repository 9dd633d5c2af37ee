-- 数据源时效 — one row per dataset of every declared source (the dbt sources): how far it is loaded
-- against the as-of day, and fresh / late / stale / blocked / never_loaded (seed credit_parameters
-- freshness_*). A blocked day counts as not loaded: the dataset is loaded through the day before its
-- first open blocked batch, however many later days passed, and the blocked days are named until a
-- re-load passes (quality.open_blocked_batches). A source that is down keeps its old batches: the
-- warehouse still publishes from the others and this table (and a warn-severity test) says which
-- source is behind. Measured against the as-of day, not the wall clock, so a rebuild of the same
-- lake says the same. It also says from which day the centre holds each dataset's records: its first
-- accepted batch, or earlier where the department declared that first delivery carried its records
-- from a given day (CREDIT_HISTORY_FROM; docs/domain.md §5 "Only what the records support").
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

declared as (

    {% set rows = [] -%}
    {%- for node in graph.sources.values() if node.source_name != 'build' -%}
    {%- do rows.append("select '" ~ node.source_name ~ "' as source, '" ~ node.name ~ "' as dataset") -%}
    {%- endfor -%}
    {%- set none_declared = "select null::string as source, null::string as dataset where false" %}
    {{ rows | sort | join('\n    union all\n    ') if rows else none_declared }}

),

batches as (

    select
        source,
        dataset,
        max(batch_date) filter (where verdict not in ('blocked', 'not_uploaded')) as last_accepted_on,
        min(batch_date) filter (
            where verdict not in ('blocked', 'not_uploaded') and batch_date <= (select as_of.as_of_date from as_of)
        ) as first_accepted_on,
        max(batch_date) as last_batch_on,
        min(batch_date) filter (where verdict = 'blocked') as first_blocked_on,
        count(*) filter (where verdict = 'blocked') as blocked_batches,
        {{ ordered_text('cast(batch_date as string)', "', '", ['batch_date'], where="verdict = 'blocked'") }}
            as blocked_days
    from {{ ref('load_audit') }}
    group by source, dataset

),

declared_history as (

    {{ declared_history() }}

),

loaded as (

    select
        *,
        case
            when first_blocked_on is null then last_accepted_on
            else least(last_accepted_on, cast(first_blocked_on - 1 as date))
        end as loaded_through
    from batches

),

final as (

    select
        declared.source,
        declared.dataset,
        loaded.first_accepted_on,
        declared_history.declared_from as declared_history_from,
        case
            when loaded.first_accepted_on is not null
                then least(coalesce(declared_history.declared_from, loaded.first_accepted_on), loaded.first_accepted_on)
        end as records_begin_on,
        loaded.last_accepted_on,
        loaded.last_batch_on,
        loaded.loaded_through,
        coalesce(loaded.blocked_batches, 0) as blocked_batches,
        loaded.blocked_days,
        {{ days_between('loaded.loaded_through', 'as_of.as_of_date') }} as days_behind,
        case
            when loaded.last_accepted_on is null and loaded.blocked_batches is null then 'never_loaded'
            when loaded.blocked_batches > 0 then 'blocked'
            when {{ days_between('loaded.loaded_through', 'as_of.as_of_date') }} > {{ param('freshness_stale_days') }}
                then 'stale'
            when {{ days_between('loaded.loaded_through', 'as_of.as_of_date') }} > {{ param('freshness_late_days') }}
                then 'late'
            else 'fresh'
        end as status,
        as_of.as_of_date
    from declared
    cross join as_of
    left join loaded
        on declared.source = loaded.source
        and declared.dataset = loaded.dataset
    left join declared_history
        on declared.source = declared_history.source
        and declared.dataset = declared_history.dataset

)

select * from final
