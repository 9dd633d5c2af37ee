-- 市场主体库 — one row per market entity (USCC), with its current score and grade.
-- Score: 1000 minus each penalty's deduction (seed severity_weights), fading linearly to zero across
-- its publication window and gone after it; grade by seed grade_cutoffs, capped by the hard rule that
-- an entity with a serious penalty inside its window is at best C (DOMAIN.md §3, issue 5).
with

events as (

    select * from {{ ref('fct_credit_event') }}
    where subject_type = 'entity'

),

as_of as (

    select {{ as_of_date() }} as as_of_date

),

latest_name as (

    select
        subject_key as uscc,
        arg_max(subject_name, occurred_on) as name,
        min(occurred_on) as first_seen_on,
        max(occurred_on) as last_event_on,
        list(distinct source order by source) as sources_seen
    from events
    group by subject_key

),

deductions as (

    select
        events.subject_key as uscc,
        events.severity,
        weights.score_deduction
        * (1 - (as_of.as_of_date - events.publish_from)
            / greatest(events.publish_until - events.publish_from, 1)) as deduction,
        weights.best_grade
    from events
    cross join as_of
    inner join {{ ref('severity_weights') }} as weights on events.severity = weights.severity
    where events.event_type = 'penalty'
        and as_of.as_of_date >= events.publish_from
        and as_of.as_of_date < events.publish_until

),

per_entity as (

    select
        uscc,
        count(*) as active_penalties,
        count(*) filter (where severity = 'serious') as active_serious_penalties,
        sum(deduction) as total_deduction,
        max(best_grade) as grade_cap
    from deductions
    group by uscc

),

scored as (

    select
        latest_name.uscc,
        latest_name.name,
        latest_name.first_seen_on,
        latest_name.last_event_on,
        latest_name.sources_seen,
        coalesce(per_entity.active_penalties, 0) as active_penalties,
        coalesce(per_entity.active_serious_penalties, 0) as active_serious_penalties,
        cast(greatest(0, round(1000 - coalesce(per_entity.total_deduction, 0))) as integer) as score,
        coalesce(per_entity.grade_cap, 'A') as grade_cap
    from latest_name
    left join per_entity on latest_name.uscc = per_entity.uscc

),

graded as (

    select
        scored.*,
        cutoffs.grade as score_grade,
        -- grades sort A < B < C < D, so the worse of band and cap is the greater
        greatest(cutoffs.grade, scored.grade_cap) as grade
    from scored
    inner join {{ ref('grade_cutoffs') }} as cutoffs
        on scored.score between cutoffs.min_score and cutoffs.max_score

),

final as (

    select
        graded.uscc,
        graded.name,
        substr(graded.uscc, 3, 6) as division_code,
        substr(graded.uscc, 1, 2) as entity_type_code,
        coalesce(types.entity_type, '未知') as entity_type,
        types.authority as registration_authority,
        graded.sources_seen,
        graded.first_seen_on,
        graded.last_event_on,
        graded.active_penalties,
        graded.active_serious_penalties,
        graded.score,
        graded.score_grade,
        graded.grade,
        as_of.as_of_date as scored_on
    from graded
    cross join as_of
    left join {{ ref('uscc_entity_types') }} as types
        on substr(graded.uscc, 1, 2) = types.type_code

)

select * from final
