"""A day's build follows the day (docs/architecture.md "Scale"): on a day of platform, hotline and
penalty data it rewrites only the consumers whose reviews, disputes, hotline complaints or brushing
verdicts it wrote, and the score's facts of only the events it rewrote, and every table equals a
full rebuild's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from credit.core import config
from credit.ingest.sources import penalty_exchange as gov_penalties
from credit.orchestration import ingest_tasks as tasks
from credit.warehouse.build import build_and_publish
from tests import simulated
from tests.conftest import DAY, SEED, copy_region, published
from tests.stack.test_end_to_end import content_hashes

pytestmark = pytest.mark.e2e

# the platform accounts and callers a build wrote (by its id), as dim_consumer keys them
_TOUCHED_CONSUMERS = """
    select md5('platform:' || platform || ':' || consumer_id) from (
        select platform, consumer_id from staging.stg_ecommerce__reviews where _build_id = $1
        union select platform, consumer_id from staging.stg_ecommerce__disputes where _build_id = $1
        union select r.platform, r.consumer_id from staging.stg_ecommerce__reviews r
            join intermediate.int_reviews_flagged f using (platform, review_id) where f._build_id = $1)
    union
    select consumer_phone_hash from staging.stg_complaints_12312__complaints
    where _build_id = $1 and consumer_phone_hash is not null"""


def _some(hashes: dict[str, tuple[int, str]], tables: tuple[str, ...]) -> dict[str, tuple[int, str]]:
    return {t: hashes[t] for t in tables}


def test_a_day_rewrites_the_consumers_and_event_facts_it_touched_and_equals_a_full_rebuild(
    region: config.Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_region(region, tmp_path, monkeypatch)
    httpd, env = simulated.start_api(SEED)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    next_day = DAY + dt.timedelta(days=1)
    try:
        simulated.upload(root / "inbox", next_day, ["gov_penalties"])
        gov_penalties.ingest(next_day, config.settings())
        tasks.run_gate("gov_penalties", "penalties", next_day)
        for source in ("ecommerce", "complaints_12312"):
            for batch in tasks.fetch(source, next_day):
                tasks.run_gate(batch["source"], batch["dataset"], dt.date.fromisoformat(batch["day"]))
    finally:
        httpd.shutdown()
    cfg = config.settings()
    build_and_publish(cfg)
    with published(cfg) as con:
        (mode,) = con.execute("select mode from build.builds order by built_at desc limit 1").fetchone()
        assert mode == "incremental"
        (day,) = con.execute(
            "select any_value(_build_id) from staging.stg_ecommerce__reviews"
            " where batch_date = (select max(batch_date) from staging.stg_ecommerce__reviews)"
        ).fetchone()
        written = "select consumer_key from marts.dim_consumer where _build_id = ?"
        consumers = {k for (k,) in con.execute(written, [day]).fetchall()}
        touched_consumers = {k for (k,) in con.execute(_TOUCHED_CONSUMERS, [day]).fetchall()}
        (all_consumers,) = con.execute("select count(*) from marts.dim_consumer").fetchone()
        facts, all_facts = con.execute(
            "select count(*) filter (where _build_id = ?), count(*) from intermediate.int_score_event_facts", [day]
        ).fetchone()
    assert consumers == touched_consumers and 0 < len(consumers) < all_consumers
    assert 0 < facts < all_facts
    # the published tables, and the stored facts of every event (the intermediate tables of the
    # scored days differ by design: a day's build scores its day, a full one the whole horizon)
    kept = ("intermediate.int_score_event_facts",)
    daily = content_hashes(cfg.published_warehouse) | _some(
        content_hashes(cfg.published_warehouse, ("intermediate",)), kept
    )
    build_and_publish(cfg, full_refresh=True)
    once = content_hashes(cfg.published_warehouse) | _some(
        content_hashes(cfg.published_warehouse, ("intermediate",)), kept
    )
    differ = sorted(f"{t}: {daily[t]} != {once.get(t)}" for t in daily if daily[t] != once.get(t))
    assert not differ, f"tables a day's build left different from a full rebuild: {differ}"
