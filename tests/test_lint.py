"""The linters are part of the suite: ruff with Airflow's AIR rules on the Python, and on the dbt
project dbt-bouncer (its conventions) and sqlfluff with the dbt templater (its SQL style), each
with its exceptions listed beside its configuration (ops/dbt_lint.py). A lint error fails `make test`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_ruff_check_passes() -> None:
    ruff = Path(sys.executable).with_name("ruff")
    proc = subprocess.run([str(ruff), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_config_selects_the_airflow_rules() -> None:
    assert '"AIR"' in (ROOT / "pyproject.toml").read_text()


def test_the_dbt_project_keeps_its_conventions_and_its_sql_style(region, tmp_path) -> None:
    """dbt-bouncer (dbt_project/dbt-bouncer.yml) and sqlfluff (dbt_project/.sqlfluff), compiled
    against a built warehouse so the incremental branches are linted too."""
    from ops import dbt_lint

    for check in (dbt_lint.bouncer, dbt_lint.sqlfluff):
        work = tmp_path / check.__name__
        work.mkdir()
        proc = check(work, region.published_warehouse, region.data_dir)
        assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]


def test_a_model_without_a_primary_key_test_is_caught(region, tmp_path, monkeypatch) -> None:
    """The convention check can fail: a model with no uniqueness test is reported by dbt-bouncer."""
    import shutil

    from ops import dbt_lint

    project = tmp_path / "dbt_project"
    shutil.copytree(dbt_lint.PROJECT, project, ignore=shutil.ignore_patterns("target", "logs"))
    (project / "models" / "marts" / "quality" / "undocumented_probe.sql").write_text("select 1 as probe\n")
    monkeypatch.setattr(dbt_lint, "PROJECT", project)
    work = tmp_path / "work"
    work.mkdir()
    proc = dbt_lint.bouncer(work, region.published_warehouse, region.data_dir)
    assert proc.returncode != 0 and "undocumented_probe" in proc.stdout + proc.stderr


JOIN_CEILING = 7
# models allowed more joins, each with its reason
JOIN_EXCEPTIONS = {
    "inspection_plan": "the 双随机 draw pairs each drawn entity with its grade on the period's eve, its class's "
    "share and the drawn inspectors: both halves of the draw are joins of their own",
    "int_history_rules": "the two span rules side by side, each a join of its own (entities, their last bad "
    "record, the black list; A streaks and their awards), and five of the joins are one-row spans and coverage "
    'crossed in: one place for both rules (docs/domain.md §5 "Only what the records support")',
}


def joins_of(sql: str) -> int:
    code = "\n".join(line.split("--")[0] for line in sql.splitlines())
    return len(re.findall(r"\bjoin\b", code, flags=re.IGNORECASE))


def test_no_model_joins_more_than_the_ceiling() -> None:
    over = {
        p.stem: joins_of(p.read_text(encoding="utf-8"))
        for p in (ROOT / "dbt_project" / "models").rglob("*.sql")
        if joins_of(p.read_text(encoding="utf-8")) > JOIN_CEILING and p.stem not in JOIN_EXCEPTIONS
    }
    assert not over, f"models with more than {JOIN_CEILING} joins (split them, or list the reason): {over}"


def test_the_join_count_can_fail() -> None:
    assert joins_of("select 1 from a join b on true left join c on true -- join d") == 2
