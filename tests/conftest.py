from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest import config, tasks
from ingest.catalog import SOURCES
from warehouse.build import build_and_publish

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Airflow imported by tests must not touch the user's ~/airflow: give it a private home."""
    import tempfile

    os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="credit-airflow-"))
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(ROOT / "dags"))
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("AIRFLOW__LOGGING__NAMESPACE_LEVELS", "great_expectations=WARNING httpx=WARNING")


DAY = dt.date(2026, 11, 20)
SEED = 20260401


REGION_DAYS = [DAY - dt.timedelta(days=n) for n in (2, 1, 0)]


def _ingest_day(day: dt.date) -> None:
    for source in SOURCES:
        for batch in tasks.fetch(source.id, day):
            tasks.run_gate(batch["source"], batch["dataset"], dt.date.fromisoformat(batch["day"]))


@pytest.fixture(scope="session")
def region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[config.Settings]:
    """Three days of every source through the gates, built day by day as the schedule would (shared by
    the warehouse tests: build once, read many times, never written by a test)."""
    from ops import simulator

    root = tmp_path_factory.mktemp("region") / "data"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CREDIT_DATA_DIR", str(root))
        mp.setenv("CREDIT_PII_KEY", "test-key-not-a-secret")
        mp.setenv("CREDIT_SEED", str(SEED))
        mp.setenv("CREDIT_SIMULATOR", "on")
        httpd, env = simulator.start(SEED)
        for key, value in env.items():
            mp.setenv(key, value)
        try:
            cfg = config.settings()
            for day in REGION_DAYS:
                _ingest_day(day)
                build_and_publish(cfg)
        finally:
            httpd.shutdown()
    yield cfg  # the environment is restored: tests pass `cfg` (or set it themselves)


def published(cfg: config.Settings):
    """The published warehouse, opened read-only as an analyst would."""
    import duckdb

    return duckdb.connect(str(cfg.published_warehouse), read_only=True)


def assert_populated(cfg: config.Settings, tables: tuple[str, ...]) -> None:
    with published(cfg) as con:
        for table in tables:
            assert con.execute(f"select count(*) from {table}").fetchone()[0] > 0, table


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private CREDIT_DATA_DIR with a fixed test PII key and the default simulator seed."""
    root = tmp_path / "data"
    monkeypatch.setenv("CREDIT_DATA_DIR", str(root))
    monkeypatch.setenv("CREDIT_PII_KEY", "test-key-not-a-secret")
    monkeypatch.setenv("CREDIT_SEED", str(SEED))
    monkeypatch.setenv("CREDIT_SIMULATOR", "on")
    return root


@pytest.fixture
def cfg(data_dir: Path) -> config.Settings:
    return config.settings()


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def write_penalty_csv(
    path: Path,
    records: list[dict[str, object]],
    *,
    encoding: str = "gbk",
    headers: str = "header",
    rename: dict[str, str] | None = None,
) -> Path:
    """A penalty drop file from simulator-shaped records (column -> value), as a bureau would send it."""
    import csv
    import io

    from ingest.layouts import PENALTY_FIELDS

    rename = rename or {}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([rename.get(getattr(f, headers), getattr(f, headers)) for f in PENALTY_FIELDS])
    for rec in records:
        writer.writerow(["" if rec.get(f.column) is None else str(rec.get(f.column, "")) for f in PENALTY_FIELDS])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path
