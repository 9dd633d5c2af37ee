-- 历史不足 — one row per entity and rule that needs a span of history (the green channel's clean
-- years, the red list's A days and clean years; docs/domain.md §5 "Only what the records support")
-- whose condition holds on every record the centre holds, but whose records begin after the span
-- would have to start. The centre does not claim the rule for them: it says from which day its
-- records begin and which of them fall short, in Chinese, for the exports, reports and the check.
with

rules as (

    select * from {{ ref('int_history_rules') }}
    where not span_held

),

entities as (

    select * from {{ ref('int_entity_names') }}

),

labels as (

    select
        code,
        label_zh
    from {{ ref('code_labels') }}
    where domain = 'history_rule'

),

final as (

    select
        rules.rule,
        rules.uscc,
        coalesce(entities.name, rules.uscc) as name,
        rules.needed_from,
        rules.records_begin_on,
        rules.short_of,
        labels.label_zh || '：本中心现有记录内'
        || case
            when rules.rule = 'green_channel'
                then
                    '无失信记录、未列入黑名单，但规则需近 ' || cast({{ param('green_channel_years') }} as integer)
                    || ' 年无失信记录'
            else
                '连续 ' || ({{ days_between('rules.streak_from', 'rules.as_of_date') }} + 1) || ' 天 A 级、近 '
                || cast({{ param('red_list_award_years') }} as integer) || ' 年获表彰、无失信记录，但规则需连续 '
                || cast({{ param('red_list_min_a_days') }} as integer) || ' 天 A 级且近 '
                || cast({{ param('red_list_clean_years') }} as integer) || ' 年无失信记录'
        end
        || '，现有记录不足（' || rules.short_of || '），历史不足，不予认定' as basis,
        rules.as_of_date
    from rules
    inner join labels on rules.rule = labels.code
    left join entities on rules.uscc = entities.uscc

)

select * from final
