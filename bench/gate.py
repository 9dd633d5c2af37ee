"""Gate throughput on a large batch: `python -m bench.gate [ROWS]` (default 1,000,000).

Builds a raw partition of `ROWS` penalty records by repeating one simulated day (vectorised, not
timed), then runs the real gate on it and reports rows/s for the GX validation alone and for the
whole gate (duplicate marking, validation, writing accepted, quarantine and audit).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa

DAY = dt.date(2026, 11, 20)


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 1_000_000
    os.environ.update(CREDIT_DATA_DIR=tempfile.mkdtemp(prefix="credit-gate-"), CREDIT_PII_KEY="bench")
    from ingest import config, lake
    from ingest.gate import run_gate
    from ingest.sources import gov_penalties

    cfg = config.settings()
    manifest = gov_penalties.ingest(DAY, cfg)
    day_table, _ = lake.read_raw(cfg.lake, "gov_penalties", "penalties", DAY)
    reps = -(-rows // day_table.num_rows)
    big = pa.concat_tables([day_table] * reps).slice(0, rows)
    # distinct keys and row ids, as a real batch of this size would have
    n = big.num_rows
    idx = big.schema.get_field_index
    big = big.set_column(idx("_row_id"), "_row_id", pa.array(range(n), pa.int64()))
    keys = [f"{k}-{i}" for i, k in enumerate(big.column("decision_no").to_pylist())]
    big = big.set_column(idx("decision_no"), "decision_no", pa.array(keys, pa.string()))
    lake.write_raw(cfg.lake, "gov_penalties", "penalties", DAY, big, manifest.inputs)
    t0 = time.perf_counter()
    result = run_gate("gov_penalties", "penalties", DAY, cfg)
    total = time.perf_counter() - t0
    out = {
        "rows": n,
        "verdict": result.verdict,
        "validation_seconds": result.validation_seconds,
        "validation_rows_per_second": round(n / result.validation_seconds),
        "gate_seconds": round(total, 2),
        "gate_rows_per_second": round(n / total),
    }
    print(json.dumps(out, indent=2))
    res = Path(__file__).resolve().parent / "results" / f"{dt.datetime.now():%Y%m%dT%H%M%S}-gate.json"
    res.parent.mkdir(parents=True, exist_ok=True)
    res.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
