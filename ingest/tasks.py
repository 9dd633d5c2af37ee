"""Task bodies shared by every ingest DAG: fetch into the raw lake, gate, report the verdict."""

from __future__ import annotations

import datetime as dt
import importlib
import logging

from ingest import gate

log = logging.getLogger(__name__)


def fetch(source: str, day: dt.date) -> dict[str, object]:
    connector = importlib.import_module(f"ingest.sources.{source}")
    manifest = connector.ingest(day)
    return {"batch_id": manifest.batch_id, "rows": manifest.rows, "day": day.isoformat()}


def run_gate(source: str, dataset: str, day: dt.date) -> dict[str, object]:
    result = gate.run_gate(source, dataset, day)
    return {
        "batch_id": result.batch_id,
        "verdict": result.verdict,
        "reason": result.reason,
        "rows_received": result.rows_received,
        "rows_accepted": result.rows_accepted,
        "rows_quarantined": result.rows_quarantined,
        "rule_counts": result.rule_counts,
    }


def blocked_message(verdict: dict[str, object]) -> str | None:
    """The message a data engineer reads in the UI when a batch is blocked, else None."""
    if verdict["verdict"] != gate.BLOCKED:
        return None
    return (
        f"Batch {verdict['batch_id']} BLOCKED by its quality gate: {verdict['reason']}. "
        f"None of its {verdict['rows_received']} rows were published; they are in quality.quarantine "
        "with the rule. Fix the source file in the inbox and clear this run to re-load the day."
    )
