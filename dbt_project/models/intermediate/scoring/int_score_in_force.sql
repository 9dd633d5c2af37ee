-- 当日有效的评分构成 — the contributions in force on the as-of day, with its date and day number: the
-- as-of day is always scored, so they are rows of int_score_window_facts. int_score_explained reads
-- them once per kind of line.
with

scored_day as (

    select
        {{ as_of_date() }} as score_date,
        {{ days_between("date '2000-01-01'", as_of_date()) }} as day_no

)

select
    scored_day.score_date,
    scored_day.day_no,
    facts.*
from {{ ref('int_score_window_facts') }} as facts
inner join scored_day
    on facts.start_on <= scored_day.score_date
    and facts.stop_on > scored_day.score_date
