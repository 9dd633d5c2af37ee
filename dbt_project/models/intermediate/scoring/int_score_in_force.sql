-- 当日有效的评分构成 — the contributions in force on the as-of day (int_score_contributions, a view
-- over every fact, evaluated once here). int_score_explained reads these rows once per kind of line:
-- a stored table scans in a fraction of the time the view takes to derive them again.
with

scored_day as (

    select
        {{ as_of_date() }} as score_date,
        {{ as_of_date() }} - date '2000-01-01' as day_no

)

select
    scored_day.score_date,
    scored_day.day_no,
    contributions.*
from {{ ref('int_score_contributions') }} as contributions
inner join scored_day
    on contributions.start_on <= scored_day.score_date
    and contributions.stop_on > scored_day.score_date
