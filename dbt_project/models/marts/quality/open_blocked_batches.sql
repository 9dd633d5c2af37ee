-- 未解决的阻断批次 — every batch whose latest verdict is `blocked`: it stays here until a re-load of
-- its day passes (the gate's new verdict replaces it in quality.load_audit). What an engineer
-- works from: the reason, how long it has been open, the batch's Data Docs page and the fix.
with

as_of as (

    select {{ as_of_date() }} as as_of_date

),

blocked as (

    select * from {{ ref('load_audit') }}
    where verdict = 'blocked'

),

final as (

    select
        blocked.source,
        blocked.dataset,
        blocked.batch_date,
        blocked.batch_id,
        blocked.rows_received,
        blocked.reason,
        {{ days_between('blocked.batch_date', 'as_of.as_of_date') }} as days_open,
        'docs/gx/' || blocked.source || '/' || blocked.dataset || '/' || cast(blocked.batch_date as string)
        || '.html' as data_docs_page,
        '来源修正后重新上传到 inbox/' || blocked.source || '/' || cast(blocked.batch_date as string)
        || '/（同名文件），然后在 Airflow 中清除该日 ingest_' || blocked.source
        || ' 运行的 fetch 任务及其下游 / have the source correct it, re-drop it into that folder, then Clear '
        || 'the run''s fetch task with its downstream tasks' as fix
    from blocked
    cross join as_of

)

select * from final
