-- Each penalty decision with its severity and publication window (docs/domain.md §3):
-- the rule version is chosen by decision date (2023 rules before 2026-04-01, NDRC Order 36 after);
-- when one decision carries several penalty types, the longest period applies.
-- Incremental: a build classifies the decisions it brought (new or corrected versions).
{{
    config(
        materialized='incremental',
        unique_key='decision_no',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
with

penalties as (

    select * exclude (_build_id)
    from {{ ref('stg_gov_penalties__penalties') }}
    where {{ written_in_this_build() }}

),

types as (

    select
        penalties.decision_no,
        unnest(string_split(penalties.penalty_types, ';')) as penalty_type
    from penalties

),

rule_versions as (

    select * from {{ ref('publication_rule_versions') }}

),

with_rules as (

    select
        penalties.decision_no,
        penalties.decided_on,
        rule_versions.rule_version
    from penalties
    inner join rule_versions
        on penalties.decided_on between rule_versions.effective_from and rule_versions.effective_to

),

typed_periods as (

    select
        types.decision_no,
        types.penalty_type,
        severity.severity,
        weights.severity_rank,
        periods.min_months,
        periods.max_months
    from types
    inner join with_rules on types.decision_no = with_rules.decision_no
    inner join {{ ref('penalty_type_severity') }} as severity
        on types.penalty_type = severity.penalty_type
    inner join {{ ref('severity_ranks') }} as weights
        on severity.severity = weights.severity
    inner join {{ ref('publication_periods') }} as periods
        on with_rules.rule_version = periods.rule_version
        and severity.severity = periods.severity

),

per_decision as (

    select
        decision_no,
        arg_max(severity, severity_rank) as severity,
        max(severity_rank) as severity_rank,
        max(min_months) as min_months,
        max(max_months) as max_months,
        count(*) as n_penalty_types
    from typed_periods
    group by decision_no

),

final as (

    select
        penalties.*,
        with_rules.rule_version,
        per_decision.severity,
        per_decision.severity_rank,
        per_decision.n_penalty_types,
        per_decision.min_months,
        per_decision.max_months,
        penalties.decided_on as publish_from,
        cast(penalties.decided_on + to_months(per_decision.min_months) as date) as publish_min_until,
        cast(penalties.decided_on + to_months(per_decision.max_months) as date) as publish_until,
        coalesce(penalties.fine_wan, 0) + coalesce(penalties.confiscated_wan, 0) as amount_wan,
        {{ build_id() }} as _build_id
    from penalties
    inner join with_rules on penalties.decision_no = with_rules.decision_no
    inner join per_decision on penalties.decision_no = per_decision.decision_no

)

select * from final
