"""Writing publishable lists for officials: CSV (UTF-8 with BOM, so Excel opens it) and XLSX, with
Chinese headers, safe against spreadsheet formula injection.

A text cell that starts with = + - @ (or a tab or carriage return, which some spreadsheet programs
skip before looking) is written with a leading apostrophe, so Excel and WPS show it as text instead
of running it. Numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The value as a spreadsheet should receive it: text that could be read as a formula is quoted."""
    if isinstance(value, str):
        if value.startswith(FORMULA_TRIGGERS):
            return "'" + value
        return value
    return value


def _rows(rows: Iterable[Sequence[object]]) -> Iterable[list[object]]:
    for row in rows:
        yield [safe_cell(v) for v in row]


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(headers)
    for row in _rows(rows):
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return _write_atomic(path, buf.getvalue().encode("utf-8-sig"))


def write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]], sheet: str = "数据") -> Path:
    return write_workbook(path, [(sheet, headers, rows)])


def write_workbook(path: Path, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]]) -> Path:
    """One XLSX with a sheet per (title, headers, rows): bold frozen header row, cells formula-safe."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title[:31])  # Excel's limit on sheet names
        ws.append(list(headers))
        for row in _rows(rows):
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
        for cell in ws[1]:
            cell.font = cell.font.copy(bold=True)
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return _write_atomic(path, buf.getvalue())


def _write_atomic(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path
