-- 主体名称: per entity, its current name and name history — the one rule every mart names an
-- entity by: the name of its latest sighting; on a tie, the first in sort order (a rebuild must
-- give the same answer).
with

names as (

    select
        uscc,
        name,
        min(batch_date) as first_seen_on,
        max(batch_date) as last_seen_on
    from {{ ref('int_entity_sightings') }}
    where name is not null
    group by uscc, name

),

final as (

    select
        uscc,
        first(name order by last_seen_on desc, first_seen_on desc, name) as name,
        list({'name': name, 'first_seen_on': first_seen_on, 'last_seen_on': last_seen_on} order by first_seen_on, name)
            as name_history,
        min(first_seen_on) as first_seen_on,
        max(last_seen_on) as last_seen_on
    from names
    group by uscc

)

select * from final
