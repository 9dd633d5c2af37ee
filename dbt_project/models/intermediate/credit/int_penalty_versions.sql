-- 行政处罚的各版本 — every version of each penalty decision a bureau corrected after the centre first
-- held it (docs/domain.md §3.4 "Corrections over time"): one row per decision and day a version
-- arrived (the day's last line wins), what it says (subject, penalty types, severity and window by
-- the same classification as int_penalties_classified), known from that day until the next
-- version's day. The score and the warnings of a day use the version known that day, so a backfill
-- of a period equals its daily runs however late a correction came. Decisions never corrected
-- are not here: their one version is fct_credit_event's row. Read from the accepted lake, every
-- batch up to the as-of day (the staging model keeps only the latest version).
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

lines as (

    select
        decision_no,
        subject_category,
        uscc_status,
        uscc,
        subject_name_key,
        id_number_hash,
        penalty_types,
        cast(decided_on as date) as decided_on,
        violation_type,
        _batch_date as known_from,
        _source_file,
        _source_line
    from {{ lake_dataset('gov_penalties', 'penalties') }}
    where _batch_date <= (select as_of.as_of_date from as_of)

),

corrected as (

    select decision_no
    from lines
    group by decision_no
    having count(distinct known_from) > 1

),

versions as (

    select
        lines.*,
        lines.decision_no || '@' || lines.known_from as version_key,
        case when lines.subject_category = '自然人' then 'person' else 'entity' end as party
    from lines
    semi join corrected using (decision_no)
    qualify
        row_number() over (
            partition by lines.decision_no, lines.known_from
            order by lines._source_file desc, lines._source_line desc
        ) = 1

),

classified as (

    {{ classify_penalties('versions', 'version_key') }}

),

final as (

    select
        classified.decision_no,
        classified.known_from,
        lead(classified.known_from) over (
            partition by classified.decision_no order by classified.known_from
        ) as known_until,
        case
            when classified.party = 'person' then 'person'
            when {{ usable_uscc('classified.uscc', 'classified.uscc_status') }} is not null then 'entity'
            else 'unresolved_name'
        end as subject_type,
        case
            when classified.party = 'person' then classified.id_number_hash
            else coalesce({{ usable_uscc('classified.uscc', 'classified.uscc_status') }}, classified.subject_name_key)
        end as subject_key,
        classified.severity as outcome,
        classified.publish_from,
        classified.publish_until,
        classified.penalty_types || '：' || coalesce(classified.violation_type, '') as detail
    from classified

)

select * from final
