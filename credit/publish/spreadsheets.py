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
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

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


XLSX_MAX_ROWS = 1_048_576  # Excel's rows per sheet, the header included


def write_workbook(path: Path, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]]) -> Path:
    """One XLSX with a sheet per (title, headers, rows): bold frozen header row, cells formula-safe.
    Streamed (openpyxl's write-only mode: a province's green channel is most of a million rows);
    a list longer than a sheet holds continues on sheets titled `<title> (2)`, `(3)`..."""
    wb = Workbook(write_only=True)
    for title, headers, rows in sheets:
        part, ws = 1, None
        written = XLSX_MAX_ROWS  # start a sheet before the first row
        for row in _rows(rows):
            if written >= XLSX_MAX_ROWS:
                ws = _sheet(wb, title if part == 1 else f"{title[:25]} ({part})", headers)
                part, written = part + 1, 1
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
            written += 1
        if ws is None:  # an empty list still gets its sheet and headers
            _sheet(wb, title, headers)
    buf = io.BytesIO()
    wb.save(buf)
    return _write_atomic(path, buf.getvalue())


def _sheet(wb: Workbook, title: str, headers: Sequence[str]):
    ws = wb.create_sheet(title[:31])  # Excel's limit on sheet names
    ws.freeze_panes = "A2"
    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = Font(bold=True)
        cells.append(cell)
    ws.append(cells)
    return ws


def _write_atomic(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path
