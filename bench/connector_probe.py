"""Connector throughput at ~100k records a source from the simulator: `python -m bench.connector_probe [SOURCE...]`.

For each source the simulator is scaled so one day holds about 100k records. Generating them is not
timed (file drops are written first; the API server is warmed by a first fetch of the same window);
then the connector's ingest (fetch, parse, normalise, hash, write Parquet) and the gate are timed.
Writes bench/results/<timestamp>-connectors.json and prints a table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 20)
SEED = 20260401  # the simulator server's default seed: its API days and its file drops agree
# volume multiplier that gives ~100k records a day for each source's simulator
SCALES = {
    "gov_penalties": 2200,
    "gov_licenses": 4000,
    "gov_awards": 33000,
    "gov_lists": 40000,
    "commitments": 11000,
    "wholesale": 500,
    "ecommerce": 200,
    "raters": 16000,
    "complaints_12312": 5000,
    "household": 8000,
}


def time_ingest(sid: str, day: dt.date, scale: float, cfg) -> dict:
    """Time one connector's ingest (fetch, parse, normalise, hash, write Parquet) of a simulated
    day at `scale`. Writing the file drops, or warming the API server's cache with a first fetch,
    comes first and is not timed: generation is not what we measure."""
    from credit.ingest.catalog import source
    from credit.ingest.connectors import CONNECTORS

    conn = CONNECTORS[sid]
    sim = None
    g0 = time.perf_counter()
    if source(sid).kind == "api":  # its own process, so its work does not share our interpreter's GIL
        from ops.simulator_process import start_server

        sim = start_server(SEED, scale=scale)
        os.environ.update(sim.connection_env())
        conn.ingest(day, cfg)
    else:  # the bureaus' uploads, by the simulator
        from credit_simulator.uploader import upload

        upload(cfg.inbox, SEED, day, scale, [sid])
    generated = time.perf_counter() - g0
    try:
        t0 = time.perf_counter()
        manifests = conn.ingest(day, cfg)
        seconds = time.perf_counter() - t0
    finally:
        if sim:
            sim.stop()
    records = sum(m.rows for m in manifests)
    return {
        "source": sid,
        "records": records,
        "seconds": round(seconds, 3),
        "records_per_second": round(records / seconds) if seconds else None,
        "generation_seconds": round(generated, 2),
        "manifests": manifests,
    }


def main(only: list[str]) -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="credit-bench-"))
    os.environ.update(CREDIT_DATA_DIR=str(data_dir), CREDIT_PII_KEY="bench", GX_ANALYTICS_ENABLED="False")
    from credit.core import config
    from credit.gate.batches import run_gate

    results = []
    for sid, scale in SCALES.items():
        if only and sid not in only:
            continue
        cfg = config.settings()
        timed = time_ingest(sid, DAY, scale, cfg)
        t2 = time.perf_counter()
        for m in timed.pop("manifests"):
            run_gate(m.source, m.dataset, dt.date.fromisoformat(m.batch_date), cfg)
        gate_s = time.perf_counter() - t2
        rows, ingest_s, generated = timed["records"], timed["seconds"], timed["generation_seconds"]
        results.append(
            {
                "source": sid,
                "records": rows,
                "ingest_seconds": round(ingest_s, 2),
                "records_per_second": round(rows / ingest_s),
                "gate_seconds": round(gate_s, 2),
                "gate_rows_per_second": round(rows / gate_s),
                "generation_seconds": round(generated, 1),
            }
        )
        r = results[-1]
        print(
            f"{sid:<18} {rows:>8} rec  ingest {ingest_s:6.2f} s  {r['records_per_second']:>7} rec/s   "
            f"gate {gate_s:6.2f} s  {r['gate_rows_per_second']:>7} rows/s   (generation {generated:.0f} s)",
            flush=True,
        )
    out = ROOT / "bench" / "results" / f"{dt.datetime.now():%Y%m%dT%H%M%S}-connectors.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"day": DAY.isoformat(), "results": results}, indent=2))
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
