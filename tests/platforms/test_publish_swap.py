"""The platforms keep answering through a publish and follow it without a restart
(credit/warehouse/published.py): no failed request across a swap, and a build never waits."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
import time

import duckdb
import httpx

from credit.core import config
from credit.platforms import access
from credit.platforms.app import create_app
from ops.platform_server import serving
from tests.platforms.conftest import copy_published

PUBLISHES = 4


def _publish(cfg: config.Settings, source, shift: int) -> None:
    """What a build does: write a private file, then rename it over the published path. This one's
    as-of day is `shift` days later, so a reader can tell which file it read."""
    private = cfg.warehouse_dir / ".build" / f"swap-{shift}.duckdb"
    private.parent.mkdir(exist_ok=True)
    shutil.copy2(source, private)
    with duckdb.connect(str(private)) as con:
        con.execute("update marts.dim_market_entity set scored_on = scored_on + cast(? as integer)", [shift])
    os.replace(private, cfg.published_warehouse)


def test_no_request_fails_across_publishes_and_each_publish_is_picked_up(region: config.Settings, tmp_path) -> None:
    cfg = copy_published(region, tmp_path / "data")
    original = tmp_path / "original.duckdb"
    shutil.copy2(cfg.published_warehouse, original)
    _, secret = access.add_key("压测部门", ["check"], per_minute=1_000_000, path=access.access_path(cfg))
    with duckdb.connect(str(original), read_only=True) as con:
        codes = [
            u for (u,) in con.execute("select uscc from marts.dim_market_entity order by uscc limit 50").fetchall()
        ]
        first_day = con.execute("select max(scored_on) from marts.dim_market_entity").fetchone()[0]
    failures: list[str] = []
    answered = [0]
    stop = threading.Event()

    def client(n: int) -> None:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {secret}"}, timeout=30) as http:
            i = n
            while not stop.is_set():
                r = http.get(f"/api/v1/check/{codes[i % len(codes)]}", params={"purpose": "发布期间的核查"})
                if r.status_code != 200:
                    failures.append(f"{r.status_code} {r.text[:200]}")
                answered[0] += 1
                i += 1

    with serving(create_app(cfg)) as url:
        workers = [threading.Thread(target=client, args=(n,)) for n in range(4)]
        for w in workers:
            w.start()
        seen = []
        try:
            for shift in range(1, PUBLISHES + 1):
                time.sleep(0.5)
                started = time.monotonic()
                _publish(cfg, original, shift)
                assert time.monotonic() - started < 10, "a publish never waits for the platforms"
                deadline = time.monotonic() + 10
                while (as_of := httpx.get(f"{url}/healthz").json()["as_of"]) != str(
                    first_day + dt.timedelta(days=shift)
                ):
                    assert time.monotonic() < deadline, f"publish {shift} not picked up: still {as_of}"
                    time.sleep(0.05)
                seen.append(as_of)
            time.sleep(0.5)
        finally:
            stop.set()
            for w in workers:
                w.join()
    assert not failures, failures[:5]
    assert answered[0] > 20 and len(seen) == PUBLISHES
