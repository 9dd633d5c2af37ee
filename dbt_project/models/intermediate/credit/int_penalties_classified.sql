-- Each penalty decision with its severity and publication window (docs/domain.md §3; the rules are
-- macros/classify_penalties.sql, shared with int_penalty_versions): the rule version is chosen by
-- decision date (2023 rules before 2026-04-01, NDRC Order 36 after); when one decision carries
-- several penalty types, the heaviest sets the severity and the longest period applies.
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

    select {{ star_except(['_build_id']) }}
    from {{ ref('stg_gov_penalties__penalties') }}
    where {{ written_in_this_build() }}

),

classified as (

    {{ classify_penalties('penalties', 'decision_no') }}

),

final as (

    select
        classified.*,
        coalesce(classified.fine_wan, 0) + coalesce(classified.confiscated_wan, 0) as amount_wan,
        {{ build_id() }} as _build_id
    from classified

)

select * from final
