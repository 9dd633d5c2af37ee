"""API connectors against the running simulator: pagination, windows, faults, auth, atomic writes."""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.request

import pyarrow.parquet as pq
import pytest
from credit_simulator import apis

from credit.core import config, lake
from credit.gate.batches import BLOCKED, run_gate
from credit.ingest.normalise import BEIJING
from credit.ingest.sources import api_sources as api_sources
from credit.ingest.sources.http_api import ApiError, cursor_path
from tests import simulated
from tests.conftest import DAY, SEED

CONNECTORS = {
    "ecommerce": api_sources.ECOMMERCE,
    "raters": api_sources.RATERS,
    "complaints_12312": api_sources.COMPLAINTS,
    "household": api_sources.HOUSEHOLD,
}


@pytest.fixture
def sim(data_dir, monkeypatch: pytest.MonkeyPatch):
    """The simulator's HTTP server on a free port, with the connections pointing at it."""
    httpd, env = simulated.start_api(SEED)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("CREDIT_HTTP_BACKOFF", "0.01")
    yield httpd
    httpd.shutdown()


def set_faults(httpd, faults: dict) -> None:
    req = urllib.request.Request(
        f"http://127.0.0.1:{httpd.server_address[1]}/_control/faults",
        data=json.dumps(faults).encode(),
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(req).read()


def rows(cfg: config.Settings, source: str, dataset: str, day: dt.date) -> list[dict]:
    table, _ = lake.read_raw(cfg.lake, source, dataset, day)
    return table.to_pylist()


def expected_count(source: str, dataset: str, day: dt.date) -> int:
    if source == "ecommerce":
        return sum(len(apis.ecommerce(SEED, p, dataset, day)) for p in apis.PLATFORMS)
    if source == "raters":
        return len(apis.ratings(SEED, day))
    if source == "complaints_12312":
        return len(apis.complaints(SEED, day))
    return len(apis.household(SEED, dataset, day))


@pytest.mark.parametrize("source", list(CONNECTORS))
def test_pagination_is_drained(sim, cfg: config.Settings, source: str) -> None:
    manifests = CONNECTORS[source].ingest(DAY, cfg)
    for m in manifests:
        assert m.rows == expected_count(source, m.dataset, DAY), m.dataset
        assert m.rows == len(rows(cfg, source, m.dataset, DAY))
    assert {m.dataset for m in manifests} == {d.name for d in CONNECTORS[source].source.datasets}


def test_reviews_span_several_pages_on_both_platforms(sim, cfg: config.Settings) -> None:
    manifests = {m.dataset: m for m in api_sources.ECOMMERCE.ingest(DAY, cfg)}
    pages = manifests["reviews"].inputs
    assert sum("platform-a" in p["name"] for p in pages) >= 2
    assert sum("platform-b" in p["name"] for p in pages) >= 2
    reviews = rows(cfg, "ecommerce", "reviews", DAY)
    assert {r["platform"] for r in reviews} == {"A", "B"}
    assert all(1 <= r["rating"] <= 5 for r in reviews)  # platform B's `score` mapped onto rating


def test_both_platforms_timestamps_land_in_the_same_utc_type(sim, cfg: config.Settings) -> None:
    api_sources.ECOMMERCE.ingest(DAY, cfg)
    start = dt.datetime(DAY.year, DAY.month, DAY.day, tzinfo=BEIJING)
    for r in rows(cfg, "ecommerce", "shops", DAY):
        assert start <= r["updated_at"] < start + dt.timedelta(days=1), r["platform"]


@pytest.mark.parametrize("source", list(CONNECTORS))
def test_incremental_window_is_right_across_days(sim, cfg: config.Settings, source: str) -> None:
    conn = CONNECTORS[source]
    next_day = DAY + dt.timedelta(days=1)
    conn.ingest(DAY, cfg)
    conn.ingest(next_day, cfg)
    for ds in conn.source.datasets:
        key = ds.key[-1]
        first = {r[key] for r in rows(cfg, source, ds.name, DAY)}
        second = {r[key] for r in rows(cfg, source, ds.name, next_day)}
        assert not (first & second) or ds.name in {"shops", "companies", "workers"}, ds.name  # changed twice
        for api in conn.apis[ds.name]:
            state = json.loads(cursor_path(cfg, ds, api).read_text())
            assert sorted(state["windows"]) == [DAY.isoformat(), next_day.isoformat()]
            assert state["updated_since_next"] == f"{next_day + dt.timedelta(days=1)}T00:00:00+08:00"
            assert state["gaps_before"] == []


def test_a_skipped_day_shows_as_a_gap_in_the_window_state(sim, cfg: config.Settings) -> None:
    api_sources.RATERS.ingest(DAY, cfg)
    api_sources.RATERS.ingest(DAY + dt.timedelta(days=2), cfg)
    ds = api_sources.RATERS.source.dataset("ratings")
    state = json.loads(cursor_path(cfg, ds, api_sources.RATERS.apis["ratings"][0]).read_text())
    assert state["gaps_before"] == [(DAY + dt.timedelta(days=2)).isoformat()]


@pytest.mark.parametrize("source", list(CONNECTORS))
def test_transient_faults_end_with_exactly_the_data_of_a_clean_run(sim, cfg: config.Settings, source: str) -> None:
    conn = CONNECTORS[source]
    clean = {m.dataset: rows(cfg, source, m.dataset, DAY) for m in conn.ingest(DAY, cfg)}
    # rates adding up to 1: a request fails its first tries (5xx, 429, truncated body) or is slow
    faults = {"error_rate": 0.35, "rate_limit_rate": 0.3, "retry_after": 0, "truncate_rate": 0.3}
    set_faults(sim, {source: {**faults, "slow_rate": 0.05, "slow_seconds": 0.05}})
    faulty = {m.dataset: rows(cfg, source, m.dataset, DAY) for m in conn.ingest(DAY, cfg)}
    retries = 0
    for ds in conn.source.datasets:
        for api in conn.apis[ds.name]:
            state = json.loads(cursor_path(cfg, ds, api).read_text())
            retries += state["windows"][DAY.isoformat()]["retries"]
    assert retries >= 1, "faults were injected and retried"
    assert faulty == clean


def test_timeouts_are_retried(sim, cfg: config.Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    api_sources.COMPLAINTS.ingest(DAY, cfg)
    clean = rows(cfg, "complaints_12312", "complaints", DAY)
    monkeypatch.setenv("CREDIT_HTTP_TIMEOUT", "0.3")
    set_faults(sim, {"complaints_12312": {"slow_rate": 1.0, "slow_seconds": 1.0}})
    api_sources.COMPLAINTS.ingest(DAY, cfg)
    assert rows(cfg, "complaints_12312", "complaints", DAY) == clean
    ds = api_sources.COMPLAINTS.source.dataset("complaints")
    state = json.loads(cursor_path(cfg, ds, api_sources.COMPLAINTS.apis["complaints"][0]).read_text())
    assert state["windows"][DAY.isoformat()]["retries"] >= 1


def test_429_waits_for_retry_after() -> None:
    from tenacity import RetryCallState

    from credit.ingest.sources.http_api import RetryableHttpError, _wait

    state = RetryCallState(retry_object=None, fn=None, args=(), kwargs={})
    state.set_exception((RetryableHttpError, RetryableHttpError(429, 7.0, "u"), None))
    assert _wait(state) == 7.0


def test_a_fetch_that_fails_halfway_leaves_the_previous_partition(
    sim, cfg: config.Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    api_sources.ECOMMERCE.ingest(DAY, cfg)
    folder = lake.partition_dir(cfg.lake, "raw", "ecommerce", "reviews", DAY)
    before = (folder / lake.MANIFEST).read_text()
    monkeypatch.setenv("CREDIT_HTTP_ATTEMPTS", "2")
    set_faults(sim, {"ecommerce": {"error_rate": 1.0}})
    with pytest.raises(Exception, match="HTTP 50"):
        api_sources.ECOMMERCE.ingest(DAY, cfg)
    assert (folder / lake.MANIFEST).read_text() == before
    assert not list(folder.parent.glob(".tmp-*"))


def test_wrong_token_is_a_clear_error_not_a_retry_storm(sim, cfg: config.Settings, monkeypatch) -> None:
    key = "AIRFLOW_CONN_CREDIT_RATERS"
    value = json.loads(os.environ[key])
    value["password"] = "wrong"
    monkeypatch.setenv(key, json.dumps(value))
    with pytest.raises(ApiError, match="HTTP 401"):
        api_sources.RATERS.ingest(DAY, cfg)


def test_a_missing_connection_names_the_variable_to_set(data_dir, cfg: config.Settings, monkeypatch) -> None:
    monkeypatch.delenv("AIRFLOW_CONN_CREDIT_12312", raising=False)
    with pytest.raises(ApiError, match="AIRFLOW_CONN_CREDIT_12312"):
        api_sources.COMPLAINTS.ingest(DAY, cfg)


def test_schema_drift_is_blocked_by_the_gate(sim, cfg: config.Settings) -> None:
    set_faults(sim, {"ecommerce": {"drift": True}})
    api_sources.ECOMMERCE.ingest(DAY, cfg)
    result = run_gate("ecommerce", "shops", DAY, cfg)
    assert result.verdict == BLOCKED
    assert "schema_no_unknown_columns" in result.reason or "schema_no_missing_columns" in result.reason


def test_malformed_records_are_quarantined_not_lost(sim, cfg: config.Settings) -> None:
    set_faults(sim, {"ecommerce": {"malformed_rate": 0.05}})
    api_sources.ECOMMERCE.ingest(DAY, cfg)
    result = run_gate("ecommerce", "reviews", DAY, cfg)
    assert result.rows_quarantined > 0
    assert result.rows_received == result.rows_accepted + result.rows_quarantined + result.rows_skipped
    assert "rating_in_range" in result.rule_counts
    quarantine = pq.read_table(lake.partition_dir(cfg.lake, "quarantine", "ecommerce", "reviews", DAY) / lake.PART)
    assert all(loc.startswith("GET /platform-") for loc in quarantine.column("location").to_pylist())
