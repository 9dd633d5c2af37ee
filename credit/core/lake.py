"""The lake: immutable day partitions written atomically, each with a manifest.

The layout (docs/architecture.md "Data layout") is defined here and nowhere else in Python; dbt's
one definition is the macro `lake_path`, and tests/core/test_lake.py holds the two together:
    lake/raw/<source>/<dataset>/dt=<day>/        what ingest fetched (part-0.parquet + _manifest.json)
    lake/accepted/<source>/<dataset>/dt=<day>/   rows that passed the gate (what dbt reads)
    lake/quarantine/<source>/<dataset>/dt=<day>/ rows rejected, with the rule each broke
    lake/audit/<source>/<dataset>/dt=<day>/      the gate's verdict for the batch
Each zone, and each dataset of the accepted zone, also holds an empty `_schema.parquet`, so that a
reader of `**/*.parquet` always finds the columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ZONES = ("raw", "accepted", "quarantine", "audit")
MANIFEST = "_manifest.json"
PART = "part-0.parquet"
SCHEMA_FILE = "_schema.parquet"
PARTITION_PREFIX = "dt="
PARTITION_GLOB = "*/*/dt=*"  # every day partition of a zone, below <source>/<dataset>/


def partition_name(day: dt.date) -> str:
    return f"{PARTITION_PREFIX}{day.isoformat()}"


def partition_day(name: str) -> dt.date | None:
    """The day of a partition folder's name (`dt=2026-11-20`), None for anything else."""
    if not name.startswith(PARTITION_PREFIX):
        return None
    try:
        return dt.date.fromisoformat(name.removeprefix(PARTITION_PREFIX))
    except ValueError:
        return None


def zone_dir(lake: Path, zone: str) -> Path:
    if zone not in ZONES:
        raise ValueError(f"unknown lake zone {zone!r}")
    return lake / zone


def dataset_dir(lake: Path, zone: str, source: str, dataset: str) -> Path:
    return zone_dir(lake, zone) / source / dataset


def partition_dir(lake: Path, zone: str, source: str, dataset: str, day: dt.date) -> Path:
    return dataset_dir(lake, zone, source, dataset) / partition_name(day)


def partition_file(zone: str, source: str, dataset: str, day: dt.date) -> str:
    """A partition's data file, relative to the lake (how build.new_batches names it for dbt)."""
    return f"{zone}/{source}/{dataset}/{partition_name(day)}/{PART}"


@dataclass(frozen=True)
class Manifest:
    source: str
    dataset: str
    batch_date: str
    batch_id: str
    rows: int
    checksum: str  # sha256 of the Parquet file
    schema: list[dict[str, str]]
    inputs: list[dict[str, str]]  # files or API pages read, with their sha256
    fetched_at: str
    # lines read that are not records (a totals row, a footer), each with its line and why; they
    # count as received and skipped, never as rows of the batch
    skipped: list[dict[str, str]] = field(default_factory=list)
    # personal numbers masked inside text values, per column and kind (credit/core/scrub.py)
    scrubbed: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        return cls(**json.loads((folder / MANIFEST).read_text()))


def batch_id(source: str, dataset: str, day: dt.date, inputs: list[dict[str, str]]) -> str:
    """Stable for the same inputs: re-running a day on the same drop gives the same batch id."""
    h = hashlib.sha256()
    for item in sorted(inputs, key=lambda i: i["name"]):
        h.update(f"{item['name']}\0{item['sha256']}\n".encode())
    return f"{source}.{dataset}.{day:%Y%m%d}.{h.hexdigest()[:12]}"


def replace_partition(target: Path, fill: Callable[[Path], object]) -> None:
    """Build a partition in a sibling temp folder, then swap it in with renames.

    Readers see the old partition or the new one, never a half-written one; a crash leaves at most
    a `.tmp-*` or `.old-*` folder, which the next write of that partition removes.
    """
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    for stale in parent.glob(f".*-{target.name}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    tmp = parent / f".tmp-{target.name}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        fill(tmp)
        _fsync_dir(tmp)
        if target.exists():
            old = parent / f".old-{target.name}-{uuid.uuid4().hex[:8]}"
            os.rename(target, old)
            os.rename(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, target)
        _fsync_dir(parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_table(folder: Path, table: pa.Table, name: str = PART) -> str:
    """Write a Parquet file and return its sha256."""
    path = folder / name
    pq.write_table(table, path, compression="zstd")
    h = hashlib.sha256(path.read_bytes()).hexdigest()
    return h


BATCH_COLUMNS = ("_batch_id", "_batch_date")


def with_batch_columns(table: pa.Table, batch: str, day: dt.date) -> pa.Table:
    """`table` with the batch its rows came in (the warehouse reads both): constant columns."""
    n = table.num_rows
    for name in BATCH_COLUMNS:
        if name in table.column_names:
            table = table.drop_columns([name])
    table = table.append_column("_batch_id", pa.repeat(pa.scalar(batch, pa.string()), n))
    return table.append_column("_batch_date", pa.repeat(pa.scalar(day, pa.date32()), n))


def write_raw(
    lake: Path,
    source: str,
    dataset: str,
    day: dt.date,
    table: pa.Table,
    inputs: list[dict[str, str]],
    skipped: list[dict[str, str]] | None = None,
    scrubbed: dict[str, dict[str, int]] | None = None,
) -> Manifest:
    """Replace the raw partition of (source, dataset, day) with `table` and its manifest. Each row
    carries its batch (`_batch_id`, `_batch_date`), so a batch the gate accepts whole is published
    as the same file (a hard link), not rewritten."""
    target = partition_dir(lake, "raw", source, dataset, day)
    holder: dict[str, Manifest] = {}
    batch = batch_id(source, dataset, day, inputs)
    table = with_batch_columns(table, batch, day)

    def fill(tmp: Path) -> None:
        checksum = write_table(tmp, table)
        manifest = Manifest(
            source=source,
            dataset=dataset,
            batch_date=day.isoformat(),
            batch_id=batch,
            rows=table.num_rows,
            checksum=checksum,
            schema=[{"name": f.name, "type": str(f.type)} for f in table.schema],
            inputs=inputs,
            fetched_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            skipped=skipped or [],
            scrubbed=scrubbed or {},
        )
        (tmp / MANIFEST).write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=2))
        holder["m"] = manifest

    replace_partition(target, fill)
    return holder["m"]


def raw_partition(lake: Path, source: str, dataset: str, day: dt.date) -> tuple[Path, Manifest]:
    """The raw Parquet file of (source, dataset, day) and its manifest."""
    folder = partition_dir(lake, "raw", source, dataset, day)
    if not (folder / MANIFEST).exists():
        raise FileNotFoundError(f"no raw partition for {source}/{dataset} on {day}: run its ingest first")
    return folder / PART, Manifest.read(folder)


def read_raw(lake: Path, source: str, dataset: str, day: dt.date) -> tuple[pa.Table, Manifest]:
    path, manifest = raw_partition(lake, source, dataset, day)
    return pq.read_table(path), manifest
