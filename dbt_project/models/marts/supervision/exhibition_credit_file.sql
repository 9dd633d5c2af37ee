-- 会展企业信用档案 — one row per enterprise that organised or exhibited at a fair the centre knows, or
-- was complained about at one (docs/domain.md §5 "Exhibitions"): exhibitions organised and
-- attended, 诚信办展/诚信参展 commitments signed and not, complaints received, upheld and those that
-- broke a signed commitment, with the entity's grade and score on the as-of day and a Chinese
-- summary.
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

fairs as (

    select * from {{ ref('stg_exhibitions__exhibitions') }}

),

roles as (

    select
        coalesce(usable_uscc, subject_name_key) as subject_key,
        subject_name,
        'organiser' as role,
        exhibition_id,
        commitment_signed,
        starts_on
    from fairs

    union all

    select
        coalesce(exhibitors.usable_uscc, exhibitors.subject_name_key),
        exhibitors.subject_name,
        'exhibitor',
        exhibitors.exhibition_id,
        exhibitors.commitment_signed,
        fairs.starts_on
    from {{ ref('stg_exhibitions__exhibitors') }} as exhibitors
    left join fairs on exhibitors.exhibition_id = fairs.exhibition_id

),

participation as (

    select
        subject_key,
        any_value(subject_name) as subject_name,
        count(distinct exhibition_id) filter (where role = 'organiser') as exhibitions_organised,
        count(distinct exhibition_id) filter (where role = 'exhibitor') as exhibitions_attended,
        count(*) filter (where commitment_signed) as commitments_signed,
        count(*) filter (where not commitment_signed) as commitments_not_signed,
        max(starts_on) as last_exhibition_on
    from roles
    group by subject_key

),

complaints as (

    select
        coalesce(usable_uscc, subject_name_key) as subject_key,
        any_value(subject_name) as subject_name,
        count(*) as complaints_received,
        count(*) filter (where result = '投诉成立') as complaints_upheld,
        count(*) filter (where result = '处理中') as complaints_pending
    from {{ ref('stg_exhibitions__complaints') }}
    group by coalesce(usable_uscc, subject_name_key)

),

broken as (

    select
        subject_key,
        count(*) as commitments_broken
    from {{ ref('fct_credit_event') }}
    where event_type = 'exhibition' and outcome = 'exhibition_commitment_broken'
    group by subject_key

),

combined as (

    select
        coalesce(participation.subject_key, complaints.subject_key) as subject_key,
        coalesce(participation.subject_name, complaints.subject_name) as subject_name,
        coalesce(participation.exhibitions_organised, 0) as exhibitions_organised,
        coalesce(participation.exhibitions_attended, 0) as exhibitions_attended,
        coalesce(participation.commitments_signed, 0) as commitments_signed,
        coalesce(participation.commitments_not_signed, 0) as commitments_not_signed,
        coalesce(complaints.complaints_received, 0) as complaints_received,
        coalesce(complaints.complaints_upheld, 0) as complaints_upheld,
        coalesce(complaints.complaints_pending, 0) as complaints_pending,
        coalesce(broken.commitments_broken, 0) as commitments_broken,
        participation.last_exhibition_on
    from participation
    full outer join complaints on participation.subject_key = complaints.subject_key
    left join broken on coalesce(participation.subject_key, complaints.subject_key) = broken.subject_key

),

final as (

    select
        combined.subject_key,
        combined.subject_name,
        entities.uscc is not null as in_library,
        combined.exhibitions_organised,
        combined.exhibitions_attended,
        combined.commitments_signed,
        combined.commitments_not_signed,
        combined.complaints_received,
        combined.complaints_upheld,
        combined.complaints_pending,
        combined.commitments_broken,
        combined.last_exhibition_on,
        entities.grade,
        entities.score,
        '主办展会 ' || combined.exhibitions_organised || ' 场，参展 ' || combined.exhibitions_attended || ' 场；签署诚信承诺 '
        || combined.commitments_signed || ' 次，未签 ' || combined.commitments_not_signed || ' 次；展会投诉 '
        || combined.complaints_received || ' 件（成立 ' || combined.complaints_upheld || ' 件，其中违反诚信参展承诺 '
        || combined.commitments_broken || ' 件；处理中 ' || combined.complaints_pending || ' 件）'
        || coalesce('；信用等级 ' || entities.grade, '；不在主体库（名称未能关联统一社会信用代码）') as summary,
        as_of.as_of_date
    from combined
    cross join as_of
    left join {{ ref('dim_market_entity') }} as entities on combined.subject_key = entities.uscc

)

select * from final
