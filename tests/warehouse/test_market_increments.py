"""What a day of the platforms changes, a day's build recomputes (docs/architecture.md "Scale"):
reviews reach the score per shop-day (intermediate.int_review_days), which counts exactly the
single reviews of fct_credit_event; the review days and the consumer library are rewritten only
for the shops and consumers the day touched, and equal a full rebuild; the test that every review
is counted once fails when one is lost."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from credit.core import config
from credit.orchestration import ingest_tasks as tasks
from credit.warehouse.build import PROJECT_DIR, build_and_publish, dbt_env, dbt_executable, private_build_path
from tests import simulated
from tests.conftest import DAY, HISTORY_DECLARED, SEED, published
from tests.stack.test_end_to_end import TIMING_COLUMNS

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

_TOUCHED_SHOPS = """
    select platform, shop_id from staging.stg_ecommerce__reviews where _build_id = $1
    union select r.platform, r.shop_id from staging.stg_ecommerce__reviews r
        join intermediate.int_reviews_flagged f using (platform, review_id) where f._build_id = $1"""


def _content(path: Path, table: str) -> tuple[int, str]:
    with duckdb.connect(str(path), read_only=True) as con:
        cols = [
            c
            for (c,) in con.execute(
                "select column_name from information_schema.columns"
                " where table_schema || '.' || table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
            if c not in TIMING_COLUMNS
        ]
        select = ", ".join(f'"{c}"' for c in cols)
        return con.execute(
            f"select count(*), md5(coalesce(string_agg(r, '\n' order by r), ''))"
            f" from (select cast(row({select}) as varchar) as r from {table})"
        ).fetchone()


def test_a_day_rewrites_the_review_days_and_consumers_it_touched_and_equals_a_full_rebuild(
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
        written = "select distinct platform, shop_id from intermediate.int_review_days where _build_id = ?"
        shops = set(con.execute(written, [day]).fetchall())
        touched_shops = set(con.execute(_TOUCHED_SHOPS, [day]).fetchall())
        (all_consumers,) = con.execute("select count(*) from marts.dim_consumer").fetchone()
        (all_shops,) = con.execute(
            "select count(distinct (platform, shop_id)) from intermediate.int_review_days"
        ).fetchone()
    assert consumers == touched_consumers and 0 < len(consumers) < all_consumers
    assert shops == touched_shops and 0 < len(shops) < all_shops
    tables = ("marts.dim_consumer", "intermediate.int_review_days")
    daily = {t: _content(cfg.published_warehouse, t) for t in tables}
    build_and_publish(cfg, full_refresh=True)
    assert {t: _content(cfg.published_warehouse, t) for t in tables} == daily


def test_reviews_per_shop_day_count_the_single_reviews_in_force(region: config.Settings) -> None:
    # every scored day's review facts, against the single reviews of fct_credit_event with the same
    # dates (the brushing ones: the unit test reviews_count_per_shop_day_from_the_day_the_entity_could_be_known;
    # the region has none on a linked shop)
    with published(region) as con:
        per_shop_day = con.execute(
            """select uscc, family, start_on, stop_on, sum(n), sum(x) from intermediate.int_score_window_facts
               where family in ('review', 'review_brushed') group by all order by all"""
        ).fetchall()
        single = con.execute(
            """with days as (select min(valid_from) as first_day, max(valid_to) as after_last
                             from marts.fct_entity_credit_spans)
               select subject_key,
                      case when end_reason = 'brushing' then 'review_brushed' else 'review' end,
                      greatest(publish_from, known_on) as start_on,
                      publish_until as stop_on,
                      count(*),
                      sum(case when end_reason = 'brushing' then 0 else cast(outcome as integer) end)
               from marts.fct_credit_event, days
               where subject_type = 'entity' and event_type = 'review'
                 and greatest(publish_from, known_on) < days.after_last and publish_until > days.first_day
               group by all order by all"""
        ).fetchall()
    assert per_shop_day == single
    assert len(single) > 0


def test_reviews_of_every_shop_day_add_up_fails_on_a_review_lost(region: config.Settings, tmp_path: Path) -> None:
    build_path = tmp_path / "build" / private_build_path(region).name
    build_path.parent.mkdir()
    shutil.copyfile(region.published_warehouse, build_path)
    with duckdb.connect(str(build_path)) as con:
        con.execute(
            """update intermediate.int_review_days set n_reviews = n_reviews - 1
               where (platform, shop_id, reviewed_on) in (
                   select (platform, shop_id, reviewed_on) from intermediate.int_review_days
                   where n_reviews > 1 limit 1)"""
        )
    env = dbt_env(region, build_path)
    env.update(DBT_TARGET_PATH=str(tmp_path / "target"), DBT_LOG_PATH=str(tmp_path / "logs"))
    proc = subprocess.run(
        [dbt_executable(), "test", "--select", "reviews_of_every_shop_day_add_up"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    found = tmp_path / "target" / "run_results.json"
    assert found.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    (result,) = json.loads(found.read_text())["results"]
    assert result["status"] == "fail"
