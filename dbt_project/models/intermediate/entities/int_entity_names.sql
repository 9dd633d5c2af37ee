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
        -- orderings as the min of a struct and a sort after the list: an ordered aggregate over a
        -- province's entities cannot spill to disk, these can
        min({{ struct_of([
            ('since_last', days_between('last_seen_on', "date '9999-12-31'")),
            ('since_first', days_between('first_seen_on', "date '9999-12-31'")),
            ('name', 'name'),
        ]) }}).name as name,
        {{ list_map(
            'array_sort(array_agg(' ~ struct_of([
                ('first_seen_on', 'first_seen_on'), ('name', 'name'), ('last_seen_on', 'last_seen_on')
            ]) ~ '))',
            'h -> ' ~ struct_of([('name', 'h.name'), ('first_seen_on', 'h.first_seen_on'), ('last_seen_on', 'h.last_seen_on')])
        ) }} as name_history,
        min(first_seen_on) as first_seen_on,
        max(last_seen_on) as last_seen_on
    from names
    group by uscc

)

select * from final
