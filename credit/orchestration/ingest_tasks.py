"""Task bodies shared by every ingest DAG: fetch into the raw lake, gate each batch, report verdicts.

A blocked batch fails its own gate task, whose log says why and what to do (the runbook of
credit/orchestration/runbooks.py, in short); the run's `verdict` task renders the Data Docs of
every batch the run fetched, logs every verdict, and fails the run with every reason.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from credit.core import config

if TYPE_CHECKING:
    from credit.gate.batches import GateResult

log = logging.getLogger(__name__)
BLOCKED = "blocked"  # credit.gate.batches.BLOCKED; each task imports only what it needs (a task is a process)


def drop_arrived(source: str, day: dt.date) -> bool:
    """Whether a file source's upload for `day` is in the inbox; logs what it waits for when not."""
    from credit.ingest.connectors import connector

    conn = connector(source)
    if conn.arrived(day):
        return True
    log.info("%s", conn.not_arrived_message(day))
    return False


def fetch(source: str, day: dt.date) -> list[dict[str, object]]:
    """Read the source for `day`; one entry per (dataset, data day) whose raw partition was written."""
    from credit.ingest.connectors import connector

    log.info("%s: loading data day %s (Beijing time)", source, day)
    manifests = connector(source).ingest(day)
    return [
        {"source": m.source, "dataset": m.dataset, "day": m.batch_date, "batch_id": m.batch_id, "rows": m.rows}
        for m in manifests
    ]


def _verdict_dict(result: GateResult | dict) -> dict[str, object]:
    v = result if isinstance(result, dict) else result.__dict__
    return {
        "source": v["source"],
        "dataset": v["dataset"],
        "day": str(v.get("day") or v["batch_date"]),
        "batch_id": v["batch_id"],
        "verdict": v["verdict"],
        "reason": v["reason"],
        "rows_received": v["rows_received"],
        "rows_accepted": v["rows_accepted"],
        "rows_quarantined": v["rows_quarantined"],
        "rows_skipped": v.get("rows_skipped", 0),
        "rule_counts": v["rule_counts"],
    }


def run_gate(source: str, dataset: str, day: dt.date) -> dict[str, object]:
    from credit.gate import batches

    verdict = _verdict_dict(batches.run_gate(source, dataset, day))
    log.info("Data Docs of this batch (rendered by the run's verdict task): %s", docs_page(verdict))
    return verdict


def recorded_verdicts(batches: list[dict[str, object]], cfg: config.Settings | None = None) -> list[dict[str, object]]:
    """The gate's verdicts of `batches` as the lake holds them (a batch its gate never judged is left out)."""
    import json

    import pyarrow.parquet as pq

    from credit.core.lake import PART, partition_dir

    cfg = cfg or config.settings()
    out = []
    for b in batches:
        day = dt.date.fromisoformat(str(b["day"]))
        audit = partition_dir(cfg.lake, "audit", str(b["source"]), str(b["dataset"]), day) / PART
        if not audit.exists():
            continue
        row = pq.read_table(audit).to_pylist()[0]
        if row["batch_id"] != b.get("batch_id", row["batch_id"]):
            continue  # an older verdict of the day: this run's batch was never gated
        row["rule_counts"] = json.loads(row["rule_counts"] or "{}")
        out.append(_verdict_dict(row))
    return out


def render_docs(verdicts: list[dict[str, object]]) -> None:
    """The Data Docs of a run's batches, rendered once for all of them. A rendering failure is
    logged, never a failed load: the verdicts are already in the lake."""
    from credit.gate import data_docs as docs

    batches = [(str(v["source"]), str(v["dataset"]), dt.date.fromisoformat(str(v["day"]))) for v in verdicts]
    try:
        docs.render(batches)
    except Exception:
        log.exception("Data Docs could not be rendered for %d batch(es); the verdicts stand", len(batches))


def docs_page(verdict: dict[str, object], cfg: config.Settings | None = None) -> str:
    from credit.gate.data_docs import page_path

    cfg = cfg or config.settings()
    return str(
        page_path(cfg, str(verdict["source"]), str(verdict["dataset"]), dt.date.fromisoformat(str(verdict["day"])))
    )


def blocked_message(verdict: dict[str, object]) -> str | None:
    """What a data engineer reads when a batch is blocked (the failed gate task's log), else None."""
    if verdict["verdict"] != BLOCKED:
        return None
    verdict = _verdict_dict(verdict)
    return (
        f"Batch {verdict['batch_id']} BLOCKED by its quality gate: {verdict['reason']}.\n"
        f"None of its {verdict['rows_received']} rows were published; they are in quality.quarantine with the rule:\n"
        f"  select rule, location, record from quality.quarantine where batch_id = '{verdict['batch_id']}';\n"
        f"Data Docs of the batch: {docs_page(verdict)}\n"
        f"To fix: have the source correct it (for a file drop: the corrected file into "
        f"inbox/{verdict['source']}/{verdict['day']}/, same name), then Clear this run's `fetch` task with its "
        "downstream tasks; the day is loaded again and the warehouse rebuilds by itself. The day stays in "
        "quality.open_blocked_batches until a re-load passes."
    )


def log_verdicts(verdicts: list[dict[str, object]]) -> None:
    for v in verdicts:
        log.info(
            "%s/%s %s: %s (received %s = accepted %s + quarantined %s + skipped %s) %s; Data Docs %s",
            v["source"],
            v["dataset"],
            v["day"],
            v["verdict"],
            v["rows_received"],
            v["rows_accepted"],
            v["rows_quarantined"],
            v.get("rows_skipped", 0),
            v["rule_counts"] or "",
            docs_page(v),
        )


def open_blocked(source: str, cfg: config.Settings | None = None) -> list[tuple[str, dt.date]]:
    """(dataset, day) of every batch of `source` whose latest verdict in the lake is blocked."""
    from credit.gate.batches import recorded_audits

    audits = recorded_audits(cfg or config.settings(), source)
    return sorted((str(a["dataset"]), a["batch_date"]) for a in audits if a["verdict"] == BLOCKED)


def verdicts_message(verdicts: list[dict[str, object]]) -> str | None:
    """All blocked batches of a run in one message, or None when none was blocked."""
    blocked = [m for v in verdicts if (m := blocked_message(v))]
    return "\n\n".join(blocked) if blocked else None


def still_open_message(source: str, verdicts: list[dict[str, object]]) -> str | None:
    """A blocked day stays red until it is re-loaded (docs/architecture.md "How a batch flows"): a
    run whose own batches passed still fails while an earlier day of its source is blocked."""
    own = {(str(v["dataset"]), str(v["day"])) for v in verdicts}
    other = [(ds, day) for ds, day in open_blocked(source) if (ds, day.isoformat()) not in own]
    if not other:
        return None
    days = ", ".join(f"{ds} {day}" for ds, day in other)
    return (
        f"This run's batches were judged, but {source} still has blocked batches: {days}. They stay unpublished "
        f"(quality.open_blocked_batches) and every run of {source} stays red until each is re-loaded: re-drop the "
        f"corrected file into inbox/{source}/<day>/ and Clear that day's run from `fetch` on."
    )
