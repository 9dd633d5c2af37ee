"""Task bodies shared by every ingest DAG: fetch into the raw lake, gate each batch, report verdicts."""

from __future__ import annotations

import datetime as dt
import logging

from credit.gate import batches as gate
from credit.ingest.connectors import connector

log = logging.getLogger(__name__)


def drop_arrived(source: str, day: dt.date) -> bool:
    """Whether a file source's upload for `day` is in the inbox; logs what it waits for when not."""
    conn = connector(source)
    if conn.arrived(day):
        return True
    log.info("%s", conn.not_arrived_message(day))
    return False


def fetch(source: str, day: dt.date) -> list[dict[str, object]]:
    """Read the source for `day`; one entry per (dataset, data day) whose raw partition was written."""
    manifests = connector(source).ingest(day)
    return [
        {"source": m.source, "dataset": m.dataset, "day": m.batch_date, "batch_id": m.batch_id, "rows": m.rows}
        for m in manifests
    ]


def run_gate(source: str, dataset: str, day: dt.date) -> dict[str, object]:
    result = gate.run_gate(source, dataset, day)
    return {
        "source": source,
        "dataset": dataset,
        "day": day.isoformat(),
        "batch_id": result.batch_id,
        "verdict": result.verdict,
        "reason": result.reason,
        "rows_received": result.rows_received,
        "rows_accepted": result.rows_accepted,
        "rows_quarantined": result.rows_quarantined,
        "rows_skipped": result.rows_skipped,
        "rule_counts": result.rule_counts,
    }


def render_docs(verdicts: list[dict[str, object]]) -> None:
    """GX Data Docs for a run's batches, rendered once for all of them. A rendering failure is
    logged, never a failed load: the verdicts are already in the lake."""
    from credit.gate import data_docs as docs

    batches = [(str(v["source"]), str(v["dataset"]), dt.date.fromisoformat(str(v["day"]))) for v in verdicts]
    try:
        docs.render(batches)
    except Exception:
        log.exception("Data Docs could not be rendered for %d batch(es); the verdicts stand", len(batches))


def blocked_message(verdict: dict[str, object]) -> str | None:
    """The message a data engineer reads in the UI when a batch is blocked, else None."""
    if verdict["verdict"] != gate.BLOCKED:
        return None
    return (
        f"Batch {verdict['batch_id']} BLOCKED by its quality gate: {verdict['reason']}. "
        f"None of its {verdict['rows_received']} rows were published; they are in quality.quarantine "
        "with the rule. Fix the source and clear this run to re-load the day."
    )


def verdicts_message(verdicts: list[dict[str, object]]) -> str | None:
    """All blocked batches of a run in one message, or None when none was blocked."""
    for v in verdicts:
        log.info(
            "%s/%s %s: %s (received %s = accepted %s + quarantined %s + skipped %s) %s",
            v["source"],
            v["dataset"],
            v["day"],
            v["verdict"],
            v["rows_received"],
            v["rows_accepted"],
            v["rows_quarantined"],
            v.get("rows_skipped", 0),
            v["rule_counts"] or "",
        )
    blocked = [m for v in verdicts if (m := blocked_message(v))]
    return "\n".join(blocked) if blocked else None
