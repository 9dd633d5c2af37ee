{#- Incremental builds (credit/warehouse/build.py, credit/warehouse/plan.py). A build that only adds batches to
    the lake starts from a copy of the published warehouse and records those batches in
    build.new_batches; every incremental model then reads just what they bring, and stamps each
    row it writes with the build's id (_build_id), so that

    - a model downstream reads only the rows an upstream model rewrote in this build
      (`where {{ written_in_this_build() }}`);
    - tests on an incremental model check the rows this build wrote (get_where_subquery below),
      the way a partitioned pipeline checks the partition it loads, not its whole history.

    A full rebuild (`--full-refresh`) computes and checks everything. -#}

{% macro build_id() -%}
    '{{ invocation_id }}'
{%- endmacro %}

{#- Rows an upstream incremental model wrote in this build (every row in a full rebuild). -#}
{% macro written_in_this_build(alias=none) -%}
    {%- if is_incremental() -%}
        {{ alias ~ '.' if alias }}_build_id = {{ build_id() }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- The lake files of the batches this build adds, for one dataset and zone (compile-time query). -#}
{% macro new_batch_files(source_name, table_name, zone='accepted') -%}
    {{ return(_new_batch_files(zone, "source = '" ~ source_name ~ "' and dataset = '" ~ table_name ~ "'")) }}
{%- endmacro %}

{#- The same for every dataset of a zone (quality.quarantine). -#}
{% macro new_batch_files_all(zone) -%}
    {{ return(_new_batch_files(zone, 'true')) }}
{%- endmacro %}

{% macro _new_batch_files(zone, condition) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set sql -%}
        select {{ zone }}_file from {{ source('build', 'new_batches') }}
        where {{ condition }} and {{ zone }}_file is not null
        order by 1
    {%- endset -%}
    {%- set found = run_query(sql) -%}
    {{ return(found.columns[0].values() | list) }}
{%- endmacro %}

{#- A dataset of the lake's accepted zone: all of it in a full rebuild; in an incremental build
    only the partitions of the batches this build adds (plus the dataset's `_schema.parquet`, so
    the columns are there when none of them brought rows). Either way only the rows of the batches
    the plan read (build.new_batches): ingest runs on while a build runs, and a batch gated after
    the plan has no verdict in this build, so its rows must wait for the next one. -#}
{% macro lake_source(source_name, table_name) -%}
    {{ return(adapter.dispatch('lake_source', 'credit_centre')(source_name, table_name)) }}
{%- endmacro %}

{#- Spark builds in full, from the lake's external tables (credit/warehouse/spark_build.py); the
    source is still named, for lineage. -#}
{% macro spark__lake_source(source_name, table_name) -%}
    {%- set lineage = source(source_name, table_name) -%}
    (
        select *
        from {{ lake_table('accepted', source_name, table_name) }}
        where _batch_id in (select batch_id from {{ source('build', 'new_batches') }})
    )
{%- endmacro %}

{% macro default__lake_source(source_name, table_name) -%}
    {%- if is_incremental() -%}
        {%- set files = [lake_path('accepted', source_name, table_name, '_schema.parquet')] -%}
        {%- for f in new_batch_files(source_name, table_name) -%}{%- do files.append(lake_path(leaf=f)) -%}{%- endfor -%}
        (
            select *
            from read_parquet([{%- for f in files %}'{{ f }}'{{ ', ' if not loop.last }}{% endfor -%}], union_by_name = true)
            where _batch_id in (select batch_id from {{ source('build', 'new_batches') }})
        )
    {%- else -%}
        (
            select *
            from {{ source(source_name, table_name) }}
            where _batch_id in (select batch_id from {{ source('build', 'new_batches') }})
        )
    {%- endif -%}
{%- endmacro %}

{#- Staging's one deduplication rule: per record key, the version of the latest batch wins (a
    bureau's corrected re-upload or a platform's later change replaces the earlier version), then
    the last file and line within that batch; `first_seen` (first_batch_date) keeps the day the
    centre first held the record, so what it knew on a day never depends on what arrived later.
    In an incremental build the incoming rows compete with the version kept so far of the same
    keys, so the result is the same as deduplicating the whole lake. `relation` holds the renamed
    columns with batch_date, batch_id, source_file and source_line. -#}
{% macro latest_version(relation, key, first_seen='first_batch_date') -%}
    {%- set k = key | join(', ') -%}
    with versions as (

        select *, batch_date as _seen_on
        from {{ relation }}
        {%- if is_incremental() %}

        union all by name

        select kept.* exclude ({{ first_seen }}, source_location, _build_id), kept.{{ first_seen }} as _seen_on
        from {{ this }} as kept
        semi join {{ relation }} as incoming using ({{ k }})
        {%- endif %}

    ),

    -- keys with more than one version: only those need ranking (a full rebuild of reviews is
    -- tens of millions of keys, nearly all seen once)
    repeated as (

        select {{ k }} from versions group by {{ k }} having count(*) > 1

    ),

    latest as (

        select {{ star_except(['_seen_on'], 'versions') }}, versions._seen_on as {{ first_seen }}
        from versions
        anti join repeated using ({{ k }})

        union all

        select
            {{ star_except(['_seen_on']) }},
            min(_seen_on) over (partition by {{ k }}) as {{ first_seen }}
        from versions
        semi join repeated using ({{ k }})
        qualify row_number() over (
            partition by {{ k }}
            order by batch_date desc, source_file desc, source_line desc
        ) = 1

    )

    select
        *,
        source_file || ':' || source_line as source_location,
        {{ build_id() }} as _build_id
    from latest
{%- endmacro %}

{#- Tests read `get_where_subquery(model)`: in an incremental build a test on an incremental model
    checks the rows this build wrote (the rest was checked by the build that wrote it); a test's
    own `where` config still applies. -#}
{% macro duckdb__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if execute and not where and not flags.FULL_REFRESH and build_setting('score_from') and is_incremental_relation(relation) -%}
        {%- set where = '_build_id = ' ~ build_id() -%}
    {%- endif -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{% macro is_incremental_relation(relation) -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.config.materialized == 'incremental'
            and (node.alias or node.name) == relation.identifier and node.schema == relation.schema -%}
            {{- return(true) -}}
        {%- endif -%}
    {%- endfor -%}
    {{- return(false) -}}
{%- endmacro %}

{#- The keys of `model` this build must revisit: the rows it wrote in this build, and every row whose
    subject is in `changed` (joined on `on`): first the small set (zone maps find this build's rows
    without reading older row groups), then a semi-join that carries only the key columns. -#}
{% macro keys_written_or_under(model, keys, changed, on) -%}
    select {{ keys }} from {{ model }} where _build_id = {{ build_id() }}
    union
    select {{ keys }} from {{ model }} semi join {{ changed }} using ({{ on }})
{%- endmacro %}
