"""The file-exchange connector: every file source (government exchanges, wholesale markets) is one
of these, configured by which file holds which dataset and what its name tells us.

A file's data date is the 8-digit date in its name (a late upload names its own day), else the day
of the folder it was uploaded to. A run for day D reads `inbox/<source>/D/` and rebuilds the raw
partition of every data date those files name, from all files of that date in any upload folder
(the latest upload of a file name wins). So a late file is processed for its own date when it arrives.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from credit.core import config
from credit.core.lake import Manifest, write_raw
from credit.core.scrub import ScrubCounts, scrub
from credit.ingest.catalog import Dataset, Source
from credit.ingest.file_readers import DropError, file_sha256, list_drop, read_file
from credit.ingest.tabular import build_table, input_entry

log = logging.getLogger(__name__)
_NAME_DATE = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")


class NotArrived(RuntimeError):
    """The day's files have not arrived (yet). Nothing was read or written: the inbox and the lake
    are as they were. The message says which folder the bureau's upload must land in."""


@dataclass(frozen=True)
class FileSource:
    source: Source
    # dataset -> keywords in the file name; a source with one dataset needs none
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the dataset of a file whose name has none of the keywords (None: such a file is an error)
    default: str | None = None
    # values every row of a file shares, read from its name (e.g. the market id)
    context_from_name: Callable[[str], dict[str, object]] = lambda name: {}

    def dataset_of(self, path: Path) -> Dataset | None:
        if len(self.source.datasets) == 1:
            return self.source.datasets[0]
        for ds in self.source.datasets:
            if any(k in path.name for k in self.keywords.get(ds.name, ())):
                return ds
        return self.source.dataset(self.default) if self.default else None

    def drop_folder(self, day: dt.date, cfg: config.Settings | None = None) -> Path:
        """Where the uploads for `day` land (docs/architecture.md "Data layout")."""
        return (cfg or config.settings()).inbox / self.source.id / day.isoformat()

    def arrived(self, day: dt.date, cfg: config.Settings | None = None) -> list[Path]:
        """The day's uploaded files; empty while nothing has arrived. Reads nothing else."""
        return list_drop(self.drop_folder(day, cfg))

    def not_arrived_message(self, day: dt.date, cfg: config.Settings | None = None) -> str:
        return (
            f"not arrived: {self.source.id} has uploaded nothing for {day} yet. Waiting for CSV or XLSX files "
            f"in {self.drop_folder(day, cfg)} (the bureau's upload folder for that day); nothing was read "
            "or written. Once they are there, clear this task to load the day."
        )

    def ingest(self, day: dt.date, cfg: config.Settings | None = None) -> list[Manifest]:
        cfg = cfg or config.settings()
        root = cfg.inbox / self.source.id
        folder = self.drop_folder(day, cfg)
        files = self.arrived(day, cfg)
        if not files:
            raise NotArrived(self.not_arrived_message(day, cfg))
        unknown = [f.name for f in files if self.dataset_of(f) is None]
        if unknown:
            raise DropError(
                f"cannot tell which dataset these files hold: {', '.join(unknown)} "
                f"(expected one of {self.keywords}); rename them or extend the connector"
            )
        data_days = sorted({data_date(f, day) for f in files} | {day})
        if data_days != [day]:
            log.info("files in %s also carry %s: those days are rebuilt too", folder, [str(d) for d in data_days])
        return [self._write(ds, d, root, cfg) for d in data_days for ds in self.source.datasets]

    def _write(self, ds: Dataset, data_day: dt.date, root: Path, cfg: config.Settings) -> Manifest:
        latest: dict[str, Path] = {}
        for upload in sorted(p for p in root.iterdir() if p.is_dir()):
            for f in list_drop(upload):
                if self.dataset_of(f) is ds and data_date(f, _folder_day(upload)) == data_day:
                    latest[f.name] = f  # folders sort by date: a later upload of a name replaces it
        sheets, inputs, skipped = [], [], []
        for name in sorted(latest):
            path = latest[name]
            try:
                sheet = read_file(path, ds.layout.expected_headers())
            except DropError as exc:
                # Not a crash and not a silent skip: the manifest names the file and why, and the
                # gate blocks the batch with rule `file_readable` (credit/gate/batches.py).
                message = scrub(str(exc))
                log.error("%s/%s cannot be read: %s", path.parent.name, path.name, message)
                inputs.append(input_entry(path, file_sha256(path), uploaded=path.parent.name, error=message))
                continue
            sheet.constants.update(self.context_from_name(path.name))
            sheets.append(sheet)
            skipped += sheet.skipped
            inputs.append(
                input_entry(
                    path,
                    file_sha256(path),
                    uploaded=path.parent.name,
                    rows=str(len(sheet.rows)),
                    skipped=str(len(sheet.skipped)),
                    encoding=sheet.encoding or "xlsx",
                )
            )
        scrubbed = ScrubCounts()
        table = build_table(sheets, ds.layout, config.pii_key(cfg), scrubbed)
        manifest = write_raw(
            cfg.lake, ds.source, ds.name, data_day, table, inputs, skipped=skipped, scrubbed=scrubbed.as_dict()
        )
        log.info(
            "%s/%s %s: %d rows from %d files (%s), batch %s; %d lines skipped as not records%s",
            ds.source,
            ds.name,
            data_day,
            manifest.rows,
            len(inputs),
            "none uploaded" if not inputs else ", ".join(i["name"] for i in inputs),
            manifest.batch_id,
            len(skipped),
            f"; personal numbers masked in text: {manifest.scrubbed}" if manifest.scrubbed else "",
        )
        return manifest


def data_date(path: Path, upload_day: dt.date) -> dt.date:
    if m := _NAME_DATE.search(path.name):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    return upload_day


def _folder_day(folder: Path) -> dt.date:
    try:
        return dt.date.fromisoformat(folder.name)
    except ValueError:
        return dt.date.min
