"""One benchmark stage in its own process: `python -m bench.stage NAME '<json args>'`.

The runner (bench/scale.py) starts each stage as a child process and reads its peak resident memory
from `wait4`, so every stage's memory is its own (dbt's process included: Linux reports the peak
of the child and of the children it waited for). The stage prints one JSON line, prefixed with
`STAGE-RESULT `, holding its in-process timings; the runner adds the wall time around it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import generate as gen

RESULT_PREFIX = "STAGE-RESULT "
SEED = 20261120


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _datasets() -> list[tuple[str, str]]:
    from credit.ingest.catalog import SOURCES

    return [(d.source, d.name) for s in SOURCES for d in s.datasets]


def template(args: dict) -> dict:
    """The simulator's own days, through the real connectors and gates (not counted)."""
    from credit_simulator.uploader import upload

    from credit.core import config
    from credit.ingest.catalog import SOURCES
    from credit.orchestration import ingest_tasks as tasks
    from ops import simulator_process

    # one seed for the file drops, the API server and the replica map (generate.register_uscc_map)
    os.environ.update(CREDIT_DATA_DIR=args["dir"])
    sim = simulator_process.start_server(SEED)
    os.environ.update(sim.connection_env())
    rows = 0
    try:
        for day in map(_day, args["days"]):
            upload(config.settings().inbox, SEED, day)
            for src in SOURCES:
                for batch in tasks.fetch(src.id, day):
                    v = tasks.run_gate(batch["source"], batch["dataset"], _day(batch["day"]))
                    rows += int(v["rows_accepted"]) if batch["day"] in args["days"] else 0
    finally:
        sim.stop()
    return {"template_rows": rows, "rows_per_day": rows / len(args["days"])}


def generate(args: dict) -> dict:
    """Replicate the template into the lake: history into `accepted` (with audit rows), a next day
    into `raw` with manifests, as a connector leaves it for the gate."""
    con = gen.connect()
    t0 = time.perf_counter()
    gen.register_uscc_map(con, SEED, args["replicas"])
    days = [_day(args["first"]) + dt.timedelta(days=i) for i in range(args["days"])]
    plan = gen.Plan(
        days=days, copies=args["copies"], replicas=args["replicas"], templates=list(map(_day, args["templates"]))
    )
    lake = Path(args["data_dir"]) / "lake"
    written = gen.generate(con, Path(args["template_lake"]), lake, plan, _datasets(), args["index"], args["zone"])
    if args.get("roster"):
        roster_day = days[0] - dt.timedelta(days=1)
        written["gov_licenses.licenses (register)"] = gen.generate_roster(
            con, Path(args["template_lake"]), lake, roster_day, SEED
        )
    if args["zone"] == "raw":
        _write_manifests(lake, days)
    return {"seconds": round(time.perf_counter() - t0, 2), "rows": sum(written.values()), "rows_by_dataset": written}


def _write_manifests(lake: Path, days: list[dt.date]) -> None:
    import hashlib
    from dataclasses import asdict

    import pyarrow.parquet as pq

    from credit.core.lake import MANIFEST, PART, Manifest, partition_dir

    for source, dataset in _datasets():
        for day in days:
            folder = partition_dir(lake, "raw", source, dataset, day)
            if not folder.exists():
                continue
            parts = sorted(folder.glob("*.parquet"))
            if [p.name for p in parts] != [PART]:
                raise RuntimeError(f"{folder}: expected one {PART}, found {[p.name for p in parts]}")
            digest = hashlib.sha256((folder / PART).read_bytes()).hexdigest()
            inputs = [{"name": f"bench/{source}/{dataset}/{day}", "sha256": digest}]
            schema = pq.read_schema(folder / PART)
            # the generated rows carry their batch already (as lake.write_raw's do)
            batch = pq.read_table(folder / PART, columns=["_batch_id"]).column(0)[0].as_py()
            manifest = Manifest(
                source=source,
                dataset=dataset,
                batch_date=day.isoformat(),
                batch_id=batch,
                rows=pq.read_metadata(folder / PART).num_rows,
                checksum=digest,
                schema=[{"name": f.name, "type": str(f.type)} for f in schema],
                inputs=inputs,
                fetched_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            )
            (folder / MANIFEST).write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=2))


def ingest(args: dict) -> dict:
    """The real connectors on the simulator at the day's volume, per source, into a scratch data
    dir (the warehouse's day comes from the generator). Writing the drops and warming the API
    server's cache is not timed."""
    from credit.ingest.connectors import CONNECTORS

    scratch = Path(tempfile.mkdtemp(prefix="ingest-", dir=args["work"]))
    scale = float(args["sim_scale"])
    os.environ.update(CREDIT_DATA_DIR=str(scratch))
    from bench.connector_probe import time_ingest
    from credit.core import config

    day = _day(args["day"])
    out = []
    for sid in CONNECTORS:
        timed = time_ingest(sid, day, scale, config.settings())
        del timed["manifests"]
        out.append(timed)
        print(f"PROGRESS ingest {sid:<18} {timed['records']:>8} records in {timed['seconds']:6.2f} s", flush=True)
    shutil.rmtree(scratch, ignore_errors=True)
    records = sum(r["records"] for r in out)
    seconds = sum(r["seconds"] for r in out)
    return {
        "seconds": round(seconds, 2),
        "records": records,
        "records_per_second": round(records / seconds),
        "sources": out,
    }


def gate(args: dict) -> dict:
    """The real gate (GX suite, duplicates, quarantine, audit) on every raw batch of a day."""
    from credit.core import config
    from credit.core.lake import partition_dir
    from credit.gate.batches import run_gate

    cfg = config.settings()
    day = _day(args["day"])
    out = []
    for source, dataset in _datasets():
        if not partition_dir(cfg.lake, "raw", source, dataset, day).exists():
            continue
        t0 = time.perf_counter()
        r = run_gate(source, dataset, day, cfg)
        seconds = time.perf_counter() - t0
        if r.rows_received != r.rows_accepted + r.rows_quarantined:
            raise AssertionError(f"conservation broken: {r}")
        out.append(
            {
                "batch": f"{source}.{dataset}",
                "rows": r.rows_received,
                "accepted": r.rows_accepted,
                "quarantined": r.rows_quarantined,
                "verdict": r.verdict,
                "seconds": round(seconds, 3),
                "validation_seconds": r.validation_seconds,
            }
        )
        # the day is copies of days the gate accepted: a blocked batch means the generated region is
        # wrong, and the incremental build after it would measure an empty increment
        if r.verdict == "blocked":
            raise AssertionError(f"the generated {source}.{dataset} of {day} was blocked: {r.reason}")
    rows = sum(b["rows"] for b in out)
    seconds = sum(b["seconds"] for b in out)
    return {
        "seconds": round(seconds, 2),
        "rows": rows,
        "accepted": sum(b["accepted"] for b in out),
        "rows_per_second": round(rows / seconds),
        "batches": out,
    }


def gate_large(args: dict) -> dict:
    """The gate on one large batch (the busiest dataset's raw day, repeated to `rows` rows with
    distinct keys), after a warm-up batch: GX's import and project load are not per-row costs."""
    from bench.gate_probe import repeat_batch
    from credit.core import config, lake
    from credit.gate.batches import run_gate

    cfg = config.settings()
    src, ds = "ecommerce", "reviews"
    day, big_day = _day(args["day"]), _day(args["day"]) + dt.timedelta(days=30)
    table, manifest = lake.read_raw(cfg.lake, src, ds, day)
    run_gate(src, ds, day, cfg)  # warm-up
    big = repeat_batch(table, args["rows"], "review_id")
    n = big.num_rows
    lake.write_raw(cfg.lake, src, ds, big_day, big, manifest.inputs)
    t0 = time.perf_counter()
    r = run_gate(src, ds, big_day, cfg)
    seconds = time.perf_counter() - t0
    for zone in ("raw", "accepted", "quarantine", "audit"):  # not part of the region
        shutil.rmtree(lake.partition_dir(cfg.lake, zone, src, ds, big_day), ignore_errors=True)
    return {
        "rows": n,
        "verdict": r.verdict,
        "seconds": round(seconds, 2),
        "rows_per_second": round(n / seconds),
        "validation_seconds": r.validation_seconds,
        "validation_rows_per_second": round(n / r.validation_seconds) if r.validation_seconds else None,
    }


def build(args: dict) -> dict:
    """`dbt build` into a private file (full or incremental), then publish; timed apart, with the
    slowest models from dbt's run results."""
    from credit.core import config
    from credit.warehouse.build import build as dbt_build
    from credit.warehouse.build import publish, writer_lock

    cfg = config.settings()
    with writer_lock(cfg):
        t0 = time.perf_counter()
        result = dbt_build(cfg, as_of=_day(args["as_of"]), full_refresh=args["full_refresh"])
        build_seconds = time.perf_counter() - t0
        t1 = time.perf_counter()
        assert result.build_path is not None  # the bench always names its as-of day, so it always builds
        publish(result.build_path, cfg)
        publish_seconds = time.perf_counter() - t1
    import duckdb

    profile = node_profile(cfg, result.results)
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        days = con.execute(
            """select max(valid_to) - min(valid_from), sum(valid_to - valid_from), count(*)
               from marts.fct_entity_credit_spans"""
        ).fetchone()
        entities = con.execute("select count(*) from marts.entity_credit_profile").fetchone()[0]
        # what this build wrote (the as-of day is always scored, so the runs that hold it carry this
        # build's id)
        written = con.execute(
            """select count(*) from marts.fct_credit_event where _build_id = (
                   select any_value(_build_id) from marts.fct_entity_credit_spans
                   where valid_to = (select max(valid_to) from marts.fct_entity_credit_spans))"""
        ).fetchone()[0]
    return {
        "seconds": round(build_seconds, 2),
        "dbt_seconds": round(result.seconds, 2),
        "copy_and_prepare_seconds": round(build_seconds - result.seconds, 2),
        "publish_seconds": round(publish_seconds, 2),
        "nodes": len(result.results),
        "models": profile["models"],
        "tests": profile["tests"],
        "model_seconds": round(sum(m["seconds"] for m in profile["models"]), 2),
        "test_seconds": round(sum(t["seconds"] for t in profile["tests"]), 2),
        "rows_written": sum(m["rows_written"] or 0 for m in profile["models"]),
        "warehouse_bytes": cfg.published_warehouse.stat().st_size,
        "score_days": days[0],
        "entity_days": days[1],
        "score_runs": days[2],
        "entities_profiled": entities,
        "events_written": written,
    }


def node_profile(cfg, results: list[dict]) -> dict[str, list[dict]]:
    """Every model and seed of a build with its time and the rows it wrote, and every test with its
    time. Rows written: a table's or seed's rows (rewritten whole); an incremental model's rows that
    carry this build's id (`_build_id`, macros/incremental.sql; None if it has no such column); a
    view writes none."""
    import duckdb

    target = cfg.data_dir / "dbt" / "target"
    manifest = json.loads((target / "manifest.json").read_text())["nodes"]
    invocation = json.loads((target / "run_results.json").read_text())["metadata"]["invocation_id"]
    models, tests = [], []
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        columns = {
            (schema, table): set(cols)
            for schema, table, cols in con.execute(
                "select table_schema, table_name, list(column_name) from information_schema.columns group by all"
            ).fetchall()
        }
        for r in results:
            node = manifest.get(r["unique_id"], {})
            seconds = round(r["seconds"] or 0, 3)
            if node.get("resource_type") == "test" or r["unique_id"].startswith(("test.", "unit_test.")):
                tests.append({"node": r["unique_id"], "seconds": seconds, "status": r["status"]})
                continue
            kind = node.get("config", {}).get("materialized", "seed")
            key = (node.get("schema"), node.get("alias") or node.get("name"))
            rows: int | None = 0
            if kind != "view" and key in columns:
                relation = f'"{key[0]}"."{key[1]}"'
                if kind != "incremental":
                    rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
                elif "_build_id" in columns[key]:
                    query = f"select count(*) from {relation} where _build_id = ?"
                    rows = con.execute(query, [invocation]).fetchone()[0]
                else:
                    rows = None
            models.append({"node": r["unique_id"], "materialized": kind, "seconds": seconds, "rows_written": rows})
    models.sort(key=lambda m: -m["seconds"])
    tests.sort(key=lambda t: -t["seconds"])
    return {"models": models, "tests": tests}


def exports(args: dict) -> dict:
    from credit.core import config
    from credit.publish.daily_exports import export_day

    cfg = config.settings()
    t0 = time.perf_counter()
    folder = export_day(cfg)
    seconds = time.perf_counter() - t0
    files = [p for p in Path(folder).rglob("*") if p.is_file()]
    return {"seconds": round(seconds, 2), "files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def floor(args: dict) -> dict:
    """The floor: bench/floor.sql, one hand-written DuckDB script from the lake's Parquet to the
    entity profile; then how far it agrees with the published warehouse."""
    import duckdb

    from credit.core import config

    cfg = config.settings()
    sql = (Path(__file__).with_name("floor.sql")).read_text()
    sql = sql.replace("{{lake}}", str(cfg.lake)).replace(
        "{{seeds}}", str(Path(__file__).resolve().parent.parent / "dbt_project" / "seeds")
    )
    sql = sql.replace("{{as_of}}", args["as_of"])
    con = duckdb.connect()
    con.execute("set memory_limit = '4GB'")  # as the warehouse build (profiles.yml)
    t0 = time.perf_counter()
    con.execute(sql)
    seconds = time.perf_counter() - t0
    n = con.execute("select count(*) from floor_profile").fetchone()[0]
    con.execute(f"attach '{cfg.published_warehouse}' as wh (read_only)")
    agree = con.execute(
        """select count(*) filter (where f.grade = p.grade), count(*) filter (where abs(f.score - p.score) <= 5),
                  count(*)
           from floor_profile f inner join wh.marts.entity_credit_profile p using (uscc)"""
    ).fetchone()
    return {
        "seconds": round(seconds, 2),
        "entities": n,
        "matched_entities": agree[2],
        "same_grade_share": round(agree[0] / agree[2], 4) if agree[2] else None,
        "score_within_5_share": round(agree[1] / agree[2], 4) if agree[2] else None,
    }


def platforms(args: dict) -> dict:
    """The two platforms under load: `python -m credit.platforms` in its own process (as `make
    serve`), `concurrency` clients calling the 凡办必查 check (a verdict and an issued report each)
    for `seconds`, while the warehouse is published twice (a private copy renamed over the
    published file, as a build does). Latency percentiles, errors, and errors around the swaps."""
    import random
    import statistics
    import subprocess
    import threading

    import duckdb
    import httpx

    from credit.core import config
    from credit.platforms import access
    from ops.celery_stack import free_port

    cfg = config.settings()
    _, secret = access.add_key("压测部门", ["check"], per_minute=10**9, path=access.access_path(cfg))
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        codes = [
            u
            for (u,) in con.execute("select uscc from marts.dim_market_entity order by md5(uscc) limit 5000").fetchall()
        ]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "credit.platforms", "--port", str(port)],
        env=os.environ,
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
    )
    try:
        t_start = time.perf_counter()
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=60).json().get("status") == "ok":
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.perf_counter() - t_start > 300:
                raise RuntimeError("the platforms did not start")
            time.sleep(0.2)
        first_answer = time.perf_counter() - t_start
        headers = {"Authorization": f"Bearer {secret}"}
        samples: list[tuple[float, float, int]] = []  # (start, latency, status)
        lock = threading.Lock()
        stop = threading.Event()

        def client(n: int) -> None:
            rng = random.Random(n)
            with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
                while not stop.is_set():
                    code = rng.choice(codes)
                    t0 = time.perf_counter()
                    try:
                        status = http.get(f"/api/v1/check/{code}", params={"purpose": "压测：行政许可审批"}).status_code
                    except httpx.HTTPError:
                        status = 0
                    with lock:
                        samples.append((t0, time.perf_counter() - t0, status))

        with httpx.Client(base_url=url, headers=headers, timeout=60) as http:  # warm up: caches, first attach
            for code in codes[:20]:
                http.get(f"/api/v1/check/{code}", params={"purpose": "预热"})
        workers = [threading.Thread(target=client, args=(n,)) for n in range(args["concurrency"])]
        began = time.perf_counter()
        for w in workers:
            w.start()
        swaps: list[tuple[float, float]] = []
        for k in (1, 2):
            time.sleep(max(0.0, began + args["seconds"] * k / 3 - time.perf_counter()))
            private = cfg.warehouse_dir / ".build" / f"bench-swap-{k}.duckdb"
            private.parent.mkdir(exist_ok=True)
            t0 = time.perf_counter()
            shutil.copyfile(cfg.published_warehouse, private)
            t1 = time.perf_counter()
            os.replace(private, cfg.published_warehouse)
            swaps.append((t0, t1))
        time.sleep(max(0.0, began + args["seconds"] - time.perf_counter()))
        stop.set()
        for w in workers:
            w.join()
        wall = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=60)
    latencies = sorted(lat * 1000 for _, lat, _ in samples)
    errors = [s for s in samples if s[2] != 200]
    around = [s for s in samples for (t0, t1) in swaps if t1 - 1 <= s[0] <= t1 + 5]

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1)

    return {
        "seconds": round(wall, 2),
        "concurrency": args["concurrency"],
        "requests": len(samples),
        "requests_per_second": round(len(samples) / wall, 1),
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
        "max_ms": round(latencies[-1], 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "errors": len(errors),
        "error_statuses": sorted({s[2] for s in errors}),
        "publishes": len(swaps),
        "requests_around_publishes": len(around),
        "errors_around_publishes": sum(1 for s in around if s[2] != 200),
        "first_answer_seconds": round(first_answer, 2),
        "warehouse_bytes": cfg.published_warehouse.stat().st_size,
    }


def spark_build(args: dict) -> dict:
    """The same full build on Spark (credit/warehouse/spark_build.py), on the Thrift Server the
    runner started (CREDIT_SPARK_PORT): each step beside dbt timed, and every model and test."""
    from credit.core import config
    from credit.warehouse.spark_build import build_on_spark

    cfg = config.settings()
    t0 = time.perf_counter()
    result = build_on_spark(cfg, as_of=_day(args["as_of"]))
    seconds = time.perf_counter() - t0
    profile = spark_profile(cfg, result.results)
    return {
        "seconds": round(seconds, 2),
        "dbt_seconds": round(result.seconds, 2),
        "steps": result.steps,
        "version": result.version,
        "nodes": len(result.results),
        **profile,
        "model_seconds": round(sum(m["seconds"] for m in profile["models"]), 2),
        "test_seconds": round(sum(t["seconds"] for t in profile["tests"]), 2),
    }


def spark_profile(cfg, results: list[dict]) -> dict[str, list[dict]]:
    """Every model and seed of a Spark build with its time, and every test with its time (rows
    written are not counted on Spark: a count is a Spark job of its own)."""
    from credit.warehouse.spark_build import SPARK_TARGET_DIR

    manifest = json.loads((cfg.data_dir / "dbt" / SPARK_TARGET_DIR / "manifest.json").read_text())["nodes"]
    models, tests = [], []
    for r in results:
        seconds = round(r["seconds"] or 0, 3)
        if r["unique_id"].startswith(("test.", "unit_test.")):
            tests.append({"node": r["unique_id"], "seconds": seconds, "status": r["status"]})
            continue
        kind = manifest.get(r["unique_id"], {}).get("config", {}).get("materialized", "seed")
        models.append({"node": r["unique_id"], "materialized": kind, "seconds": seconds, "rows_written": None})
    models.sort(key=lambda m: -m["seconds"])
    tests.sort(key=lambda t: -t["seconds"])
    return {"models": models, "tests": tests}


def compare_engines(args: dict) -> dict:
    """Every contract table of the published DuckDB file against Spark's views
    (credit/warehouse/cross_engine.py): the tables that differ, with their first difference."""
    from credit.core import config
    from credit.warehouse.cross_engine import compare_within
    from credit.warehouse.spark_build import SparkServer

    cfg = config.settings()
    t0 = time.perf_counter()
    result, counted = compare_within(cfg.published_warehouse, SparkServer.from_settings(cfg), COMPARED_ROWS)
    return {
        "seconds": round(time.perf_counter() - t0, 2),
        "tables": len(result),
        "compared_by_count": counted,
        "differing": {table: [str(d) for d in diffs[:3]] for table, diffs in result.items() if diffs},
    }


# tables up to this many rows are compared row for row; bigger ones by their row count
# (credit/warehouse/cross_engine.py compare_within): S compares every table whole
COMPARED_ROWS = 500_000


STAGES = {
    f.__name__: f
    for f in (
        template,
        generate,
        ingest,
        gate,
        gate_large,
        build,
        exports,
        floor,
        platforms,
        spark_build,
        compare_engines,
    )
}


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    name, args = argv[0], json.loads(argv[1])
    result = STAGES[name](args)
    print(RESULT_PREFIX + json.dumps(result, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
