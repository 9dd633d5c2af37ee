"""Gate throughput on a large batch: `python -m bench.gate_probe [ROWS]` (default 1,000,000).

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


def repeat_batch(table: pa.Table, rows: int, key: str) -> pa.Table:
    """`table` repeated to `rows` rows, vectorised, with distinct row ids and keys (copy k's keys get
    the suffix `#k`), as a real batch of this size would have: not a batch of duplicates."""
    import pyarrow.compute as pc

    reps = -(-rows // table.num_rows)
    big = pa.concat_tables([table] * reps).slice(0, rows)
    n = big.num_rows
    copy = pc.cast(pc.divide(pa.array(range(n), pa.int64()), table.num_rows), pa.string())
    big = big.set_column(big.schema.get_field_index("_row_id"), "_row_id", pa.array(range(n), pa.int64()))
    keys = pc.binary_join_element_wise(big.column(key), copy, "#")
    return big.set_column(big.schema.get_field_index(key), key, keys)


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 1_000_000
    os.environ.update(CREDIT_DATA_DIR=tempfile.mkdtemp(prefix="credit-gate-"), CREDIT_PII_KEY="bench")
    from credit.core import config, lake
    from credit.gate.batches import run_gate
    from credit.ingest.sources import penalty_exchange as gov_penalties

    cfg = config.settings()
    manifest = gov_penalties.ingest(DAY, cfg)
    day_table, _ = lake.read_raw(cfg.lake, "gov_penalties", "penalties", DAY)
    big = repeat_batch(day_table, rows, "decision_no")
    n = big.num_rows
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
