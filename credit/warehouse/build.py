"""Build the warehouse with one `dbt build` into a private file and publish it by atomic rename.

DuckDB allows one writer per file, and analysts hold the published file open read-only: so a build
never touches `warehouse/credit.duckdb`. It writes `warehouse/.build/<id>/credit.duckdb`, dbt runs
every model and every test (`dbt build`: a failing error-severity test stops what depends on it and
fails the build), and only a build that passed is renamed over the published file. A failed or killed
build leaves the previous warehouse exactly as it was.

Incremental: the plan (credit/warehouse/plan.py) compares the lake's audit zone with what the published
warehouse absorbed. When batches were only added, the private file starts as a copy of the
published one and every incremental model reads just those batches (`build.new_batches`): staging
merges their records by key, the event and brushing models recompute what they touch, and scores
are recomputed from the first day whose inputs changed (var `score_from`). Tests on incremental
models check the rows this build wrote. A full rebuild (asked for, no usable published warehouse,
a published batch replaced in the lake, or a changed dbt project) starts from an empty file and
rebuilds everything from the lake.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from credit.core import config
from credit.warehouse.plan import PROJECT_DIR, BuildPlan, plan_build, record_plan

log = logging.getLogger(__name__)


class BuildFailed(RuntimeError):
    """dbt failed: a model errored or an error-severity test failed. Nothing was published."""


@dataclass
class BuildResult:
    build_path: Path | None  # None: the published warehouse was up to date, nothing was built
    seconds: float
    results: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    plan: BuildPlan | None = None


@contextmanager
def writer_lock(cfg: config.Settings, wait_seconds: float = 0) -> Iterator[None]:
    """One builder at a time per data dir, whoever starts it (build_warehouse, the maintenance DAG's
    full rebuild, the CLI, a test): wait up to `wait_seconds` for the current one to finish. The
    lock dies with its process, so a killed build never leaves it held."""
    cfg.warehouse_dir.mkdir(parents=True, exist_ok=True)
    with open(cfg.warehouse_dir / ".build.lock", "w") as fh:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RuntimeError(
                        f"another warehouse build holds {cfg.warehouse_dir / '.build.lock'}; wait for it"
                    ) from None
                time.sleep(5)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def dbt_env(cfg: config.Settings, build_path: Path, target_dir: str = "target") -> dict[str, str]:
    """The environment of a dbt run. `target_dir`: the Spark build keeps its own (docs/engines.md), so
    the two engines' partial parses do not undo each other."""
    env = dict(os.environ)
    env.update(
        CREDIT_DATA_DIR=str(cfg.data_dir),
        CREDIT_WAREHOUSE_BUILD_PATH=str(build_path),
        CREDIT_DUCKDB_MEMORY=cfg.duckdb_memory,
        CREDIT_SPARK_HOST=cfg.spark_host,
        CREDIT_SPARK_PORT=str(cfg.spark_port),
        # validated by config.settings(); dbt reads it in macros/history.sql
        CREDIT_HISTORY_FROM=",".join(f"{key}={day.isoformat()}" for key, day in sorted(cfg.history_from.items())),
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        DBT_PROJECT_DIR=str(PROJECT_DIR),
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
        DBT_USE_COLORS="False",
        DBT_TARGET_PATH=str(cfg.data_dir / "dbt" / target_dir),
        DBT_LOG_PATH=str(cfg.data_dir / "dbt" / "logs"),
    )
    return env


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


# Looked up here, in the parent: between fork and exec the child only makes one C call (no import,
# no lock), which is what makes a preexec_fn safe in a task process that has threads.
_PRCTL = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
_PR_SET_PDEATHSIG = 1


def _end_with_parent() -> None:
    """Run in the dbt child before exec: Linux sends it SIGTERM when the task that started it ends,
    however that ends (a worker stopped with its stack, a task killed), so no dbt outlives it."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGTERM)


def run_dbt(args: list[str], cfg: config.Settings, build_path: Path, env: dict[str, str] | None = None) -> int:
    """Run one dbt command, streaming its log lines into ours (the Airflow task log)."""
    cmd = [dbt_executable(), *args]
    log.info("running %s", " ".join(cmd))
    with subprocess.Popen(
        cmd,
        cwd=PROJECT_DIR,
        env=env or dbt_env(cfg, build_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=_end_with_parent,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            log.info("dbt | %s", line.rstrip())
        return proc.wait()


def prepare_lake(cfg: config.Settings) -> None:
    """Give every dataset of the catalog, and the quarantine and audit zones, an empty `_schema.parquet`
    so dbt's readers (`**/*.parquet`) always find a file with the right columns, even for a source
    that has never landed (the warehouse still publishes from the others)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from credit.core.lake import SCHEMA_FILE, dataset_dir, zone_dir
    from credit.gate.batches import AUDIT_SCHEMA, QUARANTINE_SCHEMA, accepted_schema
    from credit.ingest.catalog import SOURCES

    targets: list[tuple[Path, pa.Schema]] = [
        (zone_dir(cfg.lake, "quarantine") / SCHEMA_FILE, QUARANTINE_SCHEMA),
        (zone_dir(cfg.lake, "audit") / SCHEMA_FILE, AUDIT_SCHEMA),
    ]
    for src in SOURCES:
        for ds in src.datasets:
            targets.append(
                (
                    dataset_dir(cfg.lake, "accepted", ds.source, ds.name) / SCHEMA_FILE,
                    accepted_schema(ds.layout.schema()),
                )
            )
    for path, schema in targets:
        if path.exists() and pq.read_schema(path).equals(schema):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(".schema.tmp")
        pq.write_table(schema.empty_table(), tmp)
        tmp.replace(path)


def build(
    cfg: config.Settings | None = None, as_of: dt.date | None = None, full_refresh: bool = False, docs: bool = False
) -> BuildResult:
    """`dbt build` into the private file (a copy of the published warehouse when the plan is
    incremental). Raises BuildFailed (and removes the file) on failure. One build at a time: call
    it holding writer_lock (build_and_publish does)."""
    cfg = cfg or config.settings()
    plan = plan_build(cfg, full_refresh, as_of)
    log.info("%s", plan.describe())
    if plan.up_to_date and as_of is None:
        return BuildResult(build_path=None, seconds=0.0, plan=plan)
    prepare_lake(cfg)
    build_path = private_build_path(cfg)
    shutil.rmtree(build_path.parent, ignore_errors=True)  # what a killed build left
    build_path.parent.mkdir(parents=True)
    # dbt's unit tests check the models' logic on fixed inputs, not the day's data: they run in the
    # test suite (tests/warehouse/test_dbt_unit_tests.py), not in every production build
    args = ["build", "--exclude-resource-type", "unit_test"]
    if cfg.dbt_fail_fast:
        args.append("--fail-fast")
    if plan.full:
        args.append("--full-refresh")
    else:
        shutil.copyfile(cfg.published_warehouse, build_path)
    # the as-of day and the first day to rescore go into the file, not onto dbt's command line
    # (macro build_setting): dbt's partial parse then carries over from one build to the next
    record_plan(build_path, plan, as_of, cfg.lake)
    started = time.perf_counter()
    rc = run_dbt(args, cfg, build_path)
    seconds = time.perf_counter() - started
    results = run_results(cfg)
    warnings = [f"{r['unique_id']}: {r.get('message')}" for r in results if r["status"] == "warn"]
    for w in warnings:
        log.warning("dbt test warned (reported, not blocking): %s", w)
    if rc != 0:
        failed = [
            f"{r['unique_id']} ({r['status']}): {(r.get('message') or '').strip()[:300]}"
            for r in results
            if r["status"] in ("error", "fail", "runtime error")
        ]
        _remove_db(build_path)
        raise BuildFailed(
            "dbt build failed; the published warehouse is unchanged.\n  " + "\n  ".join(failed or ["see log"])
        )
    log.info("dbt build passed in %.1f s: %d nodes", seconds, len(results))
    if docs:
        write_docs(cfg, build_path, plan.fingerprint)
    return BuildResult(build_path=build_path, seconds=seconds, results=results, warnings=warnings, plan=plan)


def private_build_path(cfg: config.Settings) -> Path:
    """Where a build writes: one fixed private path (one build at a time: writer_lock), because
    dbt's partial parse hashes the profile, whose path this is. Same file name as the published
    one: DuckDB names the catalog after the file, and the views dbt creates refer to it."""
    return cfg.warehouse_dir / ".build" / "next" / cfg.published_warehouse.name


def write_docs(cfg: config.Settings, build_path: Path, fingerprint: str) -> Path | None:
    """dbt docs (descriptions in Chinese and English, lineage, columns) as one static page,
    `docs/dbt/index.html`, generated from the tested build before it is published. They describe
    the project, not the day's data: generated again only when the project's fingerprint changed
    (about 4 s a build saved)."""
    target = cfg.docs / "dbt" / "index.html"
    stamp = target.with_name(".fingerprint")
    if target.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        log.info("dbt docs are current for project %s: %s", fingerprint, target)
        return target
    started = time.perf_counter()
    # --no-compile: the build just compiled every node into the manifest the docs are made from
    rc = run_dbt(["docs", "generate", "--static", "--no-compile"], cfg, build_path)
    page = cfg.data_dir / "dbt" / "target" / "static_index.html"
    if rc != 0 or not page.exists():
        log.warning("dbt docs generate failed (rc=%s): the warehouse still publishes, without fresh docs", rc)
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(page, target)
    stamp.write_text(fingerprint)
    log.info("dbt docs written to %s in %.1f s", target, time.perf_counter() - started)
    return target


def run_results(cfg: config.Settings, target_dir: str = "target") -> list[dict]:
    path = cfg.data_dir / "dbt" / target_dir / "run_results.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text())
    return [
        {
            "unique_id": r["unique_id"],
            "status": r["status"],
            "seconds": r.get("execution_time"),
            "message": r.get("message"),
            "failures": r.get("failures"),
        }
        for r in data.get("results", [])
    ]


def _remove_db(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)


def publish(build_path: Path, cfg: config.Settings | None = None) -> Path:
    """Swap a tested build in as the published warehouse with one atomic rename."""
    import duckdb

    cfg = cfg or config.settings()
    if not build_path.exists():
        raise FileNotFoundError(f"no build at {build_path}")
    wal = build_path.with_name(build_path.name + ".wal")
    if wal.exists():  # fold a leftover WAL in, so the published file is self-contained
        with duckdb.connect(str(build_path)) as con:
            con.execute("checkpoint")
    with duckdb.connect(str(build_path), read_only=True) as con:
        n = con.execute(
            "select count(*) from information_schema.tables where table_schema in ('marts', 'quality')"
        ).fetchone()[0]
    if n == 0:
        raise BuildFailed(f"{build_path} holds no marts or quality tables; not publishing it")
    target = cfg.published_warehouse
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(build_path, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(build_path, target)
    _remove_db(build_path)
    dirfd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dirfd)
    finally:
        os.close(dirfd)
    log.info("published %s", target)
    _clean_stale_builds(cfg)
    return target


def _clean_stale_builds(cfg: config.Settings) -> None:
    """Remove builds left by killed runs (the lock is held, so none of them is in progress)."""
    builds = cfg.warehouse_dir / ".build"
    for stale in builds.iterdir() if builds.is_dir() else ():
        shutil.rmtree(stale, ignore_errors=True)


def build_and_publish(
    cfg: config.Settings | None = None,
    as_of: dt.date | None = None,
    full_refresh: bool = False,
    docs: bool = False,
    wait_seconds: float = 0,
) -> BuildResult:
    """Build, test, (document,) publish. `docs` adds `dbt docs generate` (about 4 s here)."""
    cfg = cfg or config.settings()
    with writer_lock(cfg, wait_seconds):
        result = build(cfg, as_of, full_refresh, docs)
        if result.build_path is not None:
            publish(result.build_path, cfg)
        else:
            _clean_stale_builds(cfg)
    return result
