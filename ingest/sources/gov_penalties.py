"""`gov_penalties`: 双公示 administrative penalties from the file exchange (DOMAIN.md §2).

Reads every file in `inbox/gov_penalties/<day>/` (CSV in GBK or UTF-8, XLSX; Chinese headers or
CF_ codes) into `lake/raw/gov_penalties/penalties/dt=<day>/`.
"""

from __future__ import annotations

import datetime as dt
import logging

from ingest import config
from ingest.filedrop import DropError, file_sha256, header_key, list_drop, read_file
from ingest.lake import Manifest, write_raw
from ingest.layouts import PENALTY_FIELDS
from ingest.simulator import gov_penalties as simulator
from ingest.tabular import Layout, build_table, input_entry

SOURCE = "gov_penalties"
DATASET = "penalties"
LAYOUT = Layout(
    fields=PENALTY_FIELDS,
    id_type_of={"legal_rep_id": "legal_rep_id_type", "id_number": "id_type"},
    list_columns=frozenset({"penalty_types"}),
)

log = logging.getLogger(__name__)


class NoDrop(RuntimeError):
    """The day's files have not arrived (yet)."""


def ingest(day: dt.date, cfg: config.Settings | None = None) -> Manifest:
    """Read the day's drop into the raw lake partition (replacing any earlier run of the same day)."""
    cfg = cfg or config.settings()
    folder = cfg.inbox / SOURCE / day.isoformat()
    files = list_drop(folder)
    if not files and cfg.simulator:
        log.info("no drop in %s: the bundled simulator uploads the day's files (CREDIT_SIMULATOR=on)", folder)
        simulator.write_drop(cfg.inbox, cfg.seed, day)
        files = list_drop(folder)
    if not files:
        raise NoDrop(f"no CSV or XLSX files in {folder}: the bureaus have not uploaded {day} yet")
    expected = {header_key(f.header) for f in PENALTY_FIELDS} | {header_key(f.code) for f in PENALTY_FIELDS}
    sheets, inputs = [], []
    for path in files:
        sha = file_sha256(path)
        try:
            sheet = read_file(path, expected)
        except DropError as exc:
            raise DropError(f"{path.name}: {exc}") from exc
        sheets.append(sheet)
        inputs.append(input_entry(path, sha, rows=str(len(sheet.rows)), encoding=sheet.encoding or "xlsx"))
        log.info("read %s: %d rows (%s)", path.name, len(sheet.rows), sheet.encoding or "xlsx")
    table = build_table(sheets, LAYOUT, config.pii_key(cfg))
    manifest = write_raw(cfg.lake, SOURCE, DATASET, day, table, inputs)
    log.info("wrote raw partition %s: %d rows, batch %s", day, manifest.rows, manifest.batch_id)
    return manifest
