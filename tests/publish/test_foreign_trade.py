"""The foreign-trade bulletin over the region's days (docs/domain.md §5 "Foreign trade"): each
assessment is a credit event with its seed points, and the bad results in force are exported as
外贸信用通报. A newer assessment replacing the one before is the dbt unit test
a_newer_trade_assessment_of_the_same_kind_replaces_the_one_before (the region's few days rarely
assess one entity twice in a kind)."""

from __future__ import annotations

import csv

from credit.core import config
from credit.publish import daily_exports
from tests.conftest import DAY, published


def test_each_assessment_is_an_event_with_its_points(region: config.Settings) -> None:
    with published(region) as con:
        rows = con.execute(
            """select e.outcome, e.polarity, e.base_points, p.points
               from marts.fct_credit_event e
               left join reference.score_event_points p on p.event_type = e.event_type and p.outcome = e.outcome
               where e.event_type = 'foreign_trade'"""
        ).fetchall()
    assert rows, "no foreign-trade assessment reached the warehouse"
    assert all(points is not None for _, _, _, points in rows), "an outcome without seed points"
    assert {polarity for _, polarity, _, _ in rows} >= {"negative", "positive"}
    assert all((points < 0) == (polarity == "negative") for _, polarity, _, points in rows if points)


def test_the_bad_results_in_force_are_exported_as_the_bulletin(region: config.Settings) -> None:
    folder = daily_exports.export_day(region)
    with (folder / "foreign_trade_bulletin.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    with published(region) as con:
        bad = con.execute(
            """select count(*) from marts.fct_credit_event
               where event_type = 'foreign_trade' and polarity = 'negative' and subject_type = 'entity'
                 and publish_until > ? and (ended_on is null or ended_on > ?)""",
            [DAY, DAY],
        ).fetchone()[0]
    assert bad > 0 and len(rows) == bad
    assert set(rows[0]) >= {"统一社会信用代码", "认定结果", "认定部门"}
