-- 市场主体名称库: every (USCC, name key) any source has shown, with the division read from the code.
-- The reference that records naming a business without a USCC are resolved against.
with

sightings as (

    select * from {{ ref('int_entity_sightings') }}

),

final as (

    select
        uscc,
        name_key,
        substr(uscc, 3, 6) as division_code,
        min({{ struct_of([('source', 'source'), ('name', 'name')]) }}).name as example_name,
        min(batch_date) as first_seen_on,
        array_sort(array_agg(distinct source)) as sources
    from sightings
    where name_key is not null
    group by uscc, name_key

)

select * from final
