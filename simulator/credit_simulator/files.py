"""Writing simulated file drops the way bureaus and markets do: GBK or BOM-UTF-8 CSV, or XLSX,
with the header spelling each uploader happens to use. Deterministic bytes for the same content."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from credit.ingest.layouts import Field

FORMATS = ("csv-gbk", "csv-utf8-bom", "xlsx")


def write_drop_file(
    path: Path,
    fields: Sequence[Field],
    records: list[dict[str, object]],
    fmt: str,
    day: dt.date,
    spelling: dict[str, str] | None = None,
    skip_columns: frozenset[str] = frozenset(),
    footer: Sequence[Sequence[object]] = (),
    plant: str | None = None,
) -> Path:
    """One file: `spelling` maps a column to the header this uploader writes (default: the Chinese one);
    `footer` lines (a totals row, the clerk's name and phone) follow the records, as people write them."""
    spelling = spelling or {}
    cols = [f for f in fields if f.column not in skip_columns]
    if plant:  # a clerk types personal numbers into every free-text column (the PII fault)
        texts = [f.column for f in cols if f.kind in ("text", "org_name")]
        records = [{**r, **{c: f"{r.get(c) or ''}{plant}" for c in texts}} for r in records]
        footer = [*footer, [f"经办人电话：{plant}"]]
    header = [spelling.get(f.column, f.header) for f in cols]
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.title = "数据"
        ws.append(header)
        for rec in records:
            ws.append([_xlsx_value(rec.get(f.column)) for f in cols])
        for line in footer:
            ws.append(list(line))
        data = workbook_bytes(wb, day)
    else:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(header)
        for rec in records:
            writer.writerow([_csv_value(rec.get(f.column)) for f in cols])
        for line in footer:
            writer.writerow([_csv_value(v) for v in line])
        text = buf.getvalue()
        data = text.encode("gbk", errors="replace") if fmt == "csv-gbk" else text.encode("utf-8-sig")
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _xlsx_value(value: object) -> object:
    return None if value == "" else value


def workbook_bytes(wb: Workbook, day: dt.date) -> bytes:
    """The workbook as bytes that depend only on its content: fixed document and zip-entry times."""
    stamp = dt.datetime(day.year, day.month, day.day, 18, 0, 0)
    wb.properties.created = wb.properties.modified = stamp
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the clock
                data = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", b"", data)
            dst.writestr(fixed, data)
    return out.getvalue()
