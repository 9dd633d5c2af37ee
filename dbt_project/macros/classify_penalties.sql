{#- Each penalty row of `relation` (one per `key`) with its severity and publication window
    (docs/domain.md §3): the rule version by decision date (2023 rules before 2026-04-01, NDRC
    Order 36 after); when one decision carries several penalty types, the heaviest sets the
    severity and the longest period applies. A select with its own CTEs, used by
    int_penalties_classified (the latest version of each decision) and int_penalty_versions (every
    version of a corrected one). -#}
{% macro classify_penalties(relation, key) -%}
    with

    types as (

        select
            rows.{{ key }},
            {{ explode_list(split_text('rows.penalty_types', ';')) }} as penalty_type
        from {{ relation }} as rows

    ),

    with_rules as (

        select
            rows.{{ key }},
            rule_versions.rule_version
        from {{ relation }} as rows
        inner join {{ ref('publication_rule_versions') }} as rule_versions
            on rows.decided_on between rule_versions.effective_from and rule_versions.effective_to

    ),

    typed_periods as (

        select
            types.{{ key }},
            severity.severity,
            weights.severity_rank,
            periods.min_months,
            periods.max_months
        from types
        inner join with_rules on types.{{ key }} = with_rules.{{ key }}
        inner join {{ ref('penalty_type_severity') }} as severity
            on types.penalty_type = severity.penalty_type
        inner join {{ ref('severity_ranks') }} as weights
            on severity.severity = weights.severity
        inner join {{ ref('publication_periods') }} as periods
            on with_rules.rule_version = periods.rule_version
            and severity.severity = periods.severity

    ),

    per_key as (

        select
            {{ key }},
            max_by(severity, severity_rank) as severity,
            max(severity_rank) as severity_rank,
            max(min_months) as min_months,
            max(max_months) as max_months,
            count(*) as n_penalty_types
        from typed_periods
        group by {{ key }}

    )

    select
        rows.*,
        with_rules.rule_version,
        per_key.severity,
        per_key.severity_rank,
        per_key.n_penalty_types,
        per_key.min_months,
        per_key.max_months,
        rows.decided_on as publish_from,
        {{ plus_months('rows.decided_on', 'per_key.min_months') }} as publish_min_until,
        {{ plus_months('rows.decided_on', 'per_key.max_months') }} as publish_until
    from {{ relation }} as rows
    inner join with_rules on rows.{{ key }} = with_rules.{{ key }}
    inner join per_key on rows.{{ key }} = per_key.{{ key }}
{%- endmacro %}
