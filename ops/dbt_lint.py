"""The dbt project's conventions, checked: dbt-bouncer on the manifest (descriptions, primary-key
tests, names per layer, contracts on the public marts, sources' freshness; dbt_project/dbt-bouncer.yml)
and sqlfluff with the dbt templater on every model (dbt_project/.sqlfluff). Every exception is
listed in those files with its reason. `make lint` runs it; tests/test_lint.py runs it in `make test`.

    python -m ops.dbt_lint [--warehouse data/warehouse/credit.duckdb]

sqlfluff's dbt templater compiles each model, and some macros read the warehouse while compiling
(the score's families from the seeds, the build's plan): it compiles against a copy of a built
warehouse, so the incremental branches are linted too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from credit.core import config

PROJECT = config.DBT_PROJECT_DIR


def _env(target: Path, warehouse: Path, data_dir: Path) -> dict[str, str]:
    return dict(
        os.environ,
        CREDIT_DATA_DIR=str(data_dir),
        CREDIT_WAREHOUSE_BUILD_PATH=str(warehouse),
        DBT_PROFILES_DIR=str(PROJECT),
        DBT_PROJECT_DIR=str(PROJECT),
        DBT_TARGET_PATH=str(target),
        DBT_LOG_PATH=str(target / "logs"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
    )


def bouncer(work: Path, warehouse: Path, data_dir: Path) -> subprocess.CompletedProcess:
    """`dbt parse` into `work`, then dbt-bouncer on that manifest."""
    bin_dir = Path(sys.executable).parent
    target = work / "target"
    env = _env(target, warehouse, data_dir)
    parsed = subprocess.run(
        [str(bin_dir / "dbt"), "parse", "--quiet"], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    if parsed.returncode != 0:
        return parsed
    conf = work / "dbt-bouncer.yml"
    text = (PROJECT / "dbt-bouncer.yml").read_text(encoding="utf-8")
    conf.write_text(text.replace("dbt_artifacts_dir: target", f"dbt_artifacts_dir: {target}"), encoding="utf-8")
    return subprocess.run(
        [str(bin_dir / "dbt-bouncer"), "--config-file", str(conf)], cwd=PROJECT, env=env, capture_output=True, text=True
    )


def sqlfluff(work: Path, warehouse: Path, data_dir: Path) -> subprocess.CompletedProcess:
    """sqlfluff lint of every model, compiled against `warehouse` (copied: compiling reads it)."""
    copy = work / warehouse.name
    shutil.copyfile(warehouse, copy)
    env = _env(work / "target", copy, data_dir)
    return subprocess.run(
        [str(Path(sys.executable).with_name("sqlfluff")), "lint", "models", "--processes", "2"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cfg = config.settings()
    parser.add_argument("--warehouse", type=Path, default=cfg.published_warehouse)
    args = parser.parse_args(argv)
    if not args.warehouse.exists():
        print(f"sqlfluff compiles the models against a built warehouse: {args.warehouse} is missing (make demo)")
        return 2
    with tempfile.TemporaryDirectory(prefix="dbt-lint-") as tmp:
        work = Path(tmp)
        failed = 0
        for name, check in (("dbt-bouncer", bouncer), ("sqlfluff", sqlfluff)):
            proc = check(work, args.warehouse, cfg.data_dir)
            print(f"{name}: {'ok' if proc.returncode == 0 else 'FAILED'}")
            if proc.returncode != 0:
                print(proc.stdout[-6000:] + proc.stderr[-3000:])
                failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
