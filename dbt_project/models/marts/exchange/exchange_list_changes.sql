-- 红黑名单变动 for the provincial push (docs/architecture.md "The provincial push"): one row per
-- entry into or exit from a list the centre decided itself (its integrity rules and the black
-- list of serious penalties), on the day of the change, in the MD_ layout the departments' own
-- lists arrive in. Other departments' lists are theirs to push and are left out.
with

entries as (

    select * from {{ ref('credit_list') }}
    where source != 'gov_lists'

),

labels as (

    select
        domain,
        code,
        label_zh
    from {{ ref('code_labels') }}

),

changes as (

    select
        list_entry_id,
        'entered' as change,
        entered_on as received_on
    from entries
    union all
    select
        list_entry_id,
        'exited' as change,
        exited_on as received_on
    from entries
    where exited_on is not null

),

final as (

    select
        changes.list_entry_id as entry_id,
        changes.change,
        list_type_labels.label_zh as list_type,
        entries.subject_name,
        entries.subject_key as uscc,
        entries.reason,
        entries.entered_on as listed_on,
        entries.scheduled_exit_on,
        case when changes.change = 'exited' then entries.exited_on end as removed_on,
        case when changes.change = 'exited' then exit_labels.label_zh end as removal_reason,
        changes.received_on
    from changes
    inner join entries on changes.list_entry_id = entries.list_entry_id
    inner join labels as list_type_labels
        on list_type_labels.domain = 'list_type' and entries.list_type = list_type_labels.code
    left join labels as exit_labels
        on exit_labels.domain = 'exit_reason' and entries.exit_reason = exit_labels.code

)

select * from final
