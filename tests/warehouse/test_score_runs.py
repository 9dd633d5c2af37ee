"""The score's runs (marts.fct_entity_credit_spans, docs/architecture.md "Scale"): the region's runs
pass their tests, the daily view agrees with them, and each generic test on the runs fails on runs
broken its way (a test that cannot fail proves nothing)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import duckdb

from credit.core import config
from credit.warehouse.build import PROJECT_DIR, dbt_env, dbt_executable, private_build_path
from tests.conftest import published

RUN_TESTS = ("runs_without_gaps", "runs_differ_from_the_one_before")


def _run_tests(region: config.Settings, tmp_path: Path, damage: str) -> dict[str, str]:
    """Status of each generic test on the runs, on a copy of the region's warehouse after `damage`."""
    build_path = tmp_path / "build" / private_build_path(region).name
    build_path.parent.mkdir()
    shutil.copyfile(region.published_warehouse, build_path)
    with duckdb.connect(str(build_path)) as con:
        con.execute(damage)
        # recorded as a full build: the tests then check every run, not only the last build's
        # (macro duckdb__get_where_subquery)
        con.execute(
            """insert into build.builds (built_at, mode, reason, as_of, score_from)
               select now(), 'full', 'test', as_of, null from build.builds order by built_at desc limit 1"""
        )
    env = dbt_env(region, build_path)
    env.update(DBT_TARGET_PATH=str(tmp_path / "target"), DBT_LOG_PATH=str(tmp_path / "logs"))
    selected = [f"fct_entity_credit_spans,test_name:{t}" for t in RUN_TESTS]
    proc = subprocess.run(
        [dbt_executable(), "test", "--select", *selected],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    found = tmp_path / "target" / "run_results.json"
    assert found.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads(found.read_text())["results"]
    return {t: r["status"] for r in results for t in RUN_TESTS if r["unique_id"].startswith(f"test.credit_centre.{t}_")}


def test_the_daily_view_has_a_row_for_each_day_of_each_run(region: config.Settings) -> None:
    with published(region) as con:
        days, runs = con.execute(
            "select sum(valid_to - valid_from), count(*) from marts.fct_entity_credit_spans"
        ).fetchone()
        rows, keys = con.execute(
            "select count(*), count(distinct (uscc, score_date)) from marts.fct_entity_credit_daily"
        ).fetchone()
        last = con.execute("select max(valid_to) - 1 from marts.fct_entity_credit_spans").fetchone()[0]
        on_last = con.execute(
            "select count(*) from marts.fct_entity_credit_daily where score_date = ?", [last]
        ).fetchone()[0]
        profiled = con.execute("select count(*) from marts.entity_credit_profile").fetchone()[0]
    assert rows == keys == days > runs > 0
    assert on_last == profiled  # every entity scored on the as-of day, once


def test_runs_without_gaps_and_runs_differ_from_the_one_before_pass_on_the_region(
    region: config.Settings, tmp_path: Path
) -> None:
    assert _run_tests(region, tmp_path, "select 1") == dict.fromkeys(RUN_TESTS, "pass")


def test_runs_without_gaps_fails_on_a_missing_run(region: config.Settings, tmp_path: Path) -> None:
    # an entity with three runs or more loses its second: a hole between the first and the third
    damage = """
        delete from marts.fct_entity_credit_spans as spans
        using (
            select uscc, valid_from from (
                select uscc, valid_from, row_number() over (partition by uscc order by valid_from) as k,
                       count(*) over (partition by uscc) as n
                from marts.fct_entity_credit_spans
            ) where k = 2 and n >= 3 limit 1
        ) as middle
        where spans.uscc = middle.uscc and spans.valid_from = middle.valid_from"""
    assert _run_tests(region, tmp_path, damage)["runs_without_gaps"] == "fail"


def test_runs_differ_from_the_one_before_fails_on_a_run_split_in_two(region: config.Settings, tmp_path: Path) -> None:
    # one run of several days cut into two runs with the same values
    damage = """
        create temp table cut as
            select * from marts.fct_entity_credit_spans where valid_to - valid_from >= 2 limit 1;
        delete from marts.fct_entity_credit_spans as spans using cut
        where spans.uscc = cut.uscc and spans.valid_from = cut.valid_from;
        insert into marts.fct_entity_credit_spans
            select * replace (valid_from + 1 as valid_to) from cut
            union all
            select * replace (valid_from + 1 as valid_from) from cut;"""
    assert _run_tests(region, tmp_path, damage) == {
        "runs_without_gaps": "pass",
        "runs_differ_from_the_one_before": "fail",
    }
