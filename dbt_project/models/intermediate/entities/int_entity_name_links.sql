-- 主体关联: each named record linked to a market entity. A record with a valid USCC links by it;
-- otherwise by normalised name (ingest's name key) where exactly one entity of a compatible
-- division carries that key. Ties are `ambiguous` and no key is `unmatched`: both are kept with
-- their candidates, never guessed.
-- Computed in full every build (a name that newly appears can make a link ambiguous, or a new
-- entity can resolve an old record); an incremental build writes only the links that changed, so
-- fct_credit_event rewrites the events of exactly those records.
{{
    config(
        materialized='incremental',
        unique_key=['record_type', 'record_id'],
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
with

records as (

    select * from {{ ref('int_named_records') }}

),

library as (

    select * from {{ ref('int_entity_library') }}

),

candidates as (

    select
        records.record_type,
        records.record_id,
        library.uscc as candidate_uscc,
        library.first_seen_on
    from records
    inner join library
        on records.name_key = library.name_key
        -- a district code must equal the entity's; a city code (..00) covers its districts
        and (
            records.division_code is null
            or records.division_code = library.division_code
            or (
                right(records.division_code, 2) = '00'
                and left(records.division_code, 4) = left(library.division_code, 4)
            )
        )
    where records.uscc is null

),

per_record as (

    select
        record_type,
        record_id,
        count(distinct candidate_uscc) as n_candidates,
        array_sort(array_agg(distinct candidate_uscc)) as candidate_usccs,
        min(candidate_uscc) as only_candidate,
        max(first_seen_on) as candidates_known_on
    from candidates
    group by record_type, record_id

),

final as (

    select
        records.record_type,
        records.record_id,
        records.name,
        records.name_key,
        records.division_code,
        case
            when records.uscc is not null then 'uscc'
            when per_record.n_candidates = 1 then 'name'
        end as link_method,
        case
            when records.uscc is not null then 'matched'
            when per_record.n_candidates = 1 then 'matched'
            when per_record.n_candidates > 1 then 'ambiguous'
            else 'unmatched'
        end as link_status,
        case
            when records.uscc is not null then records.uscc
            when per_record.n_candidates = 1 then per_record.only_candidate
        end as linked_uscc,
        coalesce(per_record.candidate_usccs, {{ list_of([]) }}) as candidate_usccs,
        -- the day the link could first be made: the record's own day, or the day the library
        -- first held the name it matched by
        case
            when records.uscc is not null then records.first_batch_date
            when per_record.n_candidates = 1
                then greatest(records.first_batch_date, per_record.candidates_known_on)
        end as linked_since
    from records
    left join per_record
        on records.record_type = per_record.record_type
        and records.record_id = per_record.record_id

),

changed as (

    select
        final.*,
        {{ build_id() }} as _build_id
    from final
    {%- if is_incremental() %}
anti join {{ this }} as kept
    on final.record_type = kept.record_type
    and final.record_id = kept.record_id
    and kept.name is not distinct from final.name
    and kept.name_key is not distinct from final.name_key
    and kept.division_code is not distinct from final.division_code
    and kept.link_method is not distinct from final.link_method
    and final.link_status = kept.link_status
    and kept.linked_uscc is not distinct from final.linked_uscc
    and final.candidate_usccs = kept.candidate_usccs
    and kept.linked_since is not distinct from final.linked_since
    {%- endif %}

)

select * from changed
