-- 双公示按部门统计 — per department and kind: records, on time, late, overdue, on-time rate.
select
    department,
    kind,
    count(*) as records,
    count(*) filter (where status = 'on_time') as on_time,
    count(*) filter (where status = 'late') as late,
    count(*) filter (where status = 'overdue') as overdue,
    count(*) filter (where status = 'pending') as pending,
    round(count(*) filter (where status = 'on_time') / nullif(count(*) filter (where status <> 'pending'), 0), 4)
        as on_time_rate,
    count(*) filter (where deadline_estimated) as deadlines_estimated,
    any_value(as_of_date) as as_of_date
from {{ ref('disclosure_compliance') }}
group by department, kind
