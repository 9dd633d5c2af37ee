"""A synthetic region at scale, vectorised: the simulator's own days, replicated by DuckDB SQL.

The simulator (simulator/credit_simulator) writes a day of every source for a region of 400 entities, row by
row with Faker: right for the demo, far too slow for tens of millions of rows. So the scale
generator runs the real simulator, connectors and gates for a few template days, then replicates
their accepted rows in one DuckDB statement per dataset:

- the region is `replicas` copies of the simulator's region (400 entities each, so 1M entities at
  2,500 replicas): copy r gets its own valid USCCs (check digits computed with numpy), names and
  name keys with the suffix `·r`, its own shops, stalls, consumers, companies and workers, and its
  own people (keyed ID and phone hashes re-hashed with r);
- each generated day is `copies` copies of a template day (its schemas, source mix, outcomes,
  brushing bursts, late batches), each copy given to one replica, round robin, with every date
  shifted to the generated day and every record id suffixed with the day and copy;
- partitions land where the gate would have put them: `lake/accepted/<source>/<dataset>/dt=<day>/`
  plus the batch's audit row (passed), which is what the warehouse reads.

Nothing is random at run time: the same arguments give the same lake.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from credit.core.identifiers import ORG_CODE_WEIGHTS, USCC_ALPHABET, USCC_WEIGHTS
from credit.core.lake import PARTITION_PREFIX, dataset_dir

# columns that identify an event: unique per generated day and copy
EVENT_IDS = frozenset(
    {
        "commitment_id",
        "complaint_id",
        "dispute_id",
        "review_id",
        "violation_id",
        "award_id",
        "decision_no",
        "license_no",
        "entry_id",
        "repair_id",
        "rating_id",
        "sample_no",
        "record_id",
        "objection_id",
        "exhibition_id",
        "filing_no",
    }
)
# columns that identify a party: stable within a replica
PARTY_IDS = frozenset({"shop_id", "consumer_id", "stall_no", "company_id", "worker_id"})
# keyed hashes of people's ID numbers and phones: each replica has its own people
PERSON_HASHES = frozenset({"id_number_hash", "phone_hash", "consumer_phone_hash", "legal_rep_id_hash"})
# names of market entities and their keys: suffixed per replica, so links by name stay inside it
NAMES = frozenset(
    {
        "subject_name",
        "subject_name_key",
        "shop_name",
        "shop_name_key",
        "merchant_name",
        "merchant_name_key",
        "business_name",
        "business_name_key",
        "entity_name",
        "entity_name_key",
    }
)
COMPANY_NAMES = {("household", "companies"): frozenset({"name", "name_key"})}

ENTITIES_PER_REPLICA = 400  # the simulator's region (credit_simulator.registry.region)


@dataclass(frozen=True)
class Plan:
    """Which template day and replica each (generated day, copy) uses."""

    days: list[dt.date]
    copies: int
    replicas: int
    templates: list[dt.date]

    def rows(self, first_index: int = 0) -> pa.Table:
        day, tday, copy, replica, shift = [], [], [], [], []
        for i, d in enumerate(self.days):
            k = first_index + i
            for c in range(self.copies):
                day.append(d)
                tday.append(self.templates[k % len(self.templates)])
                shift.append((d - tday[-1]).days)
                copy.append(c)
                replica.append((k * self.copies + c) % self.replicas)
        return pa.table(
            {
                "day": pa.array(day, pa.date32()),
                "tday": pa.array(tday, pa.date32()),
                "copy": pa.array(copy, pa.int32()),
                "replica": pa.array(replica, pa.int32()),
                "shift": pa.array(shift, pa.int32()),
            }
        )


def _base31(values: np.ndarray, width: int) -> np.ndarray:
    digits = np.empty((len(values), width), dtype=np.int64)
    v = values.copy()
    for i in range(width - 1, -1, -1):
        digits[:, i] = v % 31
        v //= 31
    return digits


def replica_usccs(base: list[str], replicas: int) -> pa.Table:
    """(base USCC, replica) -> a distinct valid USCC with the base's authority, type and division.

    The organisation-code body is the base-31 number (base index x replicas + replica) written in
    the USCC alphabet (which avoids I, O, S, V, Z), so every code is distinct by construction; its
    GB 11714 check character and the USCC check character are computed as docs/domain.md §1.1 says.
    Replica 0 keeps the simulator's own codes."""
    alphabet = np.array(list(USCC_ALPHABET))
    value = {c: i for i, c in enumerate(USCC_ALPHABET)}
    n = len(base)
    idx = np.repeat(np.arange(n, dtype=np.int64), replicas)
    rep = np.tile(np.arange(replicas, dtype=np.int64), n)
    body = _base31(idx * replicas + rep + 31**6, 8)  # alphabet indices of 8 characters, never all zeros
    # GB 11714: sum(value36(c) x w), 11 - sum % 11, 10 -> X, 11 -> 0
    value36 = np.array([int(c, 36) for c in USCC_ALPHABET])
    check = 11 - (value36[body] * np.array(ORG_CODE_WEIGHTS)).sum(axis=1) % 11
    org_check = np.where(check == 10, "X", np.where(check == 11, "0", check.astype(str)))
    # USCC: C18 = (31 - sum(value31(c) x w) % 31) % 31 over the 17 characters before it
    weights = np.array(USCC_WEIGHTS)
    prefix_sum = np.array([sum(value[c] * w for c, w in zip(b[:8], USCC_WEIGHTS, strict=False)) for b in base])
    org_check_value = np.vectorize(value.__getitem__)(org_check)
    total = prefix_sum[idx] + (body * weights[8:16]).sum(axis=1) + org_check_value * weights[16]
    body_text = alphabet[body[:, 0]]
    for i in range(1, 8):
        body_text = np.char.add(body_text, alphabet[body[:, i]])
    prefix = np.array([b[:8] for b in base])[idx]
    code = np.char.add(np.char.add(np.char.add(prefix, body_text), org_check), alphabet[(31 - total % 31) % 31])
    code = np.where(rep == 0, np.array(base)[idx], code)
    return pa.table({"base_uscc": np.array(base)[idx], "replica": rep.astype(np.int32), "uscc": code})


def _column_sql(name: str, type_: pa.DataType, source: str, dataset: str) -> str:
    """How one template column becomes a generated one (t: template row, p: plan row)."""
    if name == "_batch_date":
        return "p.day as _batch_date"
    if name == "_batch_id":
        return f"'{source}.{dataset}.' || strftime(p.day, '%Y%m%d') || '.bench' as _batch_id"
    if name == "_row_id":
        return "cast(p.copy as bigint) * 1000000 + t._row_id as _row_id"  # unique in its batch, no sort
    if name == "uscc":
        return "coalesce(m.uscc, t.uscc) as uscc"
    if name in EVENT_IDS:
        return f"t.{name} || '~' || strftime(p.day, '%Y%m%d') || '.' || p.copy as {name}"
    if name in PARTY_IDS:
        return f"case when p.replica = 0 then t.{name} else t.{name} || '~' || p.replica end as {name}"
    if name in PERSON_HASHES:
        return f"case when p.replica = 0 then t.{name} else sha256(t.{name} || '~' || p.replica) end as {name}"
    if name in NAMES or name in COMPANY_NAMES.get((source, dataset), ()):
        return f"case when p.replica = 0 then t.{name} else t.{name} || '·' || p.replica end as {name}"
    if pa.types.is_date(type_):
        return f"cast(t.{name} + p.shift as date) as {name}"
    if pa.types.is_timestamp(type_):
        return f"t.{name} + to_days(p.shift) as {name}"
    return f"t.{name}"


def generate(
    con,
    template_lake: Path,
    lake: Path,
    plan: Plan,
    datasets: list[tuple[str, str]],
    first_index: int = 0,
    zone: str = "accepted",
) -> dict[str, int]:
    """Write the plan's days of every dataset into `lake/<zone>/` (and their audit rows when the
    zone is `accepted`); returns rows written per dataset."""
    from credit.gate.batches import AUDIT_SCHEMA

    con.register("plan", plan.rows(first_index))
    written: dict[str, int] = {}
    for source, dataset in datasets:
        files = sorted(dataset_dir(template_lake, "accepted", source, dataset).glob(f"{PARTITION_PREFIX}*/*.parquet"))
        if not files:
            continue
        con.execute(
            "create or replace temp table tpl as"
            " select * from read_parquet(?, union_by_name = true, hive_partitioning = false)",
            [[str(f) for f in files]],
        )
        schema = con.execute("select * from tpl limit 0").arrow().schema
        cols = ",\n    ".join(_column_sql(f.name, f.type, source, dataset) for f in schema)
        target = lake / zone / source / dataset
        target.mkdir(parents=True, exist_ok=True)
        mapped = (
            "left join uscc_map as m on m.base_uscc = t.uscc and m.replica = p.replica"
            if "uscc" in schema.names
            else ""
        )
        select = f"""
            select {cols}, p.day as dt
            from tpl as t
            inner join plan as p on t._batch_date = p.tday
            {mapped}
        """
        if zone == "raw":  # what a connector writes: the batch, not yet the gate's columns
            pass
        n = con.execute(
            f"""copy ({select}) to '{target}' (format parquet, compression zstd, partition_by (dt),
                overwrite_or_ignore true, filename_pattern 'part-{{i}}')"""
        ).fetchone()[0]
        written[f"{source}.{dataset}"] = int(n)
        if zone == "accepted":
            _write_audit(con, lake, source, dataset, AUDIT_SCHEMA)
    con.unregister("plan")
    return written


def generate_roster(con, template_lake: Path, lake: Path, day: dt.date, seed: int) -> int:
    """Every entity of every replica holds a business licence: one backfill batch of licences on
    `day` (before the history starts), so the entity library knows all of them, as a bureau's
    first load of its licence register would. Other columns come from a template licence."""
    from credit_simulator.registry import region

    from credit.gate.batches import AUDIT_SCHEMA
    from credit.ingest.normalise import org_name_key

    entities = region(seed).entities
    con.register(
        "registry_arrow",
        pa.table(
            {
                "base_uscc": [e.uscc for e in entities],
                "name": [e.name for e in entities],
                "name_key": [org_name_key(e.name) for e in entities],
                "category": [e.category for e in entities],
            }
        ),
    )
    files = sorted(
        dataset_dir(template_lake, "accepted", "gov_licenses", "licenses").glob(f"{PARTITION_PREFIX}*/*.parquet")
    )
    con.execute(
        "create or replace temp table tpl as select *"
        " from read_parquet(?, union_by_name = true, hive_partitioning = false)"
        " where uscc_status = 'valid' limit 1",
        [[str(f) for f in files]],
    )
    schema = con.execute("select * from tpl limit 0").arrow().schema
    batch = f"gov_licenses.licenses.{day:%Y%m%d}.bench-roster"
    override = {
        "uscc": "m.uscc",
        "uscc_status": "'valid'",
        "subject_name": "case when m.replica = 0 then r.name else r.name || '·' || m.replica end",
        "subject_name_key": "case when m.replica = 0 then r.name_key else r.name_key || '·' || m.replica end",
        "subject_category": "r.category",
        "decision_no": "'登记-' || m.uscc",
        "license_no": "'营业执照-' || m.uscc",
        "decided_on": f"date '{day}' - 400",
        "valid_from": f"date '{day}' - 400",
        "valid_until": f"date '{day}' + 3650",
        "_row_id": "row_number() over () - 1",
        "_batch_id": f"'{batch}'",
        "_batch_date": f"date '{day}'",
    }
    cols = ", ".join(f"{override.get(f.name, 't.' + f.name)} as {f.name}" for f in schema)
    target = dataset_dir(lake, "accepted", "gov_licenses", "licenses")
    target.mkdir(parents=True, exist_ok=True)
    n = con.execute(
        f"""copy (select {cols}, date '{day}' as dt
                  from uscc_map as m inner join registry_arrow as r using (base_uscc) cross join tpl as t)
            to '{target}' (format parquet, compression zstd, partition_by (dt), overwrite_or_ignore true,
                           filename_pattern 'part-{{i}}')"""
    ).fetchone()[0]
    con.unregister("registry_arrow")
    audit = dataset_dir(lake, "audit", "gov_licenses", "licenses")
    audit.mkdir(parents=True, exist_ok=True)
    values = {name: "null" for name in AUDIT_SCHEMA.names}
    values.update(
        source="'gov_licenses'",
        dataset="'licenses'",
        batch_date=f"date '{day}'",
        batch_id=f"'{batch}'",
        suite="'gov_licenses.licenses'",
        rows_received=str(n),
        rows_accepted=str(n),
        rows_quarantined="0",
        rows_skipped="0",
        verdict="'passed'",
        rule_counts="'{}'",
        reported_counts="'{}'",
        inputs="'[]'",
        validation_seconds="0",
    )
    cols = ", ".join(f"cast({values[f.name]} as {_duck_type(f.type)}) as {f.name}" for f in AUDIT_SCHEMA)
    con.execute(
        f"""copy (select {cols}, date '{day}' as dt) to '{audit}'
            (format parquet, partition_by (dt), overwrite_or_ignore true, filename_pattern 'part-{{i}}')"""
    )
    return int(n)


def _duck_type(t: pa.DataType) -> str:
    return {"string": "varchar", "int64": "bigint", "double": "double", "date32[day]": "date"}[str(t)]


def _write_audit(con, lake: Path, source: str, dataset: str, schema: pa.Schema) -> None:
    """The gate's audit row for each generated batch: every row received was accepted, as many as
    the day's copies wrote (the gate judges the next day's volume against these)."""
    target = dataset_dir(lake, "audit", source, dataset)
    target.mkdir(parents=True, exist_ok=True)
    cols = {
        "source": f"'{source}'",
        "dataset": f"'{dataset}'",
        "batch_date": "p.day",
        "batch_id": f"'{source}.{dataset}.' || strftime(p.day, '%Y%m%d') || '.bench'",
        "suite": f"'{source}.{dataset}'",
        "rows_received": "count(t._row_id)",
        "rows_accepted": "count(t._row_id)",
        "rows_quarantined": "cast(0 as bigint)",
        "rows_skipped": "cast(0 as bigint)",
        "verdict": "'passed'",
        "reason": "cast(null as varchar)",
        "rule_counts": "'{}'",
        "reported_counts": "'{}'",
        "inputs": "'[]'",
        "skipped_lines": "'[]'",
        "fetched_at": "strftime(p.day + interval 1 day, '%Y-%m-%dT02:00:00+00:00')",
        "validated_at": "strftime(p.day + interval 1 day, '%Y-%m-%dT02:00:00+00:00')",
        "validation_seconds": "cast(0 as double)",
    }
    assert list(cols) == schema.names, "audit columns drifted from credit.gate.batches.AUDIT_SCHEMA"
    select = ", ".join(f"{expr} as {name}" for name, expr in cols.items())
    con.execute(
        f"""copy (
            select {select}, p.day as dt
            from plan as p  -- one row per copy: the batch holds every copy's rows
            left join tpl as t on t._batch_date = p.tday
            group by p.day
        ) to '{target}' (format parquet, partition_by (dt), overwrite_or_ignore true, filename_pattern 'part-{{i}}')"""
    )


def register_uscc_map(con, seed: int, replicas: int) -> int:
    from credit_simulator.registry import region

    base = [e.uscc for e in region(seed).entities]
    con.register("uscc_map_arrow", replica_usccs(base, replicas))
    con.execute("create or replace temp table uscc_map as select * from uscc_map_arrow")
    con.unregister("uscc_map_arrow")
    return len(base) * replicas


def connect(threads: int | None = None):
    import duckdb

    con = duckdb.connect()
    con.execute(f"set threads = {threads or os.cpu_count() or 1}")
    con.execute("set preserve_insertion_order = false")
    con.execute("set memory_limit = '6GB'")
    return con
