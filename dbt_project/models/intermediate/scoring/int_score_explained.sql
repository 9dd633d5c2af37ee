-- 评分说明: the contributions to each entity's score on the as-of day, one row per fact, cap,
-- rating, reviews, complaints, inspections and black-list hold (macro score_contributions, the
-- same rules as int_score_contributions for one day). entity_credit_profile lists them.
{{ score_contributions('select ' ~ as_of_date() ~ ' as score_date') }}
