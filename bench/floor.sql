-- The floor: the entity credit profile as of one day, in one hand-written DuckDB script, straight
-- from the lake's Parquet (what the gate accepted) and the seed CSVs. Same rule families as the dbt
-- project (latest version of each record, severity and publication window by rule version, fading
-- facts, group caps, ratings averaged per agency, smoothed reviews, complaints per volume, smoothed
-- inspection failures, grade caps), without what only the warehouse needs (history of every day,
-- name links for shops without a USCC, brushing, the audit trail of every fact). It is the lower
-- bound the pipeline is compared with, not a second implementation to maintain.
-- Placeholders: {{lake}}, {{seeds}}, {{as_of}}.
set variable as_of = date '{{as_of}}';

create or replace temp macro acc(src, ds) as table
    select * from read_parquet('{{lake}}/accepted/' || src || '/' || ds || '/dt=*/*.parquet',
        union_by_name = true, hive_partitioning = false)
    where _batch_date <= getvariable('as_of');

create or replace temp table params as
    select * from read_csv('{{seeds}}/credit_parameters.csv', header = true);
create or replace temp macro p(name) as (select value from params where parameter = name);
create or replace temp table points as
    select * from read_csv('{{seeds}}/score_event_points.csv', header = true);

-- penalties: the latest version of each decision, its severity (longest period of its types)
create or replace temp table penalties as
with latest as (
    select * from acc('gov_penalties', 'penalties')
    qualify row_number() over (partition by decision_no order by _batch_date desc, _row_id desc) = 1
),
typed as (
    select l.decision_no, l.uscc, l.decided_on, s.severity, r.severity_rank, pp.max_months
    from latest l,
        unnest(string_split(l.penalty_types, ';')) as t(penalty_type)
    inner join read_csv('{{seeds}}/penalty_type_severity.csv', header = true) s on s.penalty_type = t.penalty_type
    inner join read_csv('{{seeds}}/severity_ranks.csv', header = true) r on r.severity = s.severity
    inner join read_csv('{{seeds}}/publication_rule_versions.csv', header = true) v
        on l.decided_on between v.effective_from and v.effective_to
    inner join read_csv('{{seeds}}/publication_periods.csv', header = true) pp
        on pp.rule_version = v.rule_version and pp.severity = s.severity
)
select decision_no, any_value(uscc) as uscc, any_value(decided_on) as effective_from,
    arg_max(severity, severity_rank) as outcome,
    cast(any_value(decided_on) + to_months(max(max_months)) as date) as publish_until
from typed group by decision_no;

create or replace temp table facts as
select uscc, 'penalty' as event_type, outcome, effective_from, publish_until from penalties
union all
select uscc, 'license', 'valid', valid_from, valid_until
from (select * from acc('gov_licenses', 'licenses')
      qualify row_number() over (partition by license_no order by _batch_date desc, _row_id desc) = 1)
where status is distinct from '撤销'
union all
select uscc, 'award', award_type, awarded_on, valid_until
from (select * from acc('gov_awards', 'awards')
      qualify row_number() over (partition by award_id order by _batch_date desc, _row_id desc) = 1)
union all
select uscc, 'list_entry', list_type, listed_on, coalesce(removed_on, scheduled_exit_on)
from (select * from acc('gov_lists', 'list_entries')
      qualify row_number() over (partition by entry_id order by _batch_date desc, _row_id desc) = 1)
union all
select uscc, 'commitment', case when check_result = '履约' then 'kept' else 'broken' end, checked_on,
    cast(checked_on + to_months(cast(p('commitment_horizon_months') as integer)) as date)
from (select * from acc('commitments', 'commitments')
      qualify row_number() over (partition by commitment_id order by _batch_date desc, _row_id desc) = 1)
where checked_on is not null;

create or replace temp table shops as
select platform, shop_id, any_value(uscc) as uscc
from acc('ecommerce', 'shops') where uscc is not null group by platform, shop_id;

create or replace temp table event_points as
select f.uscc, pt.cap_group, any_value(pt.cap_points) as cap_points, max(pt.best_grade) as best_grade,
    sum(pt.points * case when pt.decays then 1 - (1 - p('decay_floor'))
        * (getvariable('as_of') - f.effective_from) / greatest(f.publish_until - f.effective_from, 1) else 1 end) as pts
from (
    select * from facts
    union all
    select s.uscc, 'violation', 'general', cast(v.occurred_at as date),
        cast(cast(v.occurred_at as date) + to_months(cast(p('violation_horizon_months') as integer)) as date)
    from acc('ecommerce', 'violations') v inner join shops s using (platform, shop_id)
) f
inner join points pt on pt.event_type = f.event_type and pt.outcome = f.outcome
where getvariable('as_of') >= f.effective_from and getvariable('as_of') < f.publish_until
group by f.uscc, pt.cap_group;

create or replace temp table ratings as
select uscc, avg(rp.points) as pts
from (select * from acc('raters', 'ratings')
      where rated_on <= getvariable('as_of') and valid_until > getvariable('as_of')
      qualify row_number() over (partition by uscc, agency order by rated_on desc) = 1) r
inner join read_csv('{{seeds}}/rating_points.csv', header = true) rp on rp.rating = r.rating
group by uscc;

create or replace temp table reviews as
select s.uscc, count(*) as n, sum(r.rating) as stars
from acc('ecommerce', 'reviews') r inner join shops s using (platform, shop_id)
where cast(r.reviewed_at as date) > getvariable('as_of') - cast(p('review_window_days') as integer)
group by s.uscc;

create or replace temp table complaints as
select uscc, count(*) as n from (
    select uscc from acc('complaints_12312', 'complaints')
    where uscc is not null
      and cast(received_at as date) > getvariable('as_of') - cast(p('complaint_window_days') as integer)
    union all
    select s.uscc from acc('ecommerce', 'disputes') d inner join shops s using (platform, shop_id)
    where cast(d.opened_at as date) > getvariable('as_of') - cast(p('complaint_window_days') as integer)
) group by uscc;

create or replace temp table stalls as
select market_id, stall_no, any_value(uscc) as uscc
from acc('wholesale', 'merchants') where uscc is not null group by market_id, stall_no;

create or replace temp table trades as
select s.uscc, sum(t.trades) as n
from acc('wholesale', 'trades') t inner join stalls s using (market_id, stall_no)
where t.trade_date > getvariable('as_of') - cast(p('complaint_window_days') as integer)
group by s.uscc;

create or replace temp table inspections as
select s.uscc, count(*) as n, count(*) filter (where i.result = 'fail') as failed
from acc('wholesale', 'inspections') i inner join stalls s using (market_id, stall_no)
where i.inspected_on > getvariable('as_of') - cast(p('inspection_window_days') as integer)
group by s.uscc;

create or replace temp table entities as
select distinct uscc from (
    select uscc from facts union all select uscc from shops union all select uscc from stalls
    union all select uscc from acc('raters', 'ratings') union all select uscc from acc('household', 'companies')
    union all select uscc from acc('complaints_12312', 'complaints')
) where uscc is not null;

create or replace temp table floor_profile as
with contributions as (
    select uscc, case
            when cap_points > 0 then least(pts, cap_points)
            when cap_points < 0 then greatest(pts, cap_points)
            else pts end as pts, best_grade
    from event_points
    union all select uscc, pts, null from ratings
    union all
    select uscc, ((p('review_prior_weight') * p('review_prior_mean') + stars) / (p('review_prior_weight') + n)
        - p('review_prior_mean')) * p('review_points_per_star'), null
    from reviews
    union all
    select c.uscc, -least(p('complaint_points_cap'), c.n / (coalesce(r.n, 0) + coalesce(t.n, 0)
        + p('complaint_volume_prior')) * p('complaint_points_per_rate')), null
    from complaints c left join reviews r using (uscc) left join trades t using (uscc)
    union all
    select uscc, -(failed / (n + p('inspection_prior_samples'))) * p('inspection_points_per_fail_rate'), null
    from inspections where failed > 0
),
scored as (
    select e.uscc,
        cast(least(p('score_max'), greatest(p('score_min'), round(p('score_base') + coalesce(sum(c.pts), 0)))) as integer) as score,
        coalesce(max(c.best_grade), 'A') as grade_cap
    from entities e left join contributions c using (uscc)
    group by e.uscc
)
select s.uscc, s.score, greatest(g.grade, s.grade_cap) as grade
from scored s
inner join read_csv('{{seeds}}/grade_cutoffs.csv', header = true) g on s.score between g.min_score and g.max_score;
