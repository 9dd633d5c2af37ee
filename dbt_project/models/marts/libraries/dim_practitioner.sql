-- 职业人群库 — one row per household-service worker: a pseudonymous key (keyed hash of the ID
-- number; never the number), the masked ID, employer, training and health-check status on the
-- as-of date, background check, consumer evaluations and complaints, and the credit level: the
-- best level of seed practitioner_levels whose every condition the worker meets (docs/domain.md §6).
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

workers as (

    select * from {{ ref('stg_household__workers') }}

),

companies as (

    select * from {{ ref('stg_household__companies') }}

),

levels as (

    select * from {{ ref('practitioner_levels') }}

),

facts as (

    select
        coalesce(workers.id_number_hash, 'worker:' || workers.worker_id) as practitioner_key,
        workers.worker_id,
        left(workers.name, 1) || repeat('*', greatest(length(workers.name) - 1, 1)) as name_masked,
        workers.id_number_masked,
        workers.id_number_status,
        workers.phone_masked,
        workers.company_id,
        companies.uscc as employer_uscc,
        companies.name as employer_name,
        workers.background_check,
        workers.training_certificates,
        coalesce(workers.training_certificates, '') <> '' as is_trained,
        workers.health_check_on,
        workers.health_valid_until,
        coalesce(workers.health_valid_until >= as_of.as_of_date, false) as health_valid,
        workers.insured = '是' as is_insured,
        workers.rating_avg,
        workers.evaluations,
        workers.complaints,
        workers.updated_at,
        workers.batch_date,
        as_of.as_of_date
    from workers
    cross join as_of
    left join companies on workers.company_id = companies.company_id

),

leveled as (

    select
        facts.practitioner_key,
        min(levels.level_rank) as level_rank
    from facts
    inner join levels
        on array_contains({{ split_text('levels.background_allowed', '|') }}, facts.background_check)
        and (not levels.requires_training or facts.is_trained)
        and (not levels.requires_valid_health or facts.health_valid)
        and coalesce(facts.rating_avg, 0) >= levels.min_rating
        and coalesce(facts.evaluations, 0) >= levels.min_evaluations
        and coalesce(facts.complaints, 0) <= levels.max_complaints
    group by facts.practitioner_key

),

final as (

    select
        facts.practitioner_key,
        facts.worker_id,
        facts.name_masked,
        facts.id_number_masked,
        facts.id_number_status,
        facts.phone_masked,
        facts.company_id,
        facts.employer_uscc,
        facts.employer_name,
        facts.background_check,
        facts.training_certificates,
        case when facts.is_trained then 'trained' else 'untrained' end as training_status,
        facts.health_check_on,
        facts.health_valid_until,
        case when facts.health_valid then 'valid' else 'expired' end as health_status,
        facts.is_insured,
        facts.rating_avg,
        facts.evaluations,
        facts.complaints,
        levels.level as credit_level,
        levels.label as credit_level_label,
        facts.as_of_date as assessed_on
    from facts
    left join leveled on facts.practitioner_key = leveled.practitioner_key
    left join levels on leveled.level_rank = levels.level_rank

)

select * from final
