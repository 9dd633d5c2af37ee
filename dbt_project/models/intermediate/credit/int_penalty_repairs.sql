-- 信用修复审查: every repair decision checked against the penalty it cites (docs/domain.md §3). A repair
-- applies only when granted on or after the penalty's minimum publication period; one granted
-- earlier is not applied and is flagged, as is one citing a decision that was never published.
with

repairs as (

    select * from {{ ref('stg_gov_penalties__repairs') }}

),

penalties as (

    select * from {{ ref('int_penalties_classified') }}

),

final as (

    select
        repairs.repair_id,
        repairs.decision_no,
        repairs.subject_name,
        repairs.uscc,
        repairs.applied_on,
        repairs.result,
        repairs.decided_on,
        repairs.authority,
        penalties.severity,
        penalties.rule_version,
        penalties.publish_min_until,
        penalties.publish_until,
        coalesce(penalties.decided_on, repairs.penalty_decided_on) as penalty_decided_on,
        case
            when penalties.decision_no is null then 'penalty_not_published'
            when repairs.result <> '准予修复' then 'refused'
            when repairs.decided_on < penalties.publish_min_until then 'before_minimum_period'
            when repairs.decided_on >= penalties.publish_until then 'after_publication_ended'
            else 'applied'
        end as review_status,
        case
            when penalties.decision_no is not null
                and repairs.result = '准予修复'
                and repairs.decided_on >= penalties.publish_min_until
                and repairs.decided_on < penalties.publish_until
                then repairs.decided_on
        end as effective_on,
        repairs.batch_id,
        repairs.batch_date,
        repairs.source_location
    from repairs
    left join penalties on repairs.decision_no = penalties.decision_no

)

select * from final
