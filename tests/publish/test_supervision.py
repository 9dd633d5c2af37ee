"""What the two platforms publish and supervisors act on (docs/domain.md §5): lists with exit and repair,
双公示 deadlines, green channel, early warnings, the seeded inspection draw, the quarterly report
and the daily exports — built from the simulated region, read back as officials would."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import json
import math
import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from credit.core import config
from credit.core.workdays import deadline
from credit.publish import credit_report as report
from credit.publish import daily_exports as publish_exports
from credit.publish import quarterly
from tests.conftest import DAY, assert_populated, published

pytestmark = pytest.mark.e2e


def test_every_issue_6_mart_is_populated(region: config.Settings) -> None:
    assert_populated(
        region,
        (
            "marts.credit_list",
            "marts.disclosure_compliance",
            "marts.green_channel",
            "marts.early_warning",
            "marts.inspection_plan",
            "marts.rpt_quarterly_joint_measures",
            "marts.rpt_disclosure_by_department",
        ),
    )
    with published(region) as con:
        lists = {r[0] for r in con.execute("select distinct list_type from marts.credit_list").fetchall()}
        statuses = {r[0] for r in con.execute("select distinct status from marts.disclosure_compliance").fetchall()}
    assert lists == {"red", "black"}
    assert {"on_time", "late", "overdue"} <= statuses


def test_disclosure_deadlines_count_spring_festival_make_up_days(region: config.Settings) -> None:
    with published(region) as con:
        rows = con.execute(
            """select decided_on, deadline_on, deadline_estimated from marts.disclosure_compliance
               where decided_on between date '2026-02-10' and date '2026-03-01'"""
        ).fetchall()
    assert rows, "the simulator uploads decisions from the 2026 Spring Festival late"
    for decided, due, estimated in rows:
        assert due == deadline(decided).day and not estimated


def test_disclosure_status_follows_deadline_and_publication(region: config.Settings) -> None:
    with published(region) as con:
        wrong = con.execute(
            """select count(*) from marts.disclosure_compliance where not (
                   (status = 'on_time' and published_on <= deadline_on)
                or (status = 'late' and published_on > deadline_on)
                or (status = 'overdue' and published_on is null and as_of_date > deadline_on)
                or (status = 'pending' and published_on is null and as_of_date <= deadline_on))"""
        ).fetchone()[0]
        overdue_cited = con.execute(
            """select count(*) from marts.disclosure_compliance d
               join intermediate.int_penalty_repairs r on d.record_id = r.decision_no
               where d.status = 'overdue' and r.review_status = 'penalty_not_published'"""
        ).fetchone()[0]
    assert wrong == 0
    assert overdue_cited > 0


def test_a_repair_before_the_minimum_period_is_flagged_and_not_applied(region: config.Settings) -> None:
    with published(region) as con:
        statuses = dict(
            con.execute("select review_status, count(*) from intermediate.int_penalty_repairs group by 1").fetchall()
        )
        leaked = con.execute(
            """select count(*) from intermediate.int_penalty_repairs r
               join marts.fct_credit_event e on e.source_record_id = r.decision_no and e.event_type = 'penalty'
               where r.review_status = 'before_minimum_period' and e.ended_on = r.decided_on
                 and not exists (select 1 from intermediate.int_penalty_repairs ok
                                 where ok.decision_no = r.decision_no and ok.review_status = 'applied')"""
        ).fetchone()[0]
        applied = con.execute(
            """select count(*) from intermediate.int_penalty_repairs r
               join marts.fct_credit_event e on e.source_record_id = r.decision_no and e.event_type = 'penalty'
               where r.review_status = 'applied' and e.end_reason = 'repaired' and e.ended_on <= r.decided_on"""
        ).fetchone()[0]
    assert statuses.get("applied", 0) > 0 and statuses.get("before_minimum_period", 0) > 0, statuses
    assert leaked == 0
    assert applied == statuses["applied"]


def test_green_channel_holds_no_entity_with_a_bad_record_or_a_black_listing(region: config.Settings) -> None:
    with published(region) as con:
        bad = con.execute(
            """select count(*) from marts.green_channel g
               where exists (select 1 from marts.credit_list l
                             where l.subject_key = g.uscc and l.list_type = 'black' and l.is_active)
                  or exists (select 1 from marts.fct_credit_event e
                             where e.subject_key = g.uscc and e.polarity = 'negative'
                               and e.event_type in ('penalty', 'list_entry', 'commitment', 'violation')
                               and e.occurred_on > g.eligible_on - interval 3 year)"""
        ).fetchone()[0]
    assert bad == 0


def test_span_rules_hold_only_on_records_that_cover_the_span(region: config.Settings) -> None:
    """docs/domain.md §5 "Only what the records support". The region's departments declared their
    records since 2020 (tests/conftest.py HISTORY_DECLARED), so the green channel holds; its score
    history is three days, so the red list's 90 days of A cannot: no integrity-model entry, and each
    candidate is insufficient history because of the score history alone."""
    with published(region) as con:
        begins = con.execute(
            """select distinct f.records_begin_on from reference.bad_record_kinds k
               join quality.source_freshness f using (source, dataset)"""
        ).fetchall()
        green = con.execute("select count(*), min(records_begin_on), max(records_begin_on) from marts.green_channel")
        green_count, green_first, green_last = green.fetchone()
        integrity = con.execute(
            "select count(*) from marts.credit_list where reason_code = 'integrity_model'"
        ).fetchone()[0]
        short = con.execute("select rule, short_of, basis from marts.insufficient_history").fetchall()
    assert begins == [(dt.date(2020, 1, 1),)]
    assert green_count > 0 and green_first == green_last == dt.date(2020, 1, 1)
    assert integrity == 0
    assert all(rule == "red_list" for rule, _, _ in short), "the green channel's years are covered here"
    for _, short_of, basis in short:
        assert short_of.startswith("评分记录自") and "历史不足" in basis, (short_of, basis)


def test_early_warnings_carry_their_evidence(region: config.Settings) -> None:
    with published(region) as con:
        rows = con.execute("select reason, evidence, raised_on from marts.early_warning").fetchall()
    assert {"grade_drop", "new_serious_event"} <= {r[0] for r in rows}
    assert all(evidence for _, evidence, _ in rows)


def test_the_inspection_draw_is_recomputed_from_its_published_seed(region: config.Settings) -> None:
    """An auditor with the seed, the shares and the grades of the draw day gets the same plan."""
    with published(region) as con:
        period, seed, drawn_on = con.execute(
            "select any_value(period), any_value(draw_seed), any_value(drawn_on) from marts.inspection_plan"
        ).fetchone()
        plan = {
            (u, tuple(i)) for u, i in con.execute("select uscc, inspector_ids from marts.inspection_plan").fetchall()
        }
        grades = con.execute(
            "select uscc, grade from marts.fct_entity_credit_daily where score_date = ?", [drawn_on]
        ).fetchall()
        shares = dict(con.execute("select grade, quarterly_share from reference.inspection_shares").fetchall())
        roster = [r[0] for r in con.execute("select inspector_id from reference.inspectors").fetchall()]
        per_entity = int(
            con.execute(
                "select value from reference.credit_parameters where parameter = 'inspection_inspectors_per_entity'"
            ).fetchone()[0]
        )

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    expected = set()
    for grade, share in shares.items():
        members = sorted((u for u, g in grades if g == grade), key=lambda u: md5(f"{seed}:{period}:{u}"))
        for uscc in members[: math.ceil(len(members) * share)]:
            inspectors = sorted(roster, key=lambda i: md5(f"{seed}:{period}:{uscc}:{i}"))[:per_entity]
            expected.add((uscc, tuple(inspectors)))
    assert plan and plan == expected


def test_the_commitment_check_draw_is_recomputed_from_its_published_seed(region: config.Settings) -> None:
    """docs/domain.md §5: commitments are sampled for checks. An auditor with the published seed,
    the share and the unchecked commitments of the draw day gets the same list, per type."""
    with published(region) as con:
        drawn = con.execute(
            "select period, commitment_id, draw_seed, draw_basis, drawn_on from marts.commitment_check_draw"
        )
        rows = drawn.fetchall()
        assert rows, "the region's commitments are drawn"
        ((period, seed, basis, drawn_on),) = {(p, s, b, d) for p, _, s, b, d in rows}
        (share,) = con.execute(
            "select cast(value as double) from reference.credit_parameters where parameter = 'commitment_check_share'"
        ).fetchone()
        assert basis == "provisional_latest_day", "the region's three days hold nothing from before the month"
        unchecked = con.execute(
            """select commitment_type, commitment_id from staging.stg_commitments__commitments
               where usable_uscc is not null and first_batch_date <= ? and (checked_on is null or checked_on > ?)""",
            [drawn_on, drawn_on],
        ).fetchall()

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    expected = set()
    for kind in {k for k, _ in unchecked}:
        members = sorted((c for k, c in unchecked if k == kind), key=lambda c: md5(f"{seed}:{period}:{c}"))
        expected |= set(members[: math.ceil(len(members) * share)])
    assert {c for _, c, _, _, _ in rows} == expected
    assert period == drawn_on.strftime("%Y-%m")


def test_daily_exports_round_trip_through_openpyxl_with_chinese_headers(region: config.Settings) -> None:
    folder = publish_exports.export_day(region)
    assert folder.name == DAY.isoformat()
    for ex in publish_exports.EXPORTS:
        headers = [h for _, h in ex.columns]
        sheet = load_workbook(folder / f"{ex.name}.xlsx", read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == headers, ex.name
        raw = (folder / f"{ex.name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel reads the Chinese headers"
        with (folder / f"{ex.name}.csv").open(encoding="utf-8-sig", newline="") as fh:
            csv_rows = list(csv.reader(fh))
        assert csv_rows[0] == headers and len(csv_rows) == len(rows), ex.name
    page = (folder / "overview.html").read_text(encoding="utf-8")
    assert "<svg" in page and "<script" not in page


def test_a_list_too_long_for_a_workbook_is_published_as_csv_only(
    region: config.Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = dataclasses.replace(region, data_dir=tmp_path / "data")
    cfg.warehouse_dir.mkdir(parents=True)
    shutil.copyfile(region.published_warehouse, cfg.published_warehouse)
    monkeypatch.setattr(publish_exports, "WORKBOOK_MAX_ROWS", 1)
    folder = publish_exports.export_day(cfg)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    long_lists = {name for name, n in manifest["rows"].items() if n > 1}
    assert long_lists, "the region has lists longer than one row"
    for ex in publish_exports.EXPORTS:
        assert (folder / f"{ex.name}.csv").exists()
        assert (folder / f"{ex.name}.xlsx").exists() == (ex.name not in long_lists), ex.name
        assert manifest["formats"][ex.name] == (["csv"] if ex.name in long_lists else ["csv", "xlsx"])
    page = (folder / "overview.html").read_text(encoding="utf-8")
    assert all(f"{name}.xlsx" not in page for name in long_lists)


def test_no_resident_id_or_phone_number_in_any_export_or_public_table(region: config.Settings, tmp_path: Path) -> None:
    publish_exports.export_day(region)
    quarterly.write_quarter(DAY, region)
    uscc = (
        duckdb.connect(str(region.published_warehouse), read_only=True)
        .execute("select uscc from marts.dim_market_entity order by score limit 1")
        .fetchone()[0]
    )
    report.write(report.load(uscc, cfg=region), region.exports / "reports")
    found: dict[str, list[str]] = {}
    for path in region.exports.rglob("*"):
        if path.suffix in {".csv", ".html", ".json"}:
            text = path.read_text(encoding="utf-8-sig")
        elif path.suffix == ".xlsx":
            wb = load_workbook(path, read_only=True)
            text = "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row)
        else:
            continue
        if hits := publish_exports.scan_for_personal_data(text):
            found[str(path.relative_to(region.exports))] = hits
    with published(region) as con:
        tables = con.execute("select table_name from information_schema.tables where table_schema = 'marts'").fetchall()
        for (table,) in tables:
            text = "\n".join(str(r) for r in con.execute(f"select * from marts.{table}").fetchall())
            if hits := publish_exports.scan_for_personal_data(text):
                found[f"marts.{table}"] = hits
    assert not found, found


def test_the_scan_does_find_personal_data() -> None:
    # a scan that cannot fail would prove nothing: a valid ID and a mobile number are caught
    assert publish_exports.scan_for_personal_data("身份证 320803198001010010，电话 13912345678。") == [
        "320803198001010010",
        "13912345678",
    ]


def test_quarterly_report_xlsx(region: config.Settings) -> None:
    path = quarterly.write_quarter(DAY, region)
    assert path.name == "2026-Q4.xlsx"
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == ["季度统计", "名单变动", "双公示迟报逾期", "凡办必查"]
    figures = {r[0]: r[1] for r in wb["季度统计"].iter_rows(min_row=3, values_only=True)}
    with published(region) as con:
        cols = ", ".join(c for c, _ in quarterly.FIGURES)
        row = con.execute(f"select {cols} from marts.rpt_quarterly_joint_measures where quarter = '2026-Q4'").fetchone()
        changes = con.execute(
            "select count(*) from marts.credit_list where entered_on >= '2026-10-01' or exited_on >= '2026-10-01'"
        ).fetchone()[0]
    assert figures == {label: value for (_, label), value in zip(quarterly.FIGURES, row, strict=True)}
    assert figures["新列入黑名单"] > 0
    # the header, then one row per list change in the quarter (counted: a streamed sheet records no dimension)
    assert sum(1 for _ in wb["名单变动"].iter_rows()) == changes + 1
