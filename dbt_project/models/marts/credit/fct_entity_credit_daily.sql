{{ config(materialized='view') }}
{%- set spans = ref('fct_entity_credit_spans').include(database=false) %}
-- 主体信用日表 — entity x day: score (0-1000), grade (A/B/C/D) and its components, computed with
-- what the centre knew on that day. A view of fct_entity_credit_spans, one row for each day of each
-- run: a query for a day or an entity reads only the runs that hold it (the day's filter reaches
-- the calendar, the runs are joined on their range). The runs are named without the database, so
-- the view reads the file it is in under whatever name a reader attaches it (the service: published).
with

calendar as (

    select
        {{ each_day('min(spans.valid_from)', plus_days('max(spans.valid_to)', '-1')) }} as score_date
    from {{ spans }} as spans

),

final as (

    select
        spans.uscc,
        calendar.score_date,
        spans.score,
        spans.grade,
        spans.score_grade,
        spans.grade_ceiling,
        spans.public_credit_points,
        spans.market_points,
        spans.rating_points,
        spans.commitment_points,
        spans.association_points,
        spans.n_facts,
        spans._build_id
    from {{ spans }} as spans
    inner join calendar
        on spans.valid_from <= calendar.score_date
        and spans.valid_to > calendar.score_date

)

select * from final
