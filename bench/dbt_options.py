"""How to run dbt from Airflow against one DuckDB file: the options measured on the same lake.

1. one `dbt build` process (what build_warehouse does): models and tests interleaved;
2. one `dbt run` process for the models only, with 1 and with 4 threads;
3. one process per model, in dependency order (what Cosmos LOCAL mode does: a task, so a dbt
   start-up and parse, per model);
4. two model processes at once on the same file (Cosmos LOCAL with parallel tasks): DuckDB's one
   writer per file makes the second fail with a lock error.

    .venv/bin/python -m bench.dbt_options        # on the lake of CREDIT_DATA_DIR (run `make demo` first)

Results print as a table and go to bench/results/<timestamp>-dbt-options.json.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from credit.core import config
from credit.warehouse.build import PROJECT_DIR, dbt_env, dbt_executable, prepare_lake

RESULTS = Path(__file__).resolve().parent / "results"


def dbt(args: list[str], cfg: config.Settings, path: Path) -> tuple[float, int, str]:
    started = time.perf_counter()
    proc = subprocess.run(
        [dbt_executable(), *args], cwd=PROJECT_DIR, env=dbt_env(cfg, path), capture_output=True, text=True
    )
    return time.perf_counter() - started, proc.returncode, proc.stdout[-3000:]


def models_in_order(cfg: config.Settings) -> list[str]:
    manifest = json.loads((cfg.data_dir / "dbt" / "target" / "manifest.json").read_text())
    nodes = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] in ("model", "seed")}
    done: list[str] = []
    seen: set[str] = set()

    def visit(uid: str) -> None:
        if uid in seen or uid not in nodes:
            return
        seen.add(uid)
        for parent in nodes[uid].get("depends_on", {}).get("nodes", []):
            visit(parent)
        done.append(uid)

    for uid in sorted(nodes):
        visit(uid)
    return [nodes[u]["name"] for u in done if nodes[u]["resource_type"] == "model"]


def main() -> int:
    cfg = config.settings()
    prepare_lake(cfg)
    work = cfg.warehouse_dir / ".bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    out: dict[str, object] = {}

    def fresh(name: str) -> Path:
        path = work / name / "credit.duckdb"
        path.parent.mkdir()
        return path

    seconds, rc, _ = dbt(["build", "--full-refresh"], cfg, fresh("build"))
    out["one dbt build (models + tests)"] = {"seconds": round(seconds, 1), "ok": rc == 0}
    seconds, rc, _ = dbt(["seed"], cfg, base := fresh("base"))
    for threads in (1, 4):
        path = fresh(f"run{threads}")
        shutil.copyfile(base, path)
        seconds, rc, _ = dbt(["run", "--full-refresh", "--threads", str(threads)], cfg, path)
        out[f"one dbt run, {threads} thread(s) (models only)"] = {"seconds": round(seconds, 1), "ok": rc == 0}

    models = models_in_order(cfg)
    path = fresh("per-model")
    shutil.copyfile(base, path)
    started, failures = time.perf_counter(), 0
    for model in models:
        _, rc, _ = dbt(["run", "--full-refresh", "--select", model], cfg, path)
        failures += rc != 0
    out[f"one dbt process per model ({len(models)} models, Cosmos LOCAL)"] = {
        "seconds": round(time.perf_counter() - started, 1),
        "ok": failures == 0,
    }

    path = fresh("parallel")
    shutil.copyfile(base, path)
    env = dbt_env(cfg, path)
    procs = [
        subprocess.Popen(
            [dbt_executable(), "run", "--select", m],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for m in ("stg_gov_penalties__penalties", "stg_gov_licenses__licenses")
    ]
    logs = [p.communicate()[0] for p in procs]
    locked = sum("Could not set lock" in log or "lock" in log.lower() for log in logs)
    out["two model processes at once on one file (Cosmos LOCAL, parallel)"] = {
        "ok": all(p.returncode == 0 for p in procs),
        "lock_errors": locked,
    }
    shutil.rmtree(work, ignore_errors=True)

    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    (RESULTS / f"{stamp}-dbt-options.json").write_text(json.dumps(out, ensure_ascii=False, indent=2))
    print(f"{'option':<70} {'seconds':>8}  result")
    for name, r in out.items():
        result = "ok" if r["ok"] else f"FAILED ({r.get('lock_errors', 0)} lock error(s))"
        print(f"{name:<70} {r.get('seconds', ''):>8}  {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
