{#- Where DuckDB and Spark differ (docs/engines.md "How the SQL stays one project"): one macro per
    difference, dispatched on the adapter. A model calls these only where no SQL both engines accept
    exists. -#}

{#- Every column of `relation` (a CTE or table alias) but `columns`. -#}
{% macro star_except(columns, relation=none) -%}
    {{ return(adapter.dispatch('star_except', 'credit_centre')(columns, relation)) }}
{%- endmacro %}

{% macro default__star_except(columns, relation) -%}
    {{ relation ~ '.' if relation }}* exclude ({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__star_except(columns, relation) -%}
    {{ relation ~ '.' if relation }}* except ({{ columns | join(', ') }})
{%- endmacro %}

{#- Days from `start` to `end` (an integer; negative when `end` is earlier). -#}
{% macro days_between(start, end) -%}
    {{ return(adapter.dispatch('days_between', 'credit_centre')(start, end)) }}
{%- endmacro %}

{% macro default__days_between(start, end) -%}
    ({{ end }} - {{ start }})
{%- endmacro %}

{% macro spark__days_between(start, end) -%}
    cast(datediff({{ end }}, {{ start }}) as bigint)
{%- endmacro %}

{#- The Spark build's name for a lake dataset (credit/warehouse/spark_build.py lake_table). -#}
{% macro lake_table(zone, source_name=none, table_name=none) -%}
    lake.{{ [zone, source_name, table_name] | select | join('__') }}
{%- endmacro %}

{#- Spark builds in full (docs/engines.md "What differs by design"): its plain Parquet tables have
    neither delete+insert nor merge, so an incremental model is built as a table there. -#}
{% materialization incremental, adapter='spark' -%}
    {{ return(materialization_table_spark()) }}
{%- endmaterialization %}

{#- Contracts declare DuckDB's type names (docs/contract.md); Spark checks the same contracts with
    Spark's names for them: varchar is string, a list is array<...>, a struct struct<...>, hugeint
    (which Spark lacks) decimal(38,0), timestamptz Spark's timestamp (which holds an instant). -#}
{% macro spark_data_type(data_type) -%}
    {%- set t = data_type | trim | lower -%}
    {%- if t.endswith('[]') -%}
        {{- return('array<' ~ spark_data_type(t[:-2]) ~ '>') -}}
    {%- elif t.startswith('struct(') and t.endswith(')') -%}
        {%- set fields = [] -%}
        {%- for part in t[7:-1].split(',') -%}
            {%- set name_and_type = part.strip().split(' ', 1) -%}
            {%- do fields.append(name_and_type[0].strip('"') ~ ': ' ~ spark_data_type(name_and_type[1])) -%}
        {%- endfor -%}
        {{- return('struct<' ~ fields | join(', ') ~ '>') -}}
    {%- endif -%}
    {%- set names = {'varchar': 'string', 'text': 'string', 'hugeint': 'decimal(38,0)', 'timestamptz': 'timestamp', 'integer': 'int'} -%}
    {{- return(names.get(t, t)) -}}
{%- endmacro %}

{% macro spark__get_empty_schema_sql(columns) -%}
    select
    {% for i in columns -%}
        {%- set col = columns[i] -%}
        {%- if col['data_type'] is not defined -%}
            {{ exceptions.column_type_missing(column_names=[col['name']]) }}
        {%- endif %}
        cast(null as {{ spark_data_type(col['data_type']) }}) as {{ adapter.quote(col['name']) if col.get('quote') else col['name'] }}{{ ", " if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- Every file of a lake zone, whatever its source and dataset (the quarantine zone's rows name them). -#}
{% macro lake_zone(zone) -%}
    {{ return(adapter.dispatch('lake_zone', 'credit_centre')(zone)) }}
{%- endmacro %}

{% macro default__lake_zone(zone) -%}
    read_parquet('{{ lake_path(zone, leaf='**/*.parquet') }}', union_by_name = true)
{%- endmacro %}

{% macro spark__lake_zone(zone) -%}
    {{ lake_table(zone) }}
{%- endmacro %}

{#- Lists and structs. DuckDB writes `[a, b]`, `struct_pack(k := v)`, `list_transform`; Spark
    `array(a, b)`, `named_struct('k', v)`, `transform`. Lambdas (`x -> ...`), `filter(list, x -> ...)`,
    `array_sort`, `array_distinct` and `array_contains` are the same in both. -#}
{% macro list_of(items) -%}
    {{ return(adapter.dispatch('list_of', 'credit_centre')(items)) }}
{%- endmacro %}

{% macro default__list_of(items) -%}
    [{{ items | join(', ') }}]
{%- endmacro %}

{% macro spark__list_of(items) -%}
    array({{ items | join(', ') }})
{%- endmacro %}

{#- A struct from (name, expression) pairs. -#}
{% macro struct_of(fields) -%}
    {{ return(adapter.dispatch('struct_of', 'credit_centre')(fields)) }}
{%- endmacro %}

{% macro default__struct_of(fields) -%}
    struct_pack({% for name, expr in fields %}{{ name }} := {{ expr }}{{ ', ' if not loop.last }}{% endfor %})
{%- endmacro %}

{% macro spark__struct_of(fields) -%}
    named_struct({% for name, expr in fields %}'{{ name }}', {{ expr }}{{ ', ' if not loop.last }}{% endfor %})
{%- endmacro %}

{% macro list_map(list, lambda) -%}
    {{ return(adapter.dispatch('list_map', 'credit_centre')(list, lambda)) }}
{%- endmacro %}

{% macro default__list_map(list, lambda) -%}
    list_transform({{ list }}, {{ lambda }})
{%- endmacro %}

{% macro spark__list_map(list, lambda) -%}
    transform({{ list }}, {{ lambda }})
{%- endmacro %}

{% macro list_size(list) -%}
    {{ return(adapter.dispatch('list_size', 'credit_centre')(list)) }}
{%- endmacro %}

{% macro default__list_size(list) -%}
    len({{ list }})
{%- endmacro %}

{% macro spark__list_size(list) -%}
    size({{ list }})
{%- endmacro %}

{#- The sum of a list of numbers (a double). -#}
{% macro list_total(list) -%}
    {{ return(adapter.dispatch('list_total', 'credit_centre')(list)) }}
{%- endmacro %}

{% macro default__list_total(list) -%}
    list_sum({{ list }})
{%- endmacro %}

{% macro spark__list_total(list) -%}
    aggregate({{ list }}, cast(0 as double), (total, x) -> total + x)
{%- endmacro %}

{% macro list_join(list, separator) -%}
    {{ return(adapter.dispatch('list_join', 'credit_centre')(list, separator)) }}
{%- endmacro %}

{% macro default__list_join(list, separator) -%}
    array_to_string({{ list }}, {{ separator }})
{%- endmacro %}

{% macro spark__list_join(list, separator) -%}
    array_join({{ list }}, {{ separator }})
{%- endmacro %}

{#- One output row per element (in a select list). -#}
{% macro explode_list(list) -%}
    {{ return(adapter.dispatch('explode_list', 'credit_centre')(list)) }}
{%- endmacro %}

{% macro default__explode_list(list) -%}
    unnest({{ list }})
{%- endmacro %}

{% macro spark__explode_list(list) -%}
    explode({{ list }})
{%- endmacro %}

{#- Text split on a literal separator (Spark's split takes a pattern). -#}
{% macro split_text(text, separator) -%}
    {{ return(adapter.dispatch('split_text', 'credit_centre')(text, separator)) }}
{%- endmacro %}

{% macro default__split_text(text, separator) -%}
    string_split({{ text }}, '{{ separator }}')
{%- endmacro %}

{% macro spark__split_text(text, separator) -%}
    split({{ text }}, '{{ modules.re.escape(separator) | replace('\\', '\\\\') }}')
{%- endmacro %}

{#- The integers from `first` up to, not including, `until` (empty when until <= first). -#}
{% macro int_range(first, until) -%}
    {{ return(adapter.dispatch('int_range', 'credit_centre')(first, until)) }}
{%- endmacro %}

{% macro default__int_range(first, until) -%}
    range({{ first }}, {{ until }})
{%- endmacro %}

{% macro spark__int_range(first, until) -%}
    filter(sequence({{ first }}, {{ until }}), n -> n < {{ until }})
{%- endmacro %}

{#- One row per integer from `first` up to, not including, `until`, as an integer (in a select list). -#}
{% macro each_int(first, until) -%}
    {{ return(adapter.dispatch('each_int', 'credit_centre')(first, until)) }}
{%- endmacro %}

{% macro default__each_int(first, until) -%}
    cast(unnest(range({{ first }}, {{ until }})) as integer)
{%- endmacro %}

{% macro spark__each_int(first, until) -%}
    explode({{ spark__int_range(first, until) }})
{%- endmacro %}

{#- Aggregates that order what they collect: `value` in the order of `order_by` (a list of
    expressions, ascending). Spark's collect has no order: it sorts (order_by..., value) structs. -#}
{% macro ordered_list(value, order_by, where=none) -%}
    {{ return(adapter.dispatch('ordered_list', 'credit_centre')(value, order_by, where)) }}
{%- endmacro %}

{% macro default__ordered_list(value, order_by, where) -%}
    list({{ value }} order by {{ order_by | join(', ') }}){{ ' filter (where ' ~ where ~ ')' if where }}
{%- endmacro %}

{#- Spark collects no rows into an empty list where DuckDB gives null: null it is. -#}
{% macro spark__ordered_list(value, order_by, where) -%}
    {%- set collected -%}
        array_agg(named_struct({% for k in order_by %}'k{{ loop.index }}', {{ k }}, {% endfor %}'v', {{ value }}))
        {{- ' filter (where ' ~ where ~ ')' if where }}
    {%- endset -%}
    case when size({{ collected }}) > 0 then transform(array_sort({{ collected }}), s -> s.v) end
{%- endmacro %}

{% macro ordered_text(value, separator, order_by, where=none) -%}
    {{ return(adapter.dispatch('ordered_text', 'credit_centre')(value, separator, order_by, where)) }}
{%- endmacro %}

{% macro default__ordered_text(value, separator, order_by, where) -%}
    string_agg({{ value }}, {{ separator }} order by {{ order_by | join(', ') }}){{ ' filter (where ' ~ where ~ ')' if where }}
{%- endmacro %}

{#- string_agg skips nulls, and gives null when every value is null; Spark's array_agg keeps a struct
    whose value is null, which array_join would make '': such rows are left out first -#}
{% macro spark__ordered_text(value, separator, order_by, where) -%}
    {%- set kept = '(' ~ value ~ ') is not null' ~ (' and (' ~ where ~ ')' if where else '') -%}
    array_join({{ spark__ordered_list(value, order_by, kept) }}, {{ separator }})
{%- endmacro %}

{#- A CTE read more than once that DuckDB should scan again rather than hold (DEVELOPERS.md);
    Spark plans CTEs inline anyway. Written `name as {{ not_materialized() }}(`. -#}
{% macro not_materialized() -%}
    {{ return(adapter.dispatch('not_materialized', 'credit_centre')()) }}
{%- endmacro %}

{% macro default__not_materialized() -%}
    not materialized {% endmacro %}

{% macro spark__not_materialized() -%}{%- endmacro %}

{#- The n-th element of a list, counting from 1. -#}
{% macro list_at(list, n) -%}
    {{ return(adapter.dispatch('list_at', 'credit_centre')(list, n)) }}
{%- endmacro %}

{% macro default__list_at(list, n) -%}
    {{ list }}[{{ n }}]
{%- endmacro %}

{% macro spark__list_at(list, n) -%}
    element_at({{ list }}, cast({{ n }} as int))
{%- endmacro %}

{#- Every column of `relation`, some replaced by expressions: (column, expression) pairs. Spark puts
    the replaced columns last; what reads the result names its columns. -#}
{% macro star_replace(relation, replacements) -%}
    {{ return(adapter.dispatch('star_replace', 'credit_centre')(relation, replacements)) }}
{%- endmacro %}

{% macro default__star_replace(relation, replacements) -%}
    {{ relation }}.* replace (
        {%- for column, expr in replacements %}
        {{ expr }} as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{% macro spark__star_replace(relation, replacements) -%}
    {{ relation }}.* except ({% for column, expr in replacements %}{{ column }}{{ ', ' if not loop.last }}{% endfor %}),
    {%- for column, expr in replacements %}
    {{ expr }} as {{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- A date moved by whole days, months or years (a date; a month past the 31st ends on the last day
    of the shorter month in both engines). -#}
{% macro plus_days(day, n) -%}
    date_add({{ day }}, {{ n }})
{%- endmacro %}

{% macro plus_months(day, n) -%}
    {{ return(adapter.dispatch('plus_months', 'credit_centre')(day, n)) }}
{%- endmacro %}

{% macro default__plus_months(day, n) -%}
    cast({{ day }} + to_months({{ n }}) as date)
{%- endmacro %}

{% macro spark__plus_months(day, n) -%}
    add_months({{ day }}, {{ n }})
{%- endmacro %}

{% macro plus_years(day, n) -%}
    {{ plus_months(day, '12 * (' ~ n ~ ')') }}
{%- endmacro %}

{#- A parameter's value as a literal, read from seed credit_parameters when the model compiles (dbt
    compiles a node after the seeds it refs were loaded): for Spark's window frames, whose bounds
    must be literals. -#}
{% macro param_literal(name) -%}
    {%- if not execute -%}{{ return(1) }}{%- endif -%}
    {%- set found = run_query(
        "select cast(value as integer) from " ~ ref('credit_parameters') ~ " where parameter = '" ~ name ~ "'"
    ) -%}
    {{ return(found.columns[0].values()[0]) }}
{%- endmacro %}

{#- A window frame over the `param_name` days up to a row's day (credit_parameters), ordered by `day`. -#}
{% macro days_up_to(day, param_name) -%}
    {{ return(adapter.dispatch('days_up_to', 'credit_centre')(day, param_name)) }}
{%- endmacro %}

{% macro default__days_up_to(day, param_name) -%}
    order by {{ day }}
    range between to_days({{ param_int(param_name) }} - 1) preceding -- noqa: PRS
    and current row
{%- endmacro %}

{% macro spark__days_up_to(day, param_name) -%}
    order by {{ days_between("date '2000-01-01'", day) }}
    range between {{ param_literal(param_name) - 1 }} preceding and current row
{%- endmacro %}

{#- A window frame over the `param_name` minutes either side of a row's time, ordered by `at`. -#}
{% macro minutes_around(at, param_name) -%}
    {{ return(adapter.dispatch('minutes_around', 'credit_centre')(at, param_name)) }}
{%- endmacro %}

{% macro default__minutes_around(at, param_name) -%}
    order by {{ at }}
    range between to_minutes({{ param_int(param_name) }}) preceding -- noqa: PRS
    and to_minutes({{ param_int(param_name) }}) following
{%- endmacro %}

{% macro spark__minutes_around(at, param_name) -%}
    order by unix_seconds({{ at }})
    range between {{ 60 * param_literal(param_name) }} preceding and {{ 60 * param_literal(param_name) }} following
{%- endmacro %}

{#- The first n elements of a list. -#}
{% macro list_head(list, n) -%}
    {{ return(adapter.dispatch('list_head', 'credit_centre')(list, n)) }}
{%- endmacro %}

{% macro default__list_head(list, n) -%}
    {{ list }}[1:{{ n }}]
{%- endmacro %}

{% macro spark__list_head(list, n) -%}
    slice({{ list }}, 1, {{ n }})
{%- endmacro %}

{#- DuckDB's 128-bit integer, which sums of bigints are; Spark has none and takes decimal(38,0)
    (spark_data_type says the same for contracts). -#}
{% macro hugeint_type() -%}
    {{ return('decimal(38,0)' if target.type == 'spark' else 'hugeint') }}
{%- endmacro %}

{#- Which of n buckets a value hashes to, 0 to n - 1 (Spark's hash is a signed int). -#}
{% macro hash_bucket(expr, n) -%}
    {{ return(adapter.dispatch('hash_bucket', 'credit_centre')(expr, n)) }}
{%- endmacro %}

{% macro default__hash_bucket(expr, n) -%}
    hash({{ expr }}) % {{ n }}
{%- endmacro %}

{% macro spark__hash_bucket(expr, n) -%}
    pmod(hash({{ expr }}), {{ n }})
{%- endmacro %}

{#- Whether all of `text` matches the regular expression `pattern` (a literal). -#}
{% macro matches_fully(text, pattern) -%}
    {{ return(adapter.dispatch('matches_fully', 'credit_centre')(text, pattern)) }}
{%- endmacro %}

{% macro default__matches_fully(text, pattern) -%}
    regexp_full_match({{ text }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__matches_fully(text, pattern) -%}
    {{ text }} rlike '^(?:{{ pattern }})$'
{%- endmacro %}

{#- Every batch of a lake dataset (lake_source reads only a build's batches): DuckDB reads the files
    through the source's external_location, Spark the build's external table (lineage still names
    the source). -#}
{% macro lake_dataset(source_name, table_name) -%}
    {{ return(adapter.dispatch('lake_dataset', 'credit_centre')(source_name, table_name)) }}
{%- endmacro %}

{% macro default__lake_dataset(source_name, table_name) -%}
    {{ source(source_name, table_name) }}
{%- endmacro %}

{% macro spark__lake_dataset(source_name, table_name) -%}
    {%- set lineage = source(source_name, table_name) -%}
    {{ lake_table('accepted', source_name, table_name) }}
{%- endmacro %}

{#- One row per day from `first` to `last` inclusive, as a date (in a select list). -#}
{% macro each_day(first, last) -%}
    {{ return(adapter.dispatch('each_day', 'credit_centre')(first, last)) }}
{%- endmacro %}

{% macro default__each_day(first, last) -%}
    cast(unnest(generate_series({{ first }}, {{ last }}, interval 1 day)) as date)
{%- endmacro %}

{% macro spark__each_day(first, last) -%}
    explode(sequence({{ first }}, {{ last }}, interval 1 day))
{%- endmacro %}
