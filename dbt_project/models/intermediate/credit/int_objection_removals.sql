-- 异议撤销 — every credit record an objection decision removed (docs/domain.md §5 "Objections"):
-- the record (a penalty decision or a black-list entry) and the day it stops counting, the later of
-- the decision day and the day the centre learnt it, so a backfill and the daily runs agree.
-- `written_this_build`: an objection of the record came in this build (the event models re-emit
-- those records).
with

objections as (

    select * from {{ ref('stg_objections__objections') }}

),

final as (

    select
        record_kind,
        record_id,
        min(greatest(decided_on, batch_date)) filter (where outcome = 'removed') as removed_on,
        bool_or({{ written_for_events() }}) as written_this_build
    from objections
    group by record_kind, record_id

)

select * from final
