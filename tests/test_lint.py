"""Ruff, with Airflow's AIR rules, is part of the suite: a lint error fails `make test`."""

from __future__ import annotations

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
