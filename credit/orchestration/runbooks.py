"""The runbook of each ingest DAG, shown on its page in the Airflow UI (`doc_md`): what it reads,
where its files go, what its verdicts mean, and what a data engineer does when a batch is blocked or
a drop has not arrived. Built from the catalog, so it never drifts from what the DAG does; no I/O."""

from __future__ import annotations

from credit.ingest.catalog import Source
from credit.orchestration.schedule import DROP_SENSOR


def _reads(source: Source) -> str:
    if source.kind == "files":
        hours = DROP_SENSOR["timeout"] // 3600
        minutes = DROP_SENSOR["poke_interval"] // 60
        return (
            f"- **Reads** the bureau's uploads in `<CREDIT_DATA_DIR>/inbox/{source.id}/<YYYY-MM-DD>/` (CSV or XLSX; "
            "a late file is loaded for the day in its name).\n"
            f"- **Waits**: `wait_for_drop` looks every {minutes} min for up to {hours} h. While the folder is empty "
            "the day is *not arrived*: nothing is read or written, and the task log names the folder."
        )
    conns = source.connections
    return (
        "- **Reads** the day's window from the API, through the Airflow connection(s) "
        + ", ".join(f"`{c}`" for c in conns)
        + " (host, port, bearer token as password; Admin → Connections). 429 and 5xx are retried with backoff."
    )


def ingest_runbook(source: Source) -> str:
    datasets = ", ".join(f"`{d.name}`" for d in source.datasets)
    sid = source.id
    return f"""### {source.title} (`{sid}`)

Datasets: {datasets}. Runs daily at 00:00 Beijing time for the day that ended (the run's data interval).

{_reads(source)}
- **Writes** only its own lake partitions: `lake/raw/{sid}/<dataset>/dt=<day>/` (what was read, with
  its manifest), then, per batch, `accepted/`, `quarantine/` and `audit/` of the same path. Re-running
  a day replaces them; it never duplicates them. Its asset `lake.{sid}` then starts `build_warehouse`.

**Verdicts** (task `gate`, one per batch, labelled with its dataset and day): `passed`;
`passed_with_warnings` (rows quarantined with their rule, the rest published); `not_uploaded` (a dataset
with no file in that day's drop); `blocked` (nothing of the batch is published: schema drift, an
unreadable file, abnormal volume, too many bad rows) — the gate task of a blocked batch **fails**, and its
log gives the reason and the fix. The `verdict` task logs every batch's verdict with its Data Docs page,
and fails the run while a batch of the source is blocked, this run's or an earlier day's: a blocked day
stays red, in `quality.open_blocked_batches` (and `quality.source_freshness` counts it as not loaded),
until a re-load passes. Set `CREDIT_ALERT_WEBHOOK` to
be told of every failed task.

**A blocked batch**
1. Read the reason in the failed `gate` task's log; the batch's Data Docs page
   (`<CREDIT_DATA_DIR>/docs/gx/{sid}/<dataset>/<day>.html`, all batches in `docs/gx/index.html`) shows
   every expectation, what was observed and examples of the unexpected values.
2. Look at the held rows:
   `select rule, location, record from quality.quarantine where source = '{sid}' and batch_date = '<day>';`
3. Have the source fix it: a corrected file re-uploaded to the same day's folder (same name) replaces
   the old one.
4. Clear this run's `fetch` task with its downstream tasks (Grid → the run → `fetch` → Clear). The day is
   loaded again and `build_warehouse` rebuilds by itself.

**A day not arrived**: once the files are in the folder, clear `wait_for_drop` (or wait for its next look).

**Backfill**: Trigger → Backfill a range; each day replaces its own partitions, and the warehouse equals the
one built day by day. Every batch's verdict: `select * from quality.load_audit where source = '{sid}';`
"""
