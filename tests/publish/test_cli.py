"""The `credit` command: a source and a day through ingest and the gate, then a build and a summary."""

from __future__ import annotations

import pytest

from credit.cli import main
from tests.conftest import DAY


def test_ingest_build_and_summary(uploaded, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "gov_licenses", DAY.isoformat()]) == 0
    assert main(["build"]) == 0
    assert main(["summary"]) == 0
    assert "published warehouse" in capsys.readouterr().out


def test_a_blocked_batch_exits_2_with_the_reason(data_dir, capsys: pytest.CaptureFixture[str]) -> None:
    from credit.core import config
    from tests.conftest import write_penalty_csv

    cfg = config.settings()
    write_penalty_csv(cfg.inbox / "gov_penalties" / DAY.isoformat() / "p.csv", [])
    assert main(["ingest", "gov_penalties", DAY.isoformat()]) == 2
    assert "BLOCKED" in capsys.readouterr().err


def test_a_day_that_has_not_arrived_exits_3_naming_the_folder(data_dir, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "gov_awards", DAY.isoformat()]) == 3
    err = capsys.readouterr().err
    assert "not arrived" in err and f"inbox/gov_awards/{DAY}" in err
    assert not (data_dir / "lake").exists()
