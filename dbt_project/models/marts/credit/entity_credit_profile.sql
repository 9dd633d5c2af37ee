-- 主体信用画像 — one row per entity: today's score and grade with the contributions that explain
-- it, largest first (which fact moved it by how much), and the change since the day before.
with

-- the runs that hold today and yesterday, each a filtered scan of the runs
today as (

    select
        spans.*,
        {{ as_of_date() }} as score_date
    from {{ ref('fct_entity_credit_spans') }} as spans
    where spans.valid_from <= {{ as_of_date() }}
        and spans.valid_to > {{ as_of_date() }}

),

yesterday as (

    select
        spans.uscc,
        spans.score,
        spans.grade
    from {{ ref('fct_entity_credit_spans') }} as spans
    where spans.valid_from <= {{ as_of_date() }} - 1
        and spans.valid_to > {{ as_of_date() }} - 1

),

-- the ranked lines, one list per entity (built part by part: macros/explanation.sql); the text
-- names each line worth a whole point and sums the smaller ones in one line, so it adds up too
explained as (

    select
        uscc,
        ranked,
        filter(ranked, x -> x.whole <> 0) as whole_lines,
        filter(ranked, x -> x.whole = 0) as small_lines
    from {{ ref('int_score_explanation_lists') }}

),

final as (

    select
        today.uscc,
        today.score_date as scored_on,
        today.score,
        today.grade,
        today.score_grade,
        today.grade_ceiling,
        yesterday.score as previous_score,
        yesterday.grade as previous_grade,
        today.score - yesterday.score as score_change,
        {{ param('score_base') }} as base_score,
        today.public_credit_points,
        today.market_points,
        today.rating_points,
        today.commitment_points,
        today.association_points,
        today.n_facts,
        coalesce(
            {{ list_map('explained.ranked', 'x -> ' ~ struct_of([
                ('kind', 'x.kind'),
                ('event_id', "nullif(x.rank_event, '~')"),
                ('event_type', 'x.event_type'),
                ('detail', 'x.detail'),
                ('points', 'x.points'),
            ])) }},
            {{ list_of([]) }}
        ) as explanation,
        {#- each whole line, then the small ones summed in one -#}
        {%- set whole_lines = list_map(
            'explained.whole_lines', "x -> x.detail || ' ' || case when x.points >= 0 then '+' else '' end || x.whole"
        ) %}
        {%- set small_line = list_map(
            'filter(' ~ list_of(['explained.small_lines']) ~ ', x -> ' ~ list_size('x') ~ ' > 0)',
            "x -> '其余 ' || " ~ list_size('x') ~ " || ' 项合计 ' || printf('%+.1f', "
                ~ list_total(list_map('x', 'y -> y.points')) ~ ")"
        ) %}
        coalesce(
            nullif({{ list_join(whole_lines ~ ' || ' ~ small_line, "'；'") }}, ''),
            '无信用记录，按基础分'
        ) as explanation_text
    from today
    left join yesterday on today.uscc = yesterday.uscc
    left join explained on today.uscc = explained.uscc

)

select * from final
