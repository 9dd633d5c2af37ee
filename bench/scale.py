"""`make bench SCALE=S|M`: the whole pipeline on a synthetic region at scale, stage by stage.

    python -m bench.scale --scale S      10k entities, 30 days (CI's smoke test)
    python -m bench.scale --scale M      1M entities, 365 days, ~100k events a day (by hand)

Stages, each in its own process (bench/stage.py) so its peak memory is its own:
  template       the simulator, connectors and gates for two days (not counted)
  generate       that template replicated into the lake by DuckDB SQL (reported, not counted)
  build_full     dbt full rebuild as of the last day, then publish
  floor          bench/floor.sql: the entity profile in one hand-written DuckDB script
  ingest         the real connectors at the day's volume, per source (records/s)
  gate           the real gate on every raw batch of the next day (rows/s)
  gate_large     the gate on one batch of `gate_rows` rows (rows/s without per-batch overhead)
  build_incremental   the next day on top of the published warehouse, then publish
  exports        the day's CSV/XLSX exports and overview
  platforms      the platforms (`make serve`) under concurrent 凡办必查 checks, published twice
                 during the load: p50/p99 latency, errors, errors around the swaps
  ... then the history is doubled (older days generated), rebuilt in full, and a further day is
  gated and built incrementally: its cost should follow the day's changes, not the history.
Writes bench/results/<timestamp>-<scale>.json and prints a table with the budget's ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.stage import RESULT_PREFIX

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LAST_DAY = dt.date(2026, 11, 20)  # the last day of generated history: the full build's as-of day
TEMPLATE_DAYS = [dt.date(2026, 11, 18), dt.date(2026, 11, 19)]
GIB = 1024**3


@dataclass(frozen=True)
class Scale:
    entities: int
    days: int
    events_per_day: int
    gate_rows: int
    load_seconds: int = 20
    load_concurrency: int = 8


SCALES = {
    "S": Scale(entities=10_000, days=30, events_per_day=1_000, gate_rows=100_000),
    "M": Scale(entities=1_000_000, days=365, events_per_day=100_000, gate_rows=1_000_000, load_seconds=60),
}
GB = 1000**3


@dataclass(frozen=True)
class Goal:
    limit: float
    at_least: bool  # a floor (throughput) rather than a ceiling
    what: str

    def met(self, value: float) -> bool:
        return value >= self.limit if self.at_least else value <= self.limit


# The goals at M (docs/architecture.md, "Scale"): S reports the same figures and never asserts them.
BUDGET = {
    "full_vs_floor": Goal(6.0, False, "full rebuild / the floor (bench/floor.sql), same run"),
    "incremental_vs_floor": Goal(2.0, False, "a day's incremental build / the floor"),
    "incremental_doubled_vs_incremental": Goal(1.05, False, "the same day's build with twice the history"),
    "warehouse_gb": Goal(1.5, False, "published warehouse file, GB (twice the history)"),
    "peak_memory_gib": Goal(3.0, False, "peak RSS of any counted stage, GiB"),
    "bench_minutes": Goal(15.0, False, "the whole bench, minutes"),
    "gate_rows_per_second": Goal(1_000_000, True, "the gate on one large batch, rows/s"),
}


class StageFailed(RuntimeError):
    pass


class Runner:
    def __init__(self, work: Path, env: dict[str, str]) -> None:
        self.work = work
        self.env = env
        self.stages: list[dict] = []
        self.started = time.perf_counter()
        self.log = work / "bench.log"
        self.on_stage: Callable[[], object] | None = None

    def elapsed(self) -> str:
        s = int(time.perf_counter() - self.started)
        return f"{s // 60:02d}:{s % 60:02d}"

    def run(self, name: str, stage: str, args: dict, counted: bool = True) -> dict:
        """Run a stage as a child process; wall time and peak RSS (wait4) around its own timings."""
        print(f"[{self.elapsed()}] {name} ...", flush=True)
        t0 = time.perf_counter()
        with self.log.open("a") as log:
            log.write(f"\n===== {name}: {stage} {json.dumps(args)}\n")
            log.flush()
            proc = subprocess.Popen(
                [sys.executable, "-m", "bench.stage", stage, json.dumps(args)],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
            done = threading.Event()
            threading.Thread(target=self._heartbeat, args=(name, t0, done), daemon=True).start()
            result: dict | None = None
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith(RESULT_PREFIX):
                    result = json.loads(line[len(RESULT_PREFIX) :])
                else:
                    log.write(line)
                    if line.startswith("PROGRESS "):
                        print("   ", line[len("PROGRESS ") :].rstrip(), flush=True)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            done.set()
        wall = time.perf_counter() - t0
        if proc.returncode != 0 or result is None:
            raise StageFailed(f"stage {name} failed (exit {proc.returncode}); see {self.log}")
        record = {
            "name": name,
            "stage": stage,
            "counted": counted,
            "wall_seconds": round(wall, 2),
            "peak_rss_mib": round(usage.ru_maxrss / 1024),  # Linux: KiB
            **result,
        }
        self.stages.append(record)
        if self.on_stage:
            self.on_stage()  # the JSON so far: a long run that is stopped still leaves its figures
        inner = f", in-process {result['seconds']:.1f} s" if "seconds" in result else ""
        print(f"[{self.elapsed()}] {name}: {wall:.1f} s{inner}, peak {record['peak_rss_mib']} MiB", flush=True)
        return record

    def _heartbeat(self, name: str, t0: float, done: threading.Event) -> None:
        """Every 30 s: still running, and for a dbt build the node it is on (from dbt's own log)."""
        while not done.wait(30):
            where = _last_dbt_step(Path(self.env["CREDIT_DATA_DIR"]) / "dbt" / "logs" / "dbt.log", t0)
            print(f"[{self.elapsed()}]   {name} still running ({time.perf_counter() - t0:.0f} s){where}", flush=True)


def _last_dbt_step(log: Path, since: float) -> str:
    """The last `N of M START ...` line dbt wrote during this stage, if any."""
    try:
        if time.time() - log.stat().st_mtime > time.perf_counter() - since:
            return ""
        with log.open("rb") as fh:
            fh.seek(max(0, log.stat().st_size - 500_000))  # a test's compiled SQL is logged too
            tail = fh.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return ""
    # `12 of 261 START sql table model marts.x ..... [RUN]`: a long name leaves no dots before [RUN]
    match = [m for m in (re.search(r"(\d+ of \d+ START .*?)\s*(?:\.{3,}|\[RUN\])", line) for line in tail) if m]
    return f": {match[-1].group(1)}" if match else ""


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="S")
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a temp dir, removed)")
    parser.add_argument(
        "--keep", action="store_true", help="keep the working folder (the generated lake and warehouse)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--entities", type=int, help="override the scale's entities (exploring between S and M)")
    parser.add_argument("--days", type=int, help="override the scale's days of history")
    parser.add_argument("--events-per-day", type=int, help="override the scale's events a day")
    parser.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default=None,
        help="spark: the full build on DuckDB and on Spark side by side (default: CREDIT_ENGINE, else duckdb)",
    )
    args = parser.parse_args(argv)
    if args.engine is None:
        from credit.core import config

        args.engine = config.settings().engine
    scale = SCALES[args.scale]
    overrides = {
        k: v
        for k, v in (("entities", args.entities), ("days", args.days), ("events_per_day", args.events_per_day))
        if v
    }
    if overrides:
        scale = Scale(**{**asdict(scale), **overrides})
        args.scale = f"{args.scale}-custom"
    work = args.work or Path(tempfile.mkdtemp(prefix=f"credit-bench-{args.scale}-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "data"
    env = dict(os.environ)
    env.update(
        CREDIT_DATA_DIR=str(data),
        CREDIT_PII_KEY=env.get("CREDIT_PII_KEY", "bench-key-not-a-secret"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="False",
        GX_ANALYTICS_ENABLED="False",
        PYTHONUNBUFFERED="1",
    )
    runner = Runner(work, env)
    suffix = "-spark" if args.engine == "spark" else ""
    path = args.out / f"{dt.datetime.now():%Y%m%dT%H%M%S}-{args.scale}{suffix}.json"
    runner.on_stage = lambda: _write(path, args, scale, runner, {}, complete=False)
    replicas = max(1, scale.entities // 400)
    on = " on DuckDB and Spark" if args.engine == "spark" else ""
    print(
        f"bench {args.scale}{on}: {scale.entities:,} entities, {scale.days} days,"
        f" ~{scale.events_per_day:,} events a day"
    )
    print(f"working in {work} (log: {runner.log})", flush=True)
    try:
        tpl = runner.run(
            "template",
            "template",
            {"dir": str(work / "template"), "days": [d.isoformat() for d in TEMPLATE_DAYS]},
            counted=False,
        )
        copies = max(1, round(scale.events_per_day / tpl["rows_per_day"]))
        common = {
            "data_dir": str(data),
            "template_lake": str(work / "template" / "lake"),
            "templates": [d.isoformat() for d in TEMPLATE_DAYS],
            "replicas": replicas,
            "copies": copies,
        }
        first = LAST_DAY - dt.timedelta(days=scale.days - 1)
        next1, next2 = LAST_DAY + dt.timedelta(days=1), LAST_DAY + dt.timedelta(days=2)
        gen = runner.run(
            "generate history",
            "generate",
            {**common, "first": first.isoformat(), "days": scale.days, "index": 0, "zone": "accepted", "roster": True},
            counted=False,
        )
        if args.engine == "spark":
            return _engines_side_by_side(args, scale, runner, path, gen, data, work)
        full = runner.run("dbt full build", "build", {"as_of": LAST_DAY.isoformat(), "full_refresh": True})
        floor = runner.run("floor (DuckDB SQL)", "floor", {"as_of": LAST_DAY.isoformat()})
        runner.run(
            "generate next day",
            "generate",
            {**common, "first": next1.isoformat(), "days": 1, "index": scale.days, "zone": "raw"},
            counted=False,
        )
        ingest = runner.run(
            "ingest (connectors)", "ingest", {"work": str(work), "day": next1.isoformat(), "sim_scale": copies}
        )
        gate = runner.run("gate (next day)", "gate", {"day": next1.isoformat()})
        gate_large = runner.run(
            "gate (one large batch)", "gate_large", {"day": next1.isoformat(), "rows": scale.gate_rows}
        )
        inc = runner.run("dbt incremental build", "build", {"as_of": next1.isoformat(), "full_refresh": False})
        exports = runner.run("exports", "exports", {})
        load = runner.run(
            "platforms under load",
            "platforms",
            {"seconds": scale.load_seconds, "concurrency": scale.load_concurrency},
        )
        older = LAST_DAY - dt.timedelta(days=2 * scale.days - 1)
        runner.run(
            "generate older history (x2)",
            "generate",
            {**common, "first": older.isoformat(), "days": scale.days, "index": -scale.days, "zone": "accepted"},
            counted=False,
        )
        full2 = runner.run("dbt full build, history x2", "build", {"as_of": next1.isoformat(), "full_refresh": True})
        runner.run(
            "generate day after",
            "generate",
            {**common, "first": next2.isoformat(), "days": 1, "index": scale.days + 1, "zone": "raw"},
            counted=False,
        )
        runner.run("gate (day after)", "gate", {"day": next2.isoformat()})
        inc2 = runner.run(
            "dbt incremental build, history x2", "build", {"as_of": next2.isoformat(), "full_refresh": False}
        )
    except StageFailed as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        _write(path, args, scale, runner, {}, complete=False)
        return 1
    peak = max(s["peak_rss_mib"] for s in runner.stages if s["counted"]) / 1024
    ratios = {
        "full_vs_floor": _ratio(full["seconds"], floor["seconds"]),
        "incremental_vs_floor": _ratio(inc["seconds"], floor["seconds"]),
        "incremental_doubled_vs_incremental": _ratio(inc2["seconds"], inc["seconds"]),
        "warehouse_gb": round(inc2["warehouse_bytes"] / GB, 3),
        "peak_memory_gib": round(peak, 2),
        "bench_minutes": round((time.perf_counter() - runner.started) / 60, 1),
        "gate_rows_per_second": gate_large["rows_per_second"],
    }
    summary = {
        "generated_rows": gen["rows"],
        "copies_per_day": copies,
        "replicas": replicas,
        "ratios": ratios,
        "budget": {
            k: {"limit": g.limit, "at_least": g.at_least, "what": g.what, "value": ratios[k], "met": g.met(ratios[k])}
            for k, g in BUDGET.items()
        },
        "figures": {
            "full_build_seconds": full["seconds"],
            "full_build_dbt_seconds": full["dbt_seconds"],
            "floor_seconds": floor["seconds"],
            "incremental_build_seconds": inc["seconds"],
            "incremental_build_dbt_seconds": inc["dbt_seconds"],
            "full_build_rows_written": full["rows_written"],
            "incremental_build_rows_written": inc["rows_written"],
            "incremental_vs_full": _ratio(inc["seconds"], full["seconds"]),
            "full_build_doubled_seconds": full2["seconds"],
            "incremental_doubled_seconds": inc2["seconds"],
            "publish_seconds": inc["publish_seconds"],
            "exports_seconds": exports["seconds"],
            "ingest_records_per_second": ingest["records_per_second"],
            "gate_day_rows_per_second": gate["rows_per_second"],
            "gate_large_rows_per_second": gate_large["rows_per_second"],
            "warehouse_bytes": inc2["warehouse_bytes"],
            "check_requests_per_second": load["requests_per_second"],
            "check_p50_ms": load["p50_ms"],
            "check_p99_ms": load["p99_ms"],
            "check_errors": load["errors"],
            "check_errors_around_publishes": load["errors_around_publishes"],
            "total_seconds": round(time.perf_counter() - runner.started),
        },
    }
    _write(path, args, scale, runner, summary, complete=True)
    _print_table(runner.stages, summary)
    print(f"wrote {path}")
    if not args.keep and args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _engines_side_by_side(args, scale: Scale, runner: Runner, path: Path, gen: dict, data: Path, work: Path) -> int:
    """`--engine spark` (docs/engines.md "Measured"): the generated history built in full on DuckDB,
    then on a local Spark Thrift Server (started here, timed), both published warehouses compared
    table by table, and the two builds' models and tests side by side."""
    from ops.spark import ThriftServer

    duck = runner.run("dbt full build (DuckDB)", "build", {"as_of": LAST_DAY.isoformat(), "full_refresh": True})
    print(f"[{runner.elapsed()}] Spark Thrift Server start ...", flush=True)
    t0 = time.perf_counter()
    server = ThriftServer.start(data / "spark", port=0)
    start_seconds = time.perf_counter() - t0
    runner.stages.append(
        {
            "name": "Spark Thrift Server start",
            "stage": "spark_start",
            "counted": True,
            "wall_seconds": round(start_seconds, 2),
            "peak_rss_mib": 0,
        }
    )
    print(f"[{runner.elapsed()}] Spark Thrift Server start: {start_seconds:.1f} s", flush=True)
    runner.env["CREDIT_SPARK_PORT"] = str(server.port)
    try:
        spark = runner.run("dbt full build (Spark)", "spark_build", {"as_of": LAST_DAY.isoformat()})
        agree = runner.run("compare the engines' tables", "compare_engines", {})
        jvm_peak = _peak_rss_mib(server.proc.pid)
    except StageFailed as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        _write(path, args, scale, runner, {}, complete=False)
        return 1
    finally:
        server.stop()
    spark["jvm_peak_rss_mib"] = jvm_peak
    summary = {
        "generated_rows": gen["rows"],
        "engines": {
            "duckdb_full_seconds": duck["seconds"],
            "duckdb_dbt_seconds": duck["dbt_seconds"],
            "spark_server_start_seconds": round(start_seconds, 2),
            "spark_full_seconds": spark["seconds"],
            "spark_dbt_seconds": spark["dbt_seconds"],
            "spark_steps": spark["steps"],
            "spark_jvm_peak_rss_mib": jvm_peak,
            "spark_vs_duckdb": _ratio(spark["seconds"], duck["seconds"]),
            "tables_compared": agree["tables"],
            "tables_differing": agree["differing"],
            "total_seconds": round(time.perf_counter() - runner.started),
        },
    }
    _write(path, args, scale, runner, summary, complete=True)
    _print_side_by_side(duck, spark, agree, start_seconds)
    print(f"wrote {path}")
    if not args.keep and args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if not agree["differing"] else 1


def _peak_rss_mib(pid: int) -> int:
    """A running process's peak resident memory (Linux: VmHWM), in MiB; 0 where it cannot be read."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return round(int(found.group(1)) / 1024) if found else 0


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _print_side_by_side(duck: dict, spark: dict, agree: dict, start_seconds: float, top: int = 20) -> None:
    """The two full builds: totals, where Spark's fixed costs sit, and the slowest models side by side."""
    d_models = {m["node"]: m["seconds"] for m in duck["models"]}
    s_models = {m["node"]: m["seconds"] for m in spark["models"]}
    d_tests = [t["seconds"] for t in duck["tests"]]
    s_tests = [t["seconds"] for t in spark["tests"]]
    d_own = duck["dbt_seconds"] - duck["model_seconds"] - duck["test_seconds"]
    print(f"\n{'full build as of ' + LAST_DAY.isoformat():<44} {'DuckDB':>10} {'Spark':>10}")
    rows = [
        ("whole build (wall, in-process)", duck["seconds"], spark["seconds"]),
        ("  server start (once per server)", None, start_seconds),
        ("  plan, copy and prepare", duck["copy_and_prepare_seconds"], spark["steps"].get("plan")),
        ("  register the lake (external tables)", None, spark["steps"].get("register the lake")),
        ("  record the plan (Parquet + tables)", None, spark["steps"].get("record the plan")),
        ("  dbt build", duck["dbt_seconds"], spark["dbt_seconds"]),
        (
            f"    models, summed ({len(duck['models'])} / {len(spark['models'])})",
            duck["model_seconds"],
            spark["model_seconds"],
        ),
        (f"    tests, summed ({len(d_tests)} / {len(s_tests)})", duck["test_seconds"], spark["test_seconds"]),
        ("    median model", _median(list(d_models.values())), _median(list(s_models.values()))),
        ("    fastest model", min(d_models.values()), min(s_models.values())),
        ("    median test", _median(d_tests), _median(s_tests)),
        ("  publish", duck["publish_seconds"], spark["steps"].get("publish")),
        ("peak memory, MiB (dbt process / Spark's JVM)", duck["peak_rss_mib"], spark.get("jvm_peak_rss_mib")),
    ]
    for label, a, b in rows:
        fa = "" if a is None else f"{a:.2f}" if isinstance(a, float) else str(a)
        fb = "" if b is None else f"{b:.2f}" if isinstance(b, float) else str(b)
        print(f"{label:<44} {fa:>10} {fb:>10}")
    print(
        f"  (DuckDB: dbt's own {d_own:.1f} s beside its nodes, one thread; dbt-spark runs 2 threads,"
        " so its nodes' sum can exceed its wall)"
    )
    fixed = _median(s_tests) * len(s_tests) + min(s_models.values()) * len(s_models)
    print(
        f"Spark's fixed cost, estimated: every test at least the median test's {_median(s_tests):.2f} s and every"
        f" model at least the fastest model's {min(s_models.values()):.2f} s: {fixed:.0f} s of node time"
        f" of {spark['model_seconds'] + spark['test_seconds']:.0f} s"
    )
    print(f"\n  {'slowest models on Spark':<58} {'DuckDB s':>9} {'Spark s':>9} {'ratio':>7}")
    for node, seconds in sorted(s_models.items(), key=lambda kv: -kv[1])[:top]:
        d = d_models.get(node)
        ratio = f"{seconds / d:.0f}x" if d else ""
        on_duck = f"{d:.2f}" if d is not None else ""
        print(f"  {node.split('.', 2)[-1]:<58} {on_duck:>9} {seconds:>9.2f} {ratio:>7}")
    print(f"\n  {'slowest models on DuckDB':<58} {'DuckDB s':>9} {'Spark s':>9}")
    for node, seconds in sorted(d_models.items(), key=lambda kv: -kv[1])[: top // 2]:
        on_spark = s_models.get(node)
        print(f"  {node.split('.', 2)[-1]:<58} {seconds:>9.2f} {'' if on_spark is None else f'{on_spark:.2f}':>9}")
    same = agree["tables"] - len(agree["differing"])
    print(
        f"\ncontract tables the same on both engines: {same} of {agree['tables']} ({agree['seconds']:.0f} s to compare)"
    )
    if agree.get("compared_by_count"):
        print(f"  compared by row count only (too big to read whole): {', '.join(agree['compared_by_count'])}")
    for table, diffs in agree["differing"].items():
        print(f"  {table}: {diffs[0]}")


def _write(path: Path, args, scale: Scale, runner: Runner, summary: dict, complete: bool) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "scale": args.scale,
        "parameters": asdict(scale),
        "complete": complete,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "stages": runner.stages,
        **summary,
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, indent=2, ensure_ascii=False, default=str))
    tmp.replace(path)
    return path


def _print_table(stages: list[dict], summary: dict) -> None:
    print(f"\n{'stage':<36} {'wall s':>8} {'in-proc s':>10} {'peak MiB':>9}  throughput")
    for s in stages:
        rate = ""
        if "records_per_second" in s:
            rate = f"{s['records_per_second']:,} records/s"
        elif "rows_per_second" in s:
            rate = f"{s['rows_per_second']:,} rows/s"
        elif s["stage"] == "platforms":
            rate = (
                f"{s['requests_per_second']:,} checks/s, p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms, "
                f"{s['errors']} errors ({s['errors_around_publishes']} around {s['publishes']} publishes)"
            )
        elif s["stage"] == "generate":
            rate = f"{s['rows']:,} rows (not counted)"
        inner = f"{s['seconds']:.1f}" if "seconds" in s else ""
        print(f"{s['name']:<36} {s['wall_seconds']:>8.1f} {inner:>10} {s['peak_rss_mib']:>9}  {rate}")
    # the full build's and the day's build's profiles, and the slowest build's when it is neither
    # (the doubled-history builds can be, on a small region where fixed costs dominate)
    builds = [s for s in stages if s["stage"] == "build"]
    slowest = max(builds, key=lambda b: b["seconds"])
    full, day = builds[0], next(b for b in builds if not b["name"].startswith("dbt full"))
    for s in (full, day) + (() if slowest in (full, day) else (slowest,)):
        _print_profile(s)
    print(f"\n{'budget at M':<40} {'value':>12} {'goal':>12}  met  what")
    for k, b in summary["budget"].items():
        goal = f"{'>=' if b['at_least'] else '<='} {b['limit']:g}"
        print(f"{k:<40} {b['value']!s:>12} {goal:>12}  {'yes' if b['met'] else 'NO ':<3}  {b['what']}")


def _print_profile(stage: dict, top: int = 15) -> None:
    """Where a dbt build's time went: its slowest models (with the rows each wrote) and tests."""
    models, tests = stage["models"], stage["tests"]
    overhead = stage["dbt_seconds"] - stage["model_seconds"] - stage["test_seconds"]
    print(
        f"\nprofile of {stage['name']}: dbt {stage['dbt_seconds']:.1f} s = models {stage['model_seconds']:.1f} s"
        f" ({len(models)}) + tests {stage['test_seconds']:.1f} s ({len(tests)}) + dbt's own {overhead:.1f} s;"
        f" copy and prepare {stage['copy_and_prepare_seconds']:.1f} s, publish {stage['publish_seconds']:.1f} s;"
        f" {stage['rows_written']:,} rows written"
    )
    print(f"  {'model':<58} {'kind':<11} {'s':>8} {'rows written':>14} {'rows/s':>12}")
    for m in models[:top]:
        rows = m["rows_written"]
        written = "?" if rows is None else f"{rows:,}"
        rate = f"{rows / m['seconds']:,.0f}" if rows and m["seconds"] else ""
        name = m["node"].split(".", 2)[-1]
        print(f"  {name:<58} {m['materialized']:<11} {m['seconds']:>8.2f} {written:>14} {rate:>12}")
    print(f"  {'test':<58} {'':<11} {'s':>8}")
    for t in tests[: top // 2]:
        print(f"  {t['node'].split('.', 2)[-1][:58]:<58} {'':<11} {t['seconds']:>8.2f}")


if __name__ == "__main__":
    sys.exit(main())
