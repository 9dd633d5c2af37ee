"""Backfill of a date range gives the same warehouse as running its days one by one: a day's
score uses only what the centre knew by that day, so building three days at once equals building
after each of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from credit.core import config
from credit.warehouse.build import build_and_publish
from tests.conftest import HISTORY_DECLARED
from tests.stack.test_end_to_end import content_hashes

pytestmark = pytest.mark.e2e


def test_backfill_equals_daily(region: config.Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the same lake, built once for the whole range (a full rebuild, as a backfill or a new server does)
    root = tmp_path / "data"
    shutil.copytree(region.lake, root / "lake")
    monkeypatch.setenv("CREDIT_DATA_DIR", str(root))
    monkeypatch.setenv("CREDIT_HISTORY_FROM", HISTORY_DECLARED)  # what the region declared
    backfill = config.settings()
    build_and_publish(backfill, full_refresh=True)

    daily = content_hashes(region.published_warehouse)
    once = content_hashes(backfill.published_warehouse)
    assert daily.keys() == once.keys()
    differ = {t: (daily[t], once[t]) for t in daily if daily[t] != once[t]}
    assert not differ, f"tables that differ between daily runs and one backfill: {sorted(differ)}"
    assert daily["marts.fct_entity_credit_daily"][0] > 0
