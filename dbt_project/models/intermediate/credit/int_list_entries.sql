-- 名单条目（黑名单与外部门红名单）: every black-list entry and every other department's red-list
-- entry, with entry, scheduled exit, repair and withdrawal days, and the day the centre knew it.
-- Upstream of the score: an active black entry grades the entity D (hard rule). Rules (seed
-- credit_parameters, docs/domain.md §3/§5):
--   black  serious_penalties      black_list_serious_penalties serious penalties inside their
--                                 windows at once (one alone caps the grade at C): listed while
--                                 that holds; a repair granted after the minimum ends a penalty
--   black  department_list        another department's black list (joint punishment)
--   black  repeated_counterfeit   counterfeit_min_count confirmed counterfeit findings (platform 售假
--                                 violations, resolved 假冒商品 disputes) within counterfeit_window_days
--   red    department_list        another department's red list (joint reward)
-- `listed_by`: credit_centre (the centre's own rules above) or other_department (gov_lists).
with

-- not materialized: read twice, scanned again rather than held (DEVELOPERS.md)
events as {{ not_materialized() }}(

    select * from {{ ref('fct_credit_event') }}
    where subject_type = 'entity'

),

repair_flags as (

    select
        decision_no,
        {{ ordered_text("review_status || ':' || repair_id", "'; '", ['repair_id']) }} as repair_review
    from {{ ref('int_penalty_repairs') }}
    where review_status <> 'applied'
    group by decision_no

),

serious as (

    select
        subject_key,
        subject_name,
        source_record_id,
        occurred_on as starts_on,
        least(publish_until, coalesce(ended_on, publish_until)) as ends_on,
        publish_until,
        case when ended_on < publish_until then ended_on end as repaired_on,
        publish_min_until,
        known_on
    from events
    where event_type = 'penalty' and severity = 'serious'

),

-- +1 when a serious penalty starts counting, -1 when it stops; a running sum per entity
serious_steps as (

    select
        subject_key,
        starts_on as step_on,
        1 as delta
    from serious
    union all
    select
        subject_key,
        ends_on,
        -1
    from serious

),

serious_counts as (

    select
        subject_key,
        step_on,
        sum(sum(delta)) over (partition by subject_key order by step_on) as active_serious
    from serious_steps
    group by subject_key, step_on

),

serious_runs as (

    select
        subject_key,
        step_on,
        active_serious >= {{ param('black_list_serious_penalties') }} as listed,
        lead(step_on) over (partition by subject_key order by step_on) as next_step_on
    from serious_counts

),

serious_listings as (

    -- consecutive listed steps form one entry
    select
        subject_key,
        min(step_on) as entered_on,
        max(next_step_on) as exits_on
    from (
        select
            *,
            sum(case when listed then 0 else 1 end) over (partition by subject_key order by step_on) as run_key
        from serious_runs
    ) as runs
    where listed
    group by subject_key, run_key

),

serious_entries as (

    select
        'black' as list_type,
        'serious_penalties' as reason_code,
        'credit_centre' as listed_by,
        listings.subject_key,
        min(serious.subject_name) as subject_name,
        '严重失信：' || count(*) || ' 项严重处罚在公示期内（'
        || {{ ordered_text(
            'serious.source_record_id', "'、'", ['serious.starts_on', 'serious.source_record_id']
        ) }} || '）' as reason,
        'gov_penalties' as source,
        min(serious.source_record_id) as source_record_id,
        listings.entered_on,
        max(serious.publish_min_until) as repair_allowed_from,
        -- scheduled exit: when fewer than the threshold would remain at their publication maxima
        {{ list_at(
            'array_sort(array_agg(serious.publish_until))',
            "count(*) - cast(" ~ param('black_list_serious_penalties') ~ " as integer) + 1"
        ) }} as scheduled_exit_on,
        -- an earlier exit is a repair of one of them
        max(serious.repaired_on) filter (where serious.repaired_on = listings.exits_on) as repaired_on,
        cast(null as date) as withdrawn_on,
        {{ ordered_text('repair_flags.repair_review', "'; '", ['repair_flags.repair_review']) }} as repair_review,
        max(serious.known_on) filter (where serious.starts_on <= listings.entered_on) as known_on
    from serious_listings as listings
    inner join serious
        on listings.subject_key = serious.subject_key
        and listings.entered_on >= serious.starts_on
        and listings.entered_on < serious.ends_on
    left join repair_flags on serious.source_record_id = repair_flags.decision_no
    group by listings.subject_key, listings.entered_on, listings.exits_on

),

department_lists as (

    select
        outcome as list_type,
        'department_list' as reason_code,
        'other_department' as listed_by,
        subject_key,
        subject_name,
        authority || '：' || detail as reason,
        source,
        source_record_id,
        publish_from as entered_on,
        cast(null as date) as repair_allowed_from,
        publish_until as scheduled_exit_on,
        case when end_reason = '信用修复' then ended_on end as repaired_on,
        case when end_reason is distinct from '信用修复' then ended_on end as withdrawn_on, -- noqa: PRS, RF06, LT02
        cast(null as string) as repair_review,
        known_on
    from events
    where event_type = 'list_entry'

),

counterfeit_findings as (

    select
        subject_key,
        subject_name,
        occurred_on,
        known_on,
        source_record_id,
        count(*) over (
            partition by subject_key
            {{ days_up_to('occurred_on', 'counterfeit_window_days') }}
        ) as findings_in_window
    from events
    where (event_type = 'violation' and detail like '售假%')
        or (event_type = 'complaint' and detail like '假冒商品%已解决%')

),

counterfeits as (

    select
        'black' as list_type,
        'repeated_counterfeit' as reason_code,
        'credit_centre' as listed_by,
        subject_key,
        min(subject_name) as subject_name,
        '多次售假：' || cast({{ param('counterfeit_min_count') }} as integer) || ' 次以上经确认' as reason,
        'ecommerce' as source,
        min_by(
            source_record_id, {{ struct_of([('occurred_on', 'occurred_on'), ('record', 'source_record_id')]) }}
        ) as source_record_id,
        min(occurred_on) as entered_on,
        cast(null as date) as repair_allowed_from,
        {{ plus_months('min(occurred_on)', param_int('counterfeit_list_months')) }} as scheduled_exit_on,
        cast(null as date) as repaired_on,
        cast(null as date) as withdrawn_on,
        cast(null as string) as repair_review,
        min_by(known_on, {{ struct_of([('occurred_on', 'occurred_on'), ('record', 'source_record_id')]) }}) as known_on
    from counterfeit_findings
    where findings_in_window >= {{ param('counterfeit_min_count') }}
    group by subject_key

),

final as (

    select * from serious_entries
    union all
    select * from department_lists
    union all
    select * from counterfeits

)

select * from final
