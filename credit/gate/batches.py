"""The quality gate: a Great Expectations suite per raw dataset decides what reaches the warehouse.

Each expectation's GX `severity` says what its failure does (a circuit breaker, or a warning):
  critical  the batch is blocked: none of its rows are published, all are quarantined under the rule;
  warning   the failing rows are quarantined with the rule's name, the rest proceed;
  info      reported in the audit, the rows proceed.
The suite's `meta.policy` holds the batch policy declared in the catalog: past its
`max_quarantine_share` the batch is blocked as `too_many_bad_rows`.
For every batch: rows_received = rows_accepted + rows_quarantined + rows_skipped (lines that are not
records, recorded by ingest in the manifest with their line and reason).

The batch never leaves DuckDB on its way from the raw Parquet to the accepted one (one thread:
ingest tasks run side by side): duplicates are marked from the key columns, the suite is evaluated
in one pass that reads only the columns it looks at (credit/gate/evaluation.py, held to GX's own
verdicts by tests/gate/test_evaluation.py), and the accepted file is written by one COPY; only held
rows become Python objects. Each batch's result is written in GX's validation-result shape beside its
audit row (`validation.json`), from which the Data Docs are rendered once per ingest run
(credit/gate/data_docs.py), not once per batch.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from credit.core import config
from credit.core.config import EXPECTATIONS_DIR
from credit.core.lake import BATCH_COLUMNS, PART, Manifest, partition_dir, raw_partition, replace_partition, write_table
from credit.gate import evaluation as validation

log = logging.getLogger(__name__)

ROW_ID = "_row_id"
INTERNAL_COLUMNS = ("_dup_status",)

NO_BOUND = 2**62  # volume_vs_history's upper bound while a dataset has too little history to judge
VALIDATION_REPORT = "validation.json"  # beside each batch's audit row: the suite's result, in GX's shape

PASSED = "passed"
PASSED_WITH_WARNINGS = "passed_with_warnings"
BLOCKED = "blocked"
# A dataset of a multi-dataset drop with no file for the day, where the catalog does not say it
# arrives every day: nothing to judge and nothing published, and not mistaken for a broken batch.
NOT_UPLOADED = "not_uploaded"

QUARANTINE_SCHEMA = pa.schema(
    [
        pa.field("source", pa.string()),
        pa.field("dataset", pa.string()),
        pa.field("batch_date", pa.date32()),
        pa.field("batch_id", pa.string()),
        pa.field("row_id", pa.int64()),
        pa.field("rule", pa.string()),
        pa.field("severity", pa.string()),
        pa.field("location", pa.string()),
        pa.field("record", pa.string()),
    ]
)
AUDIT_SCHEMA = pa.schema(
    [
        pa.field("source", pa.string()),
        pa.field("dataset", pa.string()),
        pa.field("batch_date", pa.date32()),
        pa.field("batch_id", pa.string()),
        pa.field("suite", pa.string()),
        pa.field("rows_received", pa.int64()),
        pa.field("rows_accepted", pa.int64()),
        pa.field("rows_quarantined", pa.int64()),
        pa.field("rows_skipped", pa.int64()),
        pa.field("verdict", pa.string()),
        pa.field("reason", pa.string()),
        pa.field("rule_counts", pa.string()),
        pa.field("reported_counts", pa.string()),
        pa.field("inputs", pa.string()),
        pa.field("skipped_lines", pa.string()),
        pa.field("fetched_at", pa.string()),
        pa.field("validated_at", pa.string()),
        pa.field("validation_seconds", pa.float64()),
    ]
)


class BatchBlocked(RuntimeError):
    """A batch-level rule failed: nothing of the batch is published."""


@dataclass
class GateResult:
    source: str
    dataset: str
    batch_date: str
    batch_id: str
    suite: str
    rows_received: int
    rows_accepted: int
    rows_quarantined: int
    rows_skipped: int
    verdict: str
    reason: str | None
    rule_counts: dict[str, int] = field(default_factory=dict)  # quarantining/blocking rule -> rows
    reported_counts: dict[str, int] = field(default_factory=dict)  # info rules -> rows
    validation_seconds: float = 0.0

    def summary(self) -> str:
        lines = [
            f"{self.source}/{self.dataset} {self.batch_date} batch {self.batch_id}: {self.verdict}",
            f"  received {self.rows_received} = accepted {self.rows_accepted} + quarantined {self.rows_quarantined}"
            f" + skipped {self.rows_skipped}",
        ]
        if self.reason:
            lines.append(f"  reason: {self.reason}")
        lines += [f"  quarantined by {rule}: {n}" for rule, n in sorted(self.rule_counts.items())]
        lines += [f"  reported by {rule}: {n}" for rule, n in sorted(self.reported_counts.items())]
        return "\n".join(lines)


def recorded_audits(cfg: config.Settings, source: str | None = None) -> list[dict]:
    """Every batch's audit row in the lake (of one source, or all), newest day first."""
    import duckdb

    from credit.core.lake import zone_dir

    root = zone_dir(cfg.lake, "audit")
    files = sorted((root / source).glob(f"*/dt=*/{PART}") if source else root.glob(f"*/*/dt=*/{PART}"))
    if not files:
        return []
    with duckdb.connect() as con:
        rel = con.execute(
            "select * from read_parquet(?, union_by_name = true, hive_partitioning = false)"
            " order by batch_date desc, source, dataset",
            [[str(f) for f in files]],
        )
        names = [d[0] for d in rel.description]
        return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


def suite_path(source: str, dataset: str) -> Path:
    return EXPECTATIONS_DIR / f"{source}.{dataset}.json"


def load_suite_json(source: str, dataset: str) -> dict:
    path = suite_path(source, dataset)
    if not path.exists():
        raise FileNotFoundError(f"no expectation suite for {source}/{dataset}: expected {path}")
    return json.loads(path.read_text())


def volume_parameters(cfg: config.Settings, suite_json: dict, day: dt.date) -> dict[str, int]:
    """Bounds for `volume_vs_history`, from the suite's batch policy: the median rows received by this
    dataset's batches of the previous `history_days` days (blocked ones excluded). An empty day where
    the usual is at least `usual_rows_for_empty_check`, or more than `spike_factor` x the usual, is
    held. With fewer than `history_min_batches` earlier batches nothing is held for volume."""
    import pyarrow.parquet as pq

    meta = suite_json.get("meta", {})
    policy = meta["policy"]
    counts = []
    for back in range(1, int(policy["history_days"]) + 1):
        folder = partition_dir(
            cfg.lake, "audit", meta.get("source", ""), meta.get("dataset", ""), day - dt.timedelta(days=back)
        )
        if (folder / "part-0.parquet").exists():
            row = pq.read_table(folder / "part-0.parquet").to_pylist()[0]
            if row["verdict"] not in (BLOCKED, NOT_UPLOADED):
                counts.append(int(row["rows_received"]))
    if len(counts) < int(policy["history_min_batches"]):
        return {"volume_min": 0, "volume_max": NO_BOUND}
    usual = sorted(counts)[len(counts) // 2]
    return {
        "volume_min": 1 if usual >= int(policy["usual_rows_for_empty_check"]) else 0,
        "volume_max": max(int(policy["spike_factor"]) * usual, int(policy["spike_floor"])),
    }


def gate_parameters(cfg: config.Settings, suite_json: dict, day: dt.date) -> dict[str, object]:
    """The values the suite's `$PARAMETER`s take for the batch of `day`."""
    earliest = dt.date.fromisoformat(suite_json["meta"]["policy"]["earliest_date"])
    return {"run_date": day, "min_date": earliest, **volume_parameters(cfg, suite_json, day)}


def duplicate_marks(con, relation: str, columns: list[str], key: list[str]) -> pa.Table:
    """(_row_id, _dup_status) of the rows whose key repeats in the batch (every other row is
    `unique`): `first` (kept copy of exact repeats), `duplicate` (later exact repeat) or `conflict`
    (same key, different content: every copy is held, nobody guesses which is right). The key
    columns are read first; content is hashed only for rows whose key repeats."""
    empty = pa.table({ROW_ID: pa.array([], pa.int64()), "_dup_status": pa.array([], pa.string())})
    if not key:
        return empty
    q = validation.sql_ident
    k = ", ".join(q(c) for c in key)
    keyed = " and ".join(f"{q(c)} is not null" for c in key)
    repeated = con.execute(
        f"select {q(ROW_ID)} from {relation} where {keyed} qualify count(*) over (partition by {k}) > 1"
    ).fetch_arrow_table()
    if repeated.num_rows == 0:
        return empty
    content = ", ".join(q(c) for c in columns if not c.startswith("_"))
    con.register("repeated_rows", repeated)
    try:
        return con.execute(
            f"""
            with hashed as (
                select {q(ROW_ID)}, {k}, hash({content}) as digest
                from {relation} semi join repeated_rows using ({q(ROW_ID)})
            )
            select
                {q(ROW_ID)},
                case
                    when count(distinct digest) over (partition by {k}) > 1 then 'conflict'
                    when row_number() over (partition by {k}, digest order by {q(ROW_ID)}) = 1 then 'first'
                    else 'duplicate'
                end as _dup_status
            from hashed
            """
        ).fetch_arrow_table()
    finally:
        con.unregister("repeated_rows")


def _record_json_sql(schema: pa.Schema) -> str:
    """SQL for a held row's original values as a JSON object, without nulls: every column but the
    gate's own (row id, batch, duplicate mark)."""
    q = validation.sql_ident
    names = [n for n in schema.names if n not in INTERNAL_COLUMNS and n not in BATCH_COLUMNS and n != ROW_ID]
    pairs = ", ".join(f"{validation.sql_literal(n)}, {q(n)}" for n in names)
    keys = "|".join(re.escape(n) for n in names)
    # json_object keeps nulls: drop `"key":null` members (a key is only ever a column name here,
    # and a quote inside a value is escaped, so these patterns cannot match inside a value)
    return (
        f"regexp_replace(regexp_replace(json_object({pairs}), ',\"(?:{keys})\":null', '', 'g'),"
        f" '\\{{\"(?:{keys})\":null,?', '{{', 'g')"
    )


def run_gate(source: str, dataset: str, day: dt.date, cfg: config.Settings | None = None) -> GateResult:
    """Validate the raw partition of (source, dataset, day) and write accepted, quarantine and audit."""
    import duckdb

    cfg = cfg or config.settings()
    path, manifest = raw_partition(cfg.lake, source, dataset, day)
    suite_json = load_suite_json(source, dataset)
    meta = suite_json.get("meta", {})
    schema = pq.read_schema(path)
    received = pq.read_metadata(path).num_rows
    if ROW_ID not in schema.names:
        raise ValueError(f"{source}/{dataset} {day}: raw rows carry no {ROW_ID}; re-run its ingest")

    con = duckdb.connect()
    try:
        con.execute("set threads = 1")  # ingest tasks run side by side: one core each
        return _gate(con, path, schema, received, manifest, suite_json, meta, source, dataset, day, cfg)
    finally:
        con.close()


def _gate(
    con,
    path: Path,
    schema: pa.Schema,
    received: int,
    manifest: Manifest,
    suite_json: dict,
    meta: dict,
    source: str,
    dataset: str,
    day: dt.date,
    cfg: config.Settings,
) -> GateResult:
    started = time.perf_counter()
    con.execute(
        f"create view raw as select * from read_parquet({validation.sql_literal(str(path))}, hive_partitioning = false)"
    )
    con.register("marks", duplicate_marks(con, "raw", schema.names, list(meta.get("key", []))))
    con.execute(
        "create view marked as select raw.*, coalesce(marks._dup_status, 'unique') as _dup_status"
        f" from raw left join marks using ({ROW_ID})"
    )
    not_uploaded = not manifest.inputs and not meta["policy"].get("arrives_daily", False)
    parameters: dict[str, object] = {}
    if not_uploaded:
        results: list[validation.RuleResult] = []
    else:
        parameters = gate_parameters(cfg, suite_json, day)
        marked_schema = schema.append(pa.field("_dup_status", pa.string()))
        results = validation.evaluate_relation(con, "marked", marked_schema, received, suite_json, parameters)
    seconds = time.perf_counter() - started

    # A file that could not be read at all blocks its batch: a partial day would mislead.
    blocking: list[str] = [
        f"file_readable: {item['name']} could not be read ({item['error']})"
        for item in manifest.inputs
        if item.get("error")
    ]
    row_rules: dict[int, list[str]] = defaultdict(list)
    reported: Counter[str] = Counter()
    for r in results:
        if r.error:
            blocking.append(f"{r.rule}: the check itself failed ({r.error})")
            continue
        if r.success:
            continue
        if r.severity == "critical":
            blocking.append(_describe_failure(r))
        elif r.severity == "warning":
            for rid in r.row_ids:
                row_rules[rid].append(r.rule)
        else:
            reported[r.rule] += r.unexpected_count

    reason: str | None = None
    if not blocking and received:
        share = len(row_rules) / received
        limit = float(meta["policy"]["max_quarantine_share"])
        if share > limit:
            top = Counter(r for rules in row_rules.values() for r in rules).most_common(3)
            blocking.append(
                f"too_many_bad_rows: {len(row_rules)} of {received} rows ({share:.0%}) broke row rules,"
                f" over the suite's limit of {limit:.0%}; most common: " + ", ".join(f"{r} ({n})" for r, n in top)
            )
    # the held rows and the rule(s) each broke: all of a blocked batch under its first rule
    if blocking:
        reason = "; ".join(blocking)
        first_rule = blocking[0].split(":", 1)[0]
        con.execute(
            f"create temp table held_rules as select {ROW_ID}, {validation.sql_literal(first_rule)} as rule from raw"
        )
        verdict = BLOCKED
    else:
        pairs = [(rid, rule) for rid, rules in row_rules.items() for rule in rules]
        con.register(
            "held_rules_arrow",
            pa.table(
                {
                    ROW_ID: pa.array([p[0] for p in pairs], pa.int64()),
                    "rule": pa.array([p[1] for p in pairs], pa.string()),
                }
            ),
        )
        con.execute("create temp table held_rules as select * from held_rules_arrow")
        verdict = PASSED_WITH_WARNINGS if (row_rules or reported) else PASSED
        if row_rules:
            reason = f"{len(row_rules)} rows quarantined by row rules"
        if not_uploaded:
            verdict = NOT_UPLOADED
            reason = (
                f"not uploaded: no {source} file holds {dataset} for {day} (the day's other datasets are judged "
                "on their own); nothing to publish for it. A file that arrives later is loaded for its own day."
            )
    con.execute(f"create temp table held_ids as select distinct {ROW_ID} from held_rules")
    rule_counts = dict(con.execute("select rule, count(*) from held_rules group by rule").fetchall())
    quarantined = con.execute("select count(*) from held_ids").fetchone()[0]
    # the quarantine zone's rows: one per held row and rule, with where it came from and its
    # original values as JSON (nulls left out; identity numbers were hashed and masked at ingest)
    quarantine = (
        con.execute(
            f"""
        select
            {validation.sql_literal(source)} as source,
            {validation.sql_literal(dataset)} as dataset,
            {validation.sql_literal(day)} as batch_date,
            {validation.sql_literal(manifest.batch_id)} as batch_id,
            held_rules.{ROW_ID} as row_id,
            held_rules.rule,
            {validation.sql_literal("critical" if verdict == BLOCKED else "warning")} as severity,
            held._source_file || ':' || held._source_line as location,
            held.record
        from held_rules
        inner join (
            select {ROW_ID}, _source_file, _source_line, {_record_json_sql(schema)} as record
            from raw semi join held_ids using ({ROW_ID})
        ) as held using ({ROW_ID})
        order by held_rules.{ROW_ID}, held_rules.rule
        """
        )
        .fetch_arrow_table()
        .cast(QUARANTINE_SCHEMA)
    )
    gate = GateResult(
        source=source,
        dataset=dataset,
        batch_date=day.isoformat(),
        batch_id=manifest.batch_id,
        suite=suite_json["name"],
        rows_received=received + len(manifest.skipped),
        rows_accepted=received - quarantined,
        rows_quarantined=quarantined,
        rows_skipped=len(manifest.skipped),
        verdict=verdict,
        reason=reason,
        rule_counts=dict(rule_counts),
        reported_counts=dict(reported),
        validation_seconds=round(seconds, 3),
    )
    if quarantined != len(row_rules) and verdict != BLOCKED:  # cannot happen; guard anyway
        raise AssertionError(f"conservation broken for {manifest.batch_id}: {gate}")

    def write_accepted(folder: Path) -> None:
        # every raw row not held, with the batch it was accepted in. A batch accepted whole is the
        # raw file itself (its rows carry their batch: lake.write_raw), linked, not rewritten; a
        # blocked batch is an empty file that keeps the schema (the warehouse's readers never meet
        # an empty glob)
        if not quarantined and set(BATCH_COLUMNS) <= set(schema.names):
            try:
                os.link(path, folder / PART)
                return
            except OSError:  # another file system: copy below
                pass
        keep = "false" if verdict == BLOCKED else "true"
        batch, batch_date = validation.sql_literal(manifest.batch_id), validation.sql_literal(day)
        columns = "raw.* exclude (_batch_id, _batch_date)" if "_batch_id" in schema.names else "raw.*"
        con.execute(
            f"""copy (
                    select {columns}, {batch} as _batch_id, {batch_date} as _batch_date
                    from raw anti join held_ids using ({ROW_ID})
                    where {keep}
                ) to {validation.sql_literal(str(folder / PART))} (format parquet, compression zstd)"""
        )

    evaluated_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    report = validation.gx_result_dict(results, suite_json, manifest.batch_id, evaluated_at, parameters)
    _write_outputs(cfg.lake, gate, manifest, write_accepted, quarantine, report)
    log.info("%s", gate.summary())
    return gate


def accepted_schema(raw_schema: pa.Schema) -> pa.Schema:
    """What the warehouse reads: the raw columns plus the batch each row was accepted in."""
    return raw_schema.append(pa.field("_batch_id", pa.string())).append(pa.field("_batch_date", pa.date32()))


def _describe_failure(r: validation.RuleResult) -> str:
    kwargs = r.expectation.get("kwargs") or {}
    if "column" in kwargs and r.sample:
        sample = ", ".join(str(v) for v in r.sample[:3])
        return f"{r.rule}: {r.unexpected_count} rows fail on column {kwargs['column']} (e.g. {sample})"
    if r.observed_value is not None:
        return f"{r.rule}: observed {r.observed_value!r}, expected {_expected(kwargs)}"
    return f"{r.rule}: failed"


def _expected(kwargs: dict) -> str:
    keep = {k: v for k, v in kwargs.items() if k not in ("batch_id",)}
    return json.dumps(keep, ensure_ascii=False, default=str)


def _write_outputs(
    lake: Path,
    gate: GateResult,
    manifest: Manifest,
    write_accepted: Callable[[Path], None],
    quarantine: pa.Table,
    report: dict,
) -> None:
    day = dt.date.fromisoformat(gate.batch_date)
    src, ds = gate.source, gate.dataset
    replace_partition(partition_dir(lake, "accepted", src, ds, day), write_accepted)

    replace_partition(partition_dir(lake, "quarantine", src, ds, day), lambda tmp: write_table(tmp, quarantine))
    audit = asdict(gate)
    audit.update(
        batch_date=day,
        rule_counts=json.dumps(gate.rule_counts, ensure_ascii=False, sort_keys=True),
        reported_counts=json.dumps(gate.reported_counts, ensure_ascii=False, sort_keys=True),
        inputs=json.dumps(manifest.inputs, ensure_ascii=False),
        skipped_lines=json.dumps(manifest.skipped, ensure_ascii=False),
        fetched_at=manifest.fetched_at,
        validated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    audit_table = pa.Table.from_pylist([audit], schema=AUDIT_SCHEMA)

    def fill_audit(tmp: Path) -> None:
        write_table(tmp, audit_table)
        (tmp / VALIDATION_REPORT).write_text(validation.dumps(report), encoding="utf-8")

    replace_partition(partition_dir(lake, "audit", src, ds, day), fill_audit)
