"""The consumer library follows the day (docs/architecture.md "Scale"): a day's build rewrites only
the consumers whose reviews, disputes, hotline complaints or brushing verdicts it wrote, and the
library equals a full rebuild's."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from credit.core import config
from credit.orchestration import ingest_tasks as tasks
from credit.warehouse.build import build_and_publish
from tests import simulated
from tests.conftest import DAY, HISTORY_DECLARED, SEED, published
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


def test_a_day_rewrites_the_consumers_it_touched_and_equals_a_full_rebuild(
    region: config.Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    for part in ("inbox", "lake", "warehouse"):
        shutil.copytree(region.data_dir / part, root / part)
    monkeypatch.setenv("CREDIT_DATA_DIR", str(root))
    monkeypatch.setenv("CREDIT_HISTORY_FROM", HISTORY_DECLARED)  # what the region declared
    monkeypatch.setenv("CREDIT_PII_KEY", "test-key-not-a-secret")
    httpd, env = simulated.start_api(SEED)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    try:
        next_day = DAY + dt.timedelta(days=1)
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
    assert consumers == touched_consumers and 0 < len(consumers) < all_consumers
    daily = content_hashes(cfg.published_warehouse)["marts.dim_consumer"]
    build_and_publish(cfg, full_refresh=True)
    assert content_hashes(cfg.published_warehouse)["marts.dim_consumer"] == daily
