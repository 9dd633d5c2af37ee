-- 评分期内的评分构成 — the contributions (int_score_contributions, a view over every fact) in force on
-- some day this build scores (int_score_days), evaluated once here: the score's runs
-- (int_score_spans) sum them and the explanation (int_score_in_force) lists those of the as-of day.
-- Deriving the view costs a scan of every credit event; a stored table is scanned in a fraction of
-- that.
with

days as (

    select
        min(score_date) as first_day,
        max(score_date) as last_day
    from {{ ref('int_score_days') }}

)

select contributions.*
from {{ ref('int_score_contributions') }} as contributions
inner join days
    on contributions.start_on <= days.last_day
    and contributions.stop_on > days.first_day
