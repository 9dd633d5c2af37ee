"""What a warehouse build has to do: which batches it adds, from which day it rescores, and whether
it can build on the published warehouse at all or must rebuild in full.

The published warehouse records what it was built from in its `build` schema:

- `build.audit_files`  every audit file of the lake it absorbed (path, mtime, size, batch id);
- `build.builds`       one row per build that led to it (mode, reason, as-of, project fingerprint).

The planner lists the lake's audit zone (a directory walk, no file read), reads only the audit
files that are new or changed since, and decides:

- **incremental** when batches were only added: the build starts from a copy of the published
  file and every incremental model reads just the new batches (`build.new_batches`);
- **full** when there is nothing usable to build on, when a batch that had published rows was
  replaced (a re-dropped day: its old rows must disappear, and only a rebuild from the lake
  removes them everywhere), or when the dbt project changed (rules, seeds or models: history
  computed under the old ones would otherwise stay).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from credit.core import config
from credit.core.lake import partition_day, partition_file, zone_dir

log = logging.getLogger(__name__)

PROJECT_DIR = config.DBT_PROJECT_DIR
# what decides the warehouse's content: a change to any of these rebuilds it in full
FINGERPRINTED = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "snapshots")
FINGERPRINTED_PACKAGES = ("dbt-core", "dbt-duckdb", "duckdb")

AUDIT_FILES_SCHEMA = pa.schema(
    [
        pa.field("path", pa.string()),  # relative to the lake
        pa.field("mtime_ns", pa.int64()),
        pa.field("size", pa.int64()),
        pa.field("batch_id", pa.string()),
        pa.field("rows_accepted", pa.int64()),
    ]
)


@dataclass
class BuildPlan:
    full: bool
    reason: str
    score_from: dt.date | None  # incremental: the first day to rescore
    new_batches: pa.Table  # audit rows of the batches this build adds (every batch when full)
    audit_files: pa.Table  # the index the built warehouse will hold
    fingerprint: str
    replaced: list[str] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        """Nothing to add: the published warehouse already holds every batch of the lake."""
        return not self.full and self.new_batches.num_rows == 0

    def describe(self) -> str:
        if self.up_to_date:
            return f"up to date: {self.reason}; nothing to build"
        mode = "full rebuild" if self.full else f"incremental build, rescoring from {self.score_from}"
        return f"{mode}: {self.reason}; {self.new_batches.num_rows} batches to add"


def project_fingerprint() -> str:
    """sha256 of the dbt project's models, macros, seeds, snapshots and configuration, and of the
    versions of dbt and DuckDB that compute them."""
    h = hashlib.sha256()
    for name in FINGERPRINTED:
        root = PROJECT_DIR / name
        paths = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in paths:
            h.update(str(path.relative_to(PROJECT_DIR)).encode() + b"\0" + path.read_bytes() + b"\0")
    for package in FINGERPRINTED_PACKAGES:
        h.update(f"{package}=={importlib.metadata.version(package)}\n".encode())
    return h.hexdigest()[:16]


def list_audit_files(lake: Path) -> dict[str, tuple[int, int]]:
    """path (relative to the lake) -> (mtime_ns, size) of every audit file: one walk, no reads."""
    out: dict[str, tuple[int, int]] = {}
    root = zone_dir(lake, "audit")
    for folder, _dirs, files in os.walk(root):
        if partition_day(Path(folder).name) is None:
            continue
        for name in files:
            if name.endswith(".parquet"):
                st = os.stat(os.path.join(folder, name))
                out[os.path.relpath(os.path.join(folder, name), lake)] = (st.st_mtime_ns, st.st_size)
    return out


def read_audit(lake: Path, paths: list[str]) -> pa.Table:
    """The audit rows of these files (one batch each), in AUDIT_SCHEMA, with the file they came from."""
    import pyarrow.dataset as ds

    from credit.gate.batches import AUDIT_SCHEMA

    if not paths:
        table = AUDIT_SCHEMA.empty_table()
    else:
        # one dataset over many small files, with the schema given: no per-file schema inference
        table = ds.dataset([str(lake / p) for p in paths], schema=AUDIT_SCHEMA, format="parquet").to_table()
        if table.num_rows != len(paths):
            raise RuntimeError(f"expected one audit row per audit file, read {table.num_rows} from {len(paths)}")
    return table


def _audit_paths(table: pa.Table, zone: str = "audit") -> list[str]:
    """Where the gate writes each audit row's file (or the batch's file of another zone), relative to the lake."""
    return [
        partition_file(zone, s, d, b)
        for s, d, b in zip(
            table.column("source").to_pylist(),
            table.column("dataset").to_pylist(),
            table.column("batch_date").to_pylist(),
            strict=True,
        )
    ]


def _published_state(published: Path) -> tuple[pa.Table, str | None, dt.date | None] | None:
    """The published warehouse's audit-file index, fingerprint and last scored day; None when it
    holds nothing to build on."""
    import duckdb

    from credit.warehouse.published import last_scored_day

    try:
        with duckdb.connect(str(published), read_only=True) as con:
            files = con.execute("select * from build.audit_files").fetch_arrow_table()
            fingerprint = con.execute("select fingerprint from build.builds order by built_at desc limit 1").fetchone()
            last = last_scored_day(con)
    except duckdb.Error as exc:
        log.warning("published warehouse has nothing to build on (%s)", str(exc).splitlines()[0])
        return None
    return files, (fingerprint[0] if fingerprint else None), last


def plan_build(cfg: config.Settings, full_refresh: bool = False, as_of: dt.date | None = None) -> BuildPlan:
    """Compare the lake's audit zone with what the published warehouse absorbed."""
    lake = cfg.lake
    fingerprint = project_fingerprint()
    listed = list_audit_files(lake)
    state = None if full_refresh or not cfg.published_warehouse.exists() else _published_state(cfg.published_warehouse)

    def full(reason: str, replaced: list[str] | None = None) -> BuildPlan:
        paths = sorted(listed)
        audit = read_audit(lake, paths)
        return BuildPlan(
            full=True,
            reason=reason,
            score_from=None,
            new_batches=audit,
            audit_files=_index_table(_index_rows(audit, paths, listed)),
            fingerprint=fingerprint,
            replaced=replaced or [],
        )

    if full_refresh:
        return full("asked for (--full-refresh)")
    if state is None:
        return full("no published warehouse to build on")
    files, published_fingerprint, last = state
    if published_fingerprint != fingerprint:
        return full(f"the dbt project changed since the published build ({published_fingerprint} -> {fingerprint})")
    if last is None:
        return full("the published warehouse holds no score history")

    known = {
        p: (m, s, b, a)
        for p, m, s, b, a in zip(*(files.column(c).to_pylist() for c in AUDIT_FILES_SCHEMA.names), strict=True)
    }
    gone = [known[p][2] for p in known if p not in listed and known[p][3]]
    changed = sorted(p for p, stat in listed.items() if p not in known or known[p][:2] != stat)
    audit = read_audit(lake, changed)
    ids = audit.column("batch_id").to_pylist()
    replaced = gone + [
        known[p][2] for p, b in zip(changed, ids, strict=True) if p in known and known[p][2] != b and known[p][3]
    ]
    if replaced:
        return full(
            f"{len(replaced)} published batch(es) were replaced or removed in the lake (e.g. {replaced[0]})", replaced
        )
    # a file rewritten with the same batch id (the same input gated again) adds nothing
    fresh = [i for i, (p, b) in enumerate(zip(changed, ids, strict=True)) if p not in known or known[p][2] != b]
    new = audit.take(pa.array(fresh, pa.int64())) if fresh else audit.slice(0, 0)
    candidates = [last + dt.timedelta(days=1)]
    candidates += [
        d
        for d, v in zip(new.column("batch_date").to_pylist(), new.column("verdict").to_pylist(), strict=True)
        if v != "blocked"
    ]
    start = min(candidates)
    if as_of:
        start = min(start, as_of)
    rows = {p: row for p, row in known.items() if p in listed}
    rows.update(_index_rows(audit, changed, listed))
    return BuildPlan(
        full=False,
        reason=f"{new.num_rows} new batch(es) since the published build",
        score_from=start,
        new_batches=new,
        audit_files=_index_table(rows),
        fingerprint=fingerprint,
    )


def _index_rows(
    audit: pa.Table, paths: list[str], listed: dict[str, tuple[int, int]]
) -> dict[str, tuple[int, int, str, int]]:
    """path -> (mtime_ns, size, batch id, rows accepted) of the audit files read (one row each)."""
    if _audit_paths(audit) != paths:
        raise RuntimeError("an audit file's row does not name its own partition (source, dataset, day)")
    ids, accepted = audit.column("batch_id").to_pylist(), audit.column("rows_accepted").to_pylist()
    return {p: (*listed[p], b, a) for p, b, a in zip(paths, ids, accepted, strict=True)}


def _index_table(rows: dict[str, tuple[int, int, str, int]]) -> pa.Table:
    columns = list(zip(*rows.values(), strict=True)) or [(), (), (), ()]
    return pa.table(
        {
            "path": list(rows),
            **{name: list(col) for name, col in zip(AUDIT_FILES_SCHEMA.names[1:], columns, strict=True)},
        },
        schema=AUDIT_FILES_SCHEMA,
    )


def with_partition_files(audit: pa.Table, lake: Path) -> pa.Table:
    """The audit rows plus the accepted and quarantine files of each batch (relative to the lake;
    null where the gate wrote none), which is what incremental staging reads."""
    columns: dict[str, list[str | None]] = {}
    for zone in ("accepted", "quarantine"):
        columns[f"{zone}_file"] = [p if (lake / p).exists() else None for p in _audit_paths(audit, zone)]
    for column, values in columns.items():
        audit = audit.append_column(column, pa.array(values, pa.string()))
    return audit


# The working-day calendar the build hands dbt (build.workday_calendar): a fixed first day and ten
# years past the build, far wider than any deadline needs; int_calendar_days keeps the days the
# lake's decisions touch, and its test fails should a decision fall outside.
CALENDAR_FIRST_DAY = dt.date(1990, 1, 1)
CALENDAR_YEARS_AHEAD = 10

WORKDAY_CALENDAR_SCHEMA = pa.schema(
    [
        pa.field("calendar_date", pa.date32()),
        pa.field("is_workday", pa.bool_()),
        pa.field("basis", pa.string()),
        pa.field("is_estimated", pa.bool_()),
    ]
)


def workday_calendar(as_of: dt.date | None = None) -> pa.Table:
    """Every day from CALENDAR_FIRST_DAY to ten years past the build (or its as-of day, if later),
    as credit/core/workdays.py says (docs/domain.md §2). The data's own bounds select from it in
    dbt, so the table's span never shows in the warehouse."""
    from credit.core.workdays import calendar

    last = max(dt.date.today(), as_of or dt.date.min)
    rows = calendar(CALENDAR_FIRST_DAY, last.replace(year=last.year + CALENDAR_YEARS_AHEAD, day=min(last.day, 28)))
    return pa.table(
        {
            "calendar_date": [r.day for r in rows],
            "is_workday": [r.is_workday for r in rows],
            "basis": [r.basis for r in rows],
            "is_estimated": [r.is_estimated for r in rows],
        },
        schema=WORKDAY_CALENDAR_SCHEMA,
    )


def record_plan(build_path: Path, plan: BuildPlan, as_of: dt.date | None, lake: Path) -> None:
    """Write the plan into the build file (schema `build`) before dbt runs: the batches it adds are
    what incremental models read; the index and the build's row are what the next plan reads."""
    import duckdb

    with duckdb.connect(str(build_path)) as con:
        con.execute("create schema if not exists build")
        con.register("plan_new_batches", with_partition_files(plan.new_batches, lake))
        con.register("plan_audit_files", plan.audit_files)
        con.register("plan_workday_calendar", workday_calendar(as_of))
        con.execute("create or replace table build.new_batches as select * from plan_new_batches")
        con.execute("create or replace table build.audit_files as select * from plan_audit_files")
        con.execute("create or replace table build.workday_calendar as select * from plan_workday_calendar")
        con.execute(
            """create table if not exists build.builds (
                   built_at timestamptz, mode varchar, reason varchar, as_of date, score_from date,
                   new_batches integer, fingerprint varchar)"""
        )
        con.execute(
            "insert into build.builds values (now(), ?, ?, ?, ?, ?, ?)",
            [
                "full" if plan.full else "incremental",
                plan.reason,
                as_of,
                plan.score_from,
                plan.new_batches.num_rows,
                plan.fingerprint,
            ],
        )
