"""The dbt project's unit tests (`unit_tests:` in the models' YAML) on fixed inputs. Production builds
leave them out (credit/warehouse/build.py): they check the models' logic, which only changes with
the project, so they run here, once per suite, against a copy of the region's warehouse (dbt needs
the inputs' relations for their column types)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from credit.core import config
from credit.warehouse.build import PROJECT_DIR, dbt_env, dbt_executable, private_build_path


def test_the_dbt_unit_tests_pass(region: config.Settings, tmp_path: Path) -> None:
    build_path = tmp_path / "build" / private_build_path(region).name
    build_path.parent.mkdir()
    shutil.copyfile(region.published_warehouse, build_path)
    env = dbt_env(region, build_path)
    env.update(DBT_TARGET_PATH=str(tmp_path / "target"), DBT_LOG_PATH=str(tmp_path / "logs"))
    proc = subprocess.run(
        [dbt_executable(), "test", "--select", "test_type:unit"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    declared = set(manifest["unit_tests"])
    failed = [f"{r['unique_id']}: {r['status']} {r.get('message')}" for r in results if r["status"] != "pass"]
    assert proc.returncode == 0 and not failed, "\n".join(failed) or proc.stdout[-3000:]
    assert {r["unique_id"] for r in results} == declared and len(declared) >= 20
