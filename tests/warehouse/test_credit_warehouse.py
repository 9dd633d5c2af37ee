"""The credit warehouse built from every source of the simulated region: the three libraries, the
credit-event fact, the daily score and its explanation, brushing detection, and the credit report."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
from credit_simulator.apis import brushing_truth

from credit.core import config
from credit.ingest.catalog import SOURCES
from credit.ingest.sources import penalty_exchange as gov_penalties
from credit.orchestration import ingest_tasks as tasks
from credit.publish import credit_report as report
from credit.warehouse.build import build_and_publish
from credit.warehouse.plan import plan_build
from tests import simulated
from tests.conftest import DAY, ROOT, SEED, assert_populated, chromium, copy_region, published
from tests.conftest import REGION_DAYS as DAYS

pytestmark = pytest.mark.e2e


def test_every_issue_5_table_is_populated_from_all_sources(region: config.Settings) -> None:
    assert_populated(
        region,
        (
            "marts.dim_market_entity",
            "marts.dim_practitioner",
            "marts.dim_consumer",
            "marts.fct_credit_event",
            "marts.fct_entity_credit_daily",
            "marts.entity_credit_profile",
            "snapshots.snap_market_entity",
        ),
    )
    with published(region) as con:
        sources = {r[0] for r in con.execute("select distinct source from marts.fct_credit_event").fetchall()}
        # household feeds practitioners; objections end records (docs/domain.md §5 "Objections")
        assert sources == {s.id for s in SOURCES} - {"household", "objections"}
        types = {r[0] for r in con.execute("select distinct event_type from marts.fct_credit_event").fetchall()}
        assert {"penalty", "license", "award", "list_entry", "commitment", "rating", "review", "complaint"} <= types
        # scored day by day: one row per known entity per day
        days = [
            r[0]
            for r in con.execute("select distinct score_date from marts.fct_entity_credit_daily order by 1").fetchall()
        ]
        assert days == DAYS


def test_every_event_traces_back_to_an_accepted_batch(region: config.Settings) -> None:
    with published(region) as con:
        orphans = con.execute(
            """select count(*) from marts.fct_credit_event e
               left join quality.load_audit a on e.batch_id = a.batch_id
               where a.batch_id is null or e.source_location is null"""
        ).fetchone()[0]
    assert orphans == 0


def test_the_working_day_calendar_is_the_state_councils_around_every_decision(region: config.Settings) -> None:
    """int_calendar_days, kept from the calendar the build writes (build.workday_calendar), is
    credit/core/workdays.py's day by day, from a week before the earliest decision (2026 at the
    latest) to 60 days after the latest (docs/domain.md §2)."""
    from credit.core.workdays import calendar

    with published(region) as con:
        rows = con.execute(
            "select calendar_date, is_workday, basis, is_estimated from intermediate.int_calendar_days order by 1"
        ).fetchall()
        first, last = con.execute(
            """select min(d), max(d) from (
                   select decided_on as d from staging.stg_gov_penalties__penalties
                   union all select decided_on from staging.stg_gov_licenses__licenses
                   union all select penalty_decided_on from staging.stg_gov_penalties__repairs)"""
        ).fetchone()
    assert rows[0][0] == min(first, dt.date(2026, 1, 1)) - dt.timedelta(days=7)
    assert rows[-1][0] == last + dt.timedelta(days=60)
    expected = [(d.day, d.is_workday, d.basis, d.is_estimated) for d in calendar(rows[0][0], rows[-1][0])]
    assert rows == expected


def test_hard_rules_hold_in_the_published_warehouse(region: config.Settings) -> None:
    with published(region) as con:
        black = con.execute("select grade from marts.dim_market_entity where on_black_list").fetchall()
        serious = con.execute("select grade from marts.dim_market_entity where active_serious_penalties > 0").fetchall()
    assert black and {g for (g,) in black} == {"D"}
    assert serious and {g for (g,) in serious} <= {"C", "D"}


def test_the_explanation_adds_up_to_the_score(region: config.Settings) -> None:
    with published(region) as con:
        rows = con.execute(
            """select score, base_score, list_sum(list_transform(explanation, x -> x.points))
               from marts.entity_credit_profile"""
        ).fetchall()
    for score, base, points in rows:
        # the score is rounded to a whole point; every line is listed, to 1e-4
        assert abs(score - min(1000, max(0, base + (points or 0)))) <= 0.51


def test_the_explanation_text_names_whole_point_lines_and_sums_the_rest(region: config.Settings) -> None:
    with published(region) as con:
        rows = con.execute("select explanation, explanation_text from marts.entity_credit_profile").fetchall()
    for explanation, text in rows:
        parts = text.split("；")
        small = [line for line in explanation if abs(line["points"]) < 0.5]  # DuckDB rounds half away from 0
        named = [p for p in parts if not p.startswith("其余 ")]
        assert len(named) == len(explanation) - len(small) or not explanation, text
        assert not any(p.endswith((" +0", " -0")) for p in named), text  # a named line moves a whole point
        if small:  # the region may have none: the unit test explanation_text_sums_lines_under_a_point has
            assert parts[-1] == f"其余 {len(small)} 项合计 {sum(line['points'] for line in small):+.1f}", text


def test_brushing_detection_precision_and_recall(region: config.Settings) -> None:
    truth = set().union(*(brushing_truth(SEED, day) for day in DAYS))
    with published(region) as con:
        flagged = set(
            con.execute("select platform, review_id from intermediate.int_reviews_flagged where is_brushing").fetchall()
        )
        suspects = con.execute("select count(*) from marts.dim_consumer where is_brushing_suspect").fetchone()[0]
    true_positive = len(truth & flagged)
    precision = true_positive / len(flagged)
    recall = true_positive / len(truth)
    assert len(truth) >= 10, "the simulator injected bursts to find"
    assert precision >= 0.95, f"precision {precision:.2f}: {sorted(flagged - truth)[:5]}"
    assert recall >= 0.9, f"recall {recall:.2f}: missed {sorted(truth - flagged)[:5]}"
    assert suspects >= true_positive * 0.9


def test_brushing_reviews_do_not_count_in_the_score(region: config.Settings) -> None:
    with published(region) as con:
        counted = con.execute(
            """select count(*) from marts.fct_credit_event e
               join intermediate.int_reviews_flagged r on e.source_record_id = r.platform || ':' || r.review_id
               where r.is_brushing and (e.ended_on is null or e.end_reason <> 'brushing')"""
        ).fetchone()[0]
    assert counted == 0


def test_added_batches_build_incrementally_a_redropped_day_rebuilds_in_full(
    region: config.Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan builds on the published warehouse when batches were only added, rescoring from the
    oldest new one; a re-dropped day replaces rows already published, so only a rebuild from the
    lake removes them everywhere."""
    copy_region(region, tmp_path, monkeypatch)
    cfg = config.settings()
    plan = plan_build(cfg)
    assert not plan.full and plan.new_batches.num_rows == 0
    assert plan.score_from == DAY + dt.timedelta(days=1), "nothing new: the next day"

    tasks.run_gate("gov_penalties", "penalties", DAYS[0])  # the same input again: the same batch id
    plan = plan_build(cfg)
    assert not plan.full and plan.new_batches.num_rows == 0

    next_day = DAY + dt.timedelta(days=1)
    simulated.upload(cfg.inbox, next_day, ["gov_penalties"])
    gov_penalties.ingest(next_day, cfg)
    tasks.run_gate("gov_penalties", "penalties", next_day)
    plan = plan_build(cfg)
    assert not plan.full and plan.score_from == next_day
    assert plan.new_batches.column("batch_date").to_pylist() == [next_day]

    # the bureau re-uploads the first day's city file corrected (its last record withdrawn)
    first_day = f"gov_penalties.penalties.{DAYS[0]:%Y%m%d}"
    published_batch = next(b for b in plan.audit_files.column("batch_id").to_pylist() if b.startswith(first_day))
    drop = next((cfg.inbox / "gov_penalties" / DAYS[0].isoformat()).glob("淮安市_行政处罚_*.csv"))
    lines = drop.read_bytes().rstrip(b"\r\n").split(b"\r\n")
    drop.write_bytes(b"\r\n".join(lines[:-1]) + b"\r\n")
    gov_penalties.ingest(DAYS[0], cfg)
    tasks.run_gate("gov_penalties", "penalties", DAYS[0])
    plan = plan_build(cfg)
    assert plan.full and plan.replaced == [published_batch], plan.reason
    # and the rebuild no longer holds the withdrawn record
    build_and_publish(cfg)
    with published(cfg) as con:
        staged = con.execute("select distinct batch_id from staging.stg_gov_penalties__penalties").fetchall()
        batches = {b for (b,) in staged}
        modes = [m for (m,) in con.execute("select mode from build.builds").fetchall()]
    assert published_batch not in batches
    assert modes == ["full"]


def _showcase(cfg: config.Settings) -> str:
    """An entity with a penalty, a list entry and reviews."""
    with published(cfg) as con:
        row = con.execute(
            """select subject_key from marts.fct_credit_event where subject_type = 'entity'
               group by subject_key
               having bool_or(event_type = 'penalty') and bool_or(event_type = 'list_entry')
                  and bool_or(event_type = 'review')
               order by count(*) desc limit 1"""
        ).fetchone()
    assert row, "the simulator's repeat offenders give the demo such an entity"
    return row[0]


def test_credit_report_json_and_html(region: config.Settings, tmp_path: Path) -> None:
    uscc = _showcase(region)
    rep = report.load(uscc.lower(), cfg=region)  # codes are normalised like at ingest
    json_path, html_path = report.write(rep, tmp_path)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["uscc"] == uscc and data["grade"] in "ABCD"
    assert data["identity"]["list_status"] in ("黑名单", "红名单", "未列入")
    assert data["lists"] and all(p["publish_until"] for p in data["penalties"])
    assert len(data["history"]) >= 2 and data["history"][-1]["score_date"] == DAY.isoformat()
    page = html_path.read_text(encoding="utf-8")
    assert "<svg" in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "市场主体信用报告" in page and uscc in page


def test_credit_report_for_an_unknown_entity_says_so(region: config.Settings) -> None:
    with pytest.raises(report.ReportError, match="不在已发布数仓的市场主体库中"):
        report.load("91320800MA00000000", cfg=region)


def test_credit_report_as_of_an_earlier_day(region: config.Settings) -> None:
    uscc = _showcase(region)
    day = DAYS[1]
    rep = report.load(uscc, as_of=day, cfg=region)
    assert rep["as_of"] == day.isoformat()
    assert rep["history"] and rep["history"][-1]["score_date"] == day.isoformat()
    events = rep["licences"] + rep["penalties"] + rep["lists"] + rep["awards"] + rep["commitments"]
    assert all(e["occurred_on"] <= day.isoformat() for e in events)
    assert not rep["breakdown"]["explained"], "item-by-item explanations exist for the latest scored day only"


def test_credit_report_renders_in_headless_chromium(region: config.Settings, tmp_path: Path) -> None:
    browser = chromium()
    rep = report.load(_showcase(region), cfg=region)
    _, html_path = report.write(rep, tmp_path)
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1000,1400",
            f"--screenshot={shot}",
            html_path.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 20_000, "a rendered page, not a blank one"


def contract_tables() -> dict[str, tuple[set[str], list[str]]]:
    """docs/contract.md: each public table's listed columns and its key."""
    text = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    sections = re.split(r"^### ", text, flags=re.MULTILINE)[1:]
    parsed: dict[str, tuple[set[str], list[str], list[str]]] = {}
    for section in sections:
        table = section.split("\n", 1)[0].strip()
        key = re.search(r"\*\*Key\*\*: (\(?[^.]+\)?)\.", section)
        columns = set(re.findall(r"^\| ([a-z_][a-z0-9_]*) \|", section, flags=re.MULTILINE)) - {"column"}
        inherits = re.findall(r"^\| \(the columns of ([a-z_.]+)\)", section, flags=re.MULTILINE)
        parsed[table] = (columns, re.findall(r"`([a-z_]+)`", key[1]) if key else [], inherits)
    out = {}
    for table, (columns, key, inherits) in parsed.items():
        for parent in inherits:
            columns |= parsed[parent][0]
        out[table] = (columns, key)
    return out


def test_docs_contract_lists_every_column_of_every_public_table_and_keys_are_unique(region: config.Settings) -> None:
    contract = contract_tables()
    with published(region) as con:
        tables = con.execute(
            "select schema_name || '.' || table_name, list(column_name) from duckdb_columns()"
            " where schema_name in ('marts', 'quality', 'snapshots', 'build')"
            " or (schema_name = 'reference' and table_name = 'code_labels') group by all"
        ).fetchall()
        assert {t for t, _ in tables} == set(contract), "docs/contract.md lists other tables than the warehouse has"
        for table, columns in tables:
            listed, key = contract[table]
            unlisted, absent = set(columns) - listed, listed - set(columns)
            assert not unlisted, f"{table}: columns not in docs/contract.md: {unlisted}"
            assert not absent, f"{table}: docs/contract.md lists columns the warehouse lacks: {absent}"
            assert key, f"{table}: docs/contract.md gives no key"
            cols = ", ".join(key)
            dupes = con.execute(f"select count(*) from (select {cols} from {table} group by all having count(*) > 1)")
            assert dupes.fetchone()[0] == 0, f"{table}: the documented key ({cols}) repeats"
