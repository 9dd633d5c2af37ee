-- 主体名称的时间跨度 — per entity, the name int_entity_names' rule gives on each day (the name of the
-- latest sighting up to that day; on a tie, the first in sort order), as spans [valid_from,
-- valid_until): a record kept from an earlier day names its entity as that day knew it, so a
-- backfill and the daily runs agree (docs/domain.md §3.4).
with

days as (

    select
        uscc,
        batch_date,
        min(name) as name
    from {{ ref('int_entity_sightings') }}
    where name is not null
    group by uscc, batch_date

),

final as (

    select
        uscc,
        name,
        batch_date as valid_from,
        lead(batch_date) over (partition by uscc order by batch_date) as valid_until
    from days

)

select * from final
