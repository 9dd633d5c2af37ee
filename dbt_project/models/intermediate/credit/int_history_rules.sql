-- Rules that need a span of history (docs/domain.md §5 "Only what the records support") — one row
-- per entity and rule whose condition holds on every record the centre holds, saying whether those
-- records reach back over the whole span the rule names:
--   green_channel  no bad record within green_channel_years, on no active black list
--   red_list       graded A on each of red_list_min_a_days consecutive days, an award within
--                  red_list_award_years, no bad record within red_list_clean_years
-- A bad record is a fact of a kind in the seed bad_record_kinds; "none within N years" holds only
-- when each of those datasets' records begin (quality.source_freshness.records_begin_on) on or
-- before the first day of the span. An A streak is cut short by history when it began on the first
-- scored day. span_held false: the marts report "insufficient history" instead of the claim.
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

kinds as (

    select * from {{ ref('bad_record_kinds') }}

),

-- the day from which the centre holds every kind of bad record; null while one was never accepted
coverage as (

    select
        case when count(freshness.records_begin_on) = count(*) then max(freshness.records_begin_on) end
            as clean_records_from,
        {{ ordered_list(
            struct_of([('label', 'kinds.label_zh'), ('records_begin_on', 'freshness.records_begin_on')]),
            ['kinds.event_type']
        ) }} as datasets
    from kinds
    left join {{ ref('source_freshness') }} as freshness
        on kinds.source = freshness.source
        and kinds.dataset = freshness.dataset

),

spans as (

    select
        {{ plus_days(plus_years('as_of.as_of_date', '-' ~ param_int('green_channel_years')), '1') }}
            as green_from,
        {{ plus_days(plus_years('as_of.as_of_date', '-' ~ param_int('red_list_clean_years')), '1') }}
            as red_clean_from,
        cast(as_of.as_of_date - cast({{ param('red_list_min_a_days') }} as integer) + 1 as date) as red_a_from,
        (
            select min(spans.valid_from) from {{ ref('fct_entity_credit_spans') }} as spans
            where spans.valid_from <= as_of.as_of_date
        ) as first_scored_on,
        as_of.as_of_date
    from as_of

),

-- not materialized: read three times, scanned again rather than held (DEVELOPERS.md)
events as {{ not_materialized() }}(

    select events.*
    from {{ ref('fct_credit_event') }} as events
    cross join as_of
    where events.subject_type = 'entity'
        and events.known_on <= as_of.as_of_date

),

last_bad as (

    select
        events.subject_key as uscc,
        max(events.occurred_on) as last_bad_on
    from events
    inner join kinds on events.event_type = kinds.event_type
    where events.polarity = 'negative'
    group by events.subject_key

),

-- active black-list entries as of the day (every black entry is in int_list_entries; the rule of
-- marts.credit_list.is_active, macro list_entry_active: credit_list reads this model, so it cannot
-- be read here)
black_listed as (

    select distinct entries.subject_key as uscc
    from {{ ref('int_list_entries') }} as entries
    cross join as_of
    where entries.list_type = 'black'
        and entries.known_on <= as_of.as_of_date
        and {{ list_entry_active('entries', 'as_of.as_of_date') }}

),

-- the entities of marts.dim_market_entity (named and scored), not read from it: it reads the lists
green as (

    select
        'green_channel' as rule,
        profile.uscc,
        spans.green_from as needed_from,
        cast(null as date) as streak_from,
        cast(null as string) as award_detail
    from {{ ref('entity_credit_profile') }} as profile
    inner join {{ ref('int_entity_names') }} as names on profile.uscc = names.uscc
    cross join spans
    left join last_bad on profile.uscc = last_bad.uscc
    where profile.uscc not in (select black_listed.uscc from black_listed)
        and (last_bad.last_bad_on is null or last_bad.last_bad_on < spans.green_from)

),

-- the current run of A days of each entity graded A on the as-of day: from the end of its last
-- run of another grade (an entity's runs leave no day out from the day it became known: tested on
-- fct_entity_credit_spans), so one aggregation over the runs
a_streaks as (

    select
        spans.uscc,
        coalesce(max(spans.valid_to) filter (where spans.grade <> 'A'), min(spans.valid_from)) as streak_from
    from {{ ref('fct_entity_credit_spans') }} as spans
    cross join as_of
    where spans.valid_from <= as_of.as_of_date
    group by spans.uscc
    having bool_or(spans.valid_to > as_of.as_of_date and spans.grade = 'A')

),

red as (

    select
        'red_list' as rule,
        a_streaks.uscc,
        least(spans.red_clean_from, spans.red_a_from) as needed_from,
        cast(any_value(a_streaks.streak_from) as date) as streak_from,
        max(awards.detail) as award_detail
    from a_streaks
    cross join spans
    inner join events as awards
        on a_streaks.uscc = awards.subject_key
        and awards.event_type = 'award'
        and awards.occurred_on > {{ plus_years('spans.as_of_date', '-' ~ param_int('red_list_award_years')) }}
    left join last_bad on a_streaks.uscc = last_bad.uscc
    where (a_streaks.streak_from <= spans.red_a_from or a_streaks.streak_from = spans.first_scored_on)
        and (last_bad.last_bad_on is null or last_bad.last_bad_on < spans.red_clean_from)
    group by a_streaks.uscc, spans.red_clean_from, spans.red_a_from

),

ruled as (

    select * from green
    union all
    select * from red

),

final as (

    select
        ruled.rule,
        ruled.uscc,
        ruled.needed_from,
        case
            when ruled.rule = 'green_channel' then coverage.clean_records_from
            -- greatest() skips a null: a dataset never accepted leaves no day the records begin
            when coverage.clean_records_from is not null
                then greatest(coverage.clean_records_from, spans.first_scored_on)
        end as records_begin_on,
        coalesce(coverage.clean_records_from <= case
            when ruled.rule = 'green_channel' then spans.green_from else spans.red_clean_from
        end, false)
        and (ruled.rule = 'green_channel' or ruled.streak_from <= spans.red_a_from) as span_held,
        -- what falls short, for people: each bad-record dataset that begins too late, and the score
        -- history where an A streak is cut by it
        {{ list_join(
            list_map(
                "filter(
                    coverage.datasets,
                    d -> d.records_begin_on is null or d.records_begin_on > case
                        when ruled.rule = 'green_channel' then spans.green_from else spans.red_clean_from
                    end
                )",
                "d -> d.label || coalesce('自' || cast(d.records_begin_on as string) || '起', '尚无记录')"
            ) ~ "
            || case
                when ruled.rule = 'red_list' and ruled.streak_from > spans.red_a_from
                    then " ~ list_of(["'评分记录自' || cast(spans.first_scored_on as string) || '起'"]) ~ "
                else " ~ list_of([]) ~ "
            end",
            "'；'"
        ) }} as short_of,
        ruled.streak_from,
        ruled.award_detail,
        spans.as_of_date
    from ruled
    cross join coverage
    cross join spans

)

select * from final
