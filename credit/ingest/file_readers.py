"""Reading file drops (CSV in GBK/UTF-8/UTF-16, XLSX) into rows with their file and line.

Bureaus and markets send spreadsheets made for people: a title and a date line above the header, a
header over two rows, a totals row (合计, 小计, 本页合计), blank separator lines, a footer (填表人,
审核, 联系电话, 单位（盖章）, 注：), the header repeated on every printed page, a second table below the
first. The reader finds the header by the layout's expected columns, and every line that is not a
record is kept as *skipped*, with its line and why; it is counted in the batch's audit
(received = accepted + quarantined + skipped), never dropped silently and never a bad row. A skipped
line's text is kept masked (credit/core/scrub.py): footers carry clerks' phone numbers.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from credit.core.scrub import scrub
from credit.ingest.layouts import header_key

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
# read only to say why they cannot be read (a verdict, not a silent skip)
REFUSED_SUFFIXES = (".xls", ".xlsm", ".et", ".numbers")
HEADER_SEARCH_ROWS = 15
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, or an encrypted (password) workbook

_TOTALS = re.compile(r"^(本页合计|本页小计|总合计|合计|小计|总计|共计|累计)(?:[:：（(].*)?$")
_FOOTER = re.compile(
    r"^(?:填表人|制表人|填报人|经办人|审核人|审核|复核|负责人|联系人|联系电话|联系方式|电话|单位[（(]盖章[)）]|[（(]盖章[)）]|盖章|"
    r"注[:：]|备注[:：]|说明[:：]|制表日期|填报日期|填表日期|打印日期|报送日期)"
)


class DropError(ValueError):
    """A file that cannot be read at all (not a batch of bad rows: the whole file)."""


@dataclass
class SheetRows:
    """Rows of one file (or one API page): the header as written, each row with its 1-based line
    (or item) number, and values every row shares that the file does not spell out (market, platform)."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    encoding: str | None = None
    constants: dict[str, object] = field(default_factory=dict)
    # physical lines whose bytes decoded in no encoding (kept with U+FFFD; the gate holds their rows)
    undecodable_lines: set[int] = field(default_factory=set)
    # lines that are not records: {"location": "file:line", "reason": ..., "text": masked content}
    skipped: list[dict[str, str]] = field(default_factory=list)

    def skip(self, line: int, reason: str, values: list[object]) -> None:
        text = " | ".join(str(v) for v in values if v not in (None, ""))
        self.skipped.append({"location": f"{self.name}:{line}", "reason": reason, "text": scrub(text)[:300]})


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def list_drop(folder: Path) -> list[Path]:
    """The data files of an upload folder: CSV and XLSX, and spreadsheet formats the centre refuses
    with a reason (so that a `.xls` upload is a verdict, not a file nobody looked at)."""
    if not folder.is_dir():
        return []
    wanted = SUPPORTED_SUFFIXES + REFUSED_SUFFIXES
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in wanted and not p.name.startswith("."))


def _cells(values: list[object]) -> list[str]:
    return [str(v).strip() for v in values if v is not None and str(v).strip()]


def non_record_reason(values: list[object]) -> str | None:
    """Why a line under the header is not a record, or None for a record."""
    cells = _cells(values)
    if not cells:
        return "blank line"
    first = unicodedata.normalize("NFKC", cells[0]).replace(" ", "")
    if m := _TOTALS.match(first):
        return f"totals row ({m[1]})"
    if len(cells) <= 3:
        for cell in cells:
            if m := _FOOTER.match(unicodedata.normalize("NFKC", cell).replace(" ", "")):
                return f"footer ({m[0].rstrip(':')})"
    return None


def _looks_like_header(values: list[object]) -> bool:
    """Three or more cells of text without a digit: column names, not a record."""
    cells = _cells(values)
    return len(cells) >= 3 and not any(any(ch.isdigit() for ch in c) for c in cells)


def _hits(values: list[object], expected: set[str]) -> int:
    return sum(header_key(v) in expected for v in values if v not in (None, ""))


def _two_row_header(top: list[object], below: list[object], expected: set[str]) -> list[str] | None:
    """A header over two rows (a merged group cell above its parts): the combined header when it
    names more expected columns than the top row alone."""
    width = max(len(top), len(below))
    top = [*top, *[None] * (width - len(top))]
    below = [*below, *[None] * (width - len(below))]
    group, combined = "", []
    for t, b in zip(top, below, strict=True):
        t_text, b_text = str(t or "").strip(), str(b or "").strip()
        group = t_text or group  # a merged cell's value stands in its first column only
        candidates = [c for c in (b_text, f"{group}{b_text}", f"{group}（{b_text}）", t_text) if c]
        combined.append(next((c for c in candidates if header_key(c) in expected), t_text or b_text))
    # better than either row alone (a title line over the header is not a two-row header)
    return combined if _hits(combined, expected) > max(_hits(top, expected), _hits(below, expected)) else None


def locate_table(name: str, lines: list[tuple[int, list[object]]], expected: set[str] | None) -> SheetRows:
    """The header (the line among the first ones naming most expected columns; the first line when
    nothing is expected), the records under it, and every other line as skipped with its reason."""
    if not lines:
        raise DropError("empty file: no header row")
    pos, best, combined = 0, 0, None
    if expected:
        for i, (_, values) in enumerate(lines[:HEADER_SEARCH_ROWS]):
            if (hits := _hits(values, expected)) > best:
                pos, best, combined = i, hits, None
            if i + 1 < len(lines) and (two := _two_row_header(values, lines[i + 1][1], expected)):
                if (hits := _hits(two, expected)) > best:
                    pos, best, combined = i, hits, two
    header_values = lines[pos][1]
    sheet = SheetRows(name, [str(h).strip() if h is not None else "" for h in header_values])
    for line, values in lines[:pos]:
        if _cells(values):
            sheet.skip(line, "title or note above the header", values)
    rest = lines[pos + 1 :]
    if combined is not None:
        sheet.header = combined
        sheet.skip(rest[0][0], "second row of a two-row header", rest[0][1])
        rest = rest[1:]
    header_keys = [header_key(h) for h in sheet.header]
    other_table_at: int | None = None
    after_blank = False
    for i, (line, values) in enumerate(rest):
        if other_table_at is not None:
            sheet.skip(line, f"part of another table (it starts at line {other_table_at})", values)
            continue
        if (reason := non_record_reason(values)) is not None:
            sheet.skip(line, reason, values)
            after_blank = reason == "blank line"
            continue
        if after_blank and len(_cells(values)) == 1 and i + 1 < len(rest) and _looks_like_header(rest[i + 1][1]):
            other_table_at = line  # a blank line, a title, a header: a second table below the first
            sheet.skip(line, "title of another table in the same sheet", values)
            continue
        after_blank = False
        keys = [header_key(v) for v in values]
        if expected and _hits(values, expected) >= max(2, best // 2):
            if keys[: len(header_keys)] == header_keys[: len(keys)]:
                sheet.skip(line, "header repeated (a new printed page)", values)
            else:
                other_table_at = line
                sheet.skip(line, "header of another table in the same sheet", values)
            continue
        sheet.rows.append((line, list(values)))
    return sheet


def decode_csv(data: bytes) -> tuple[str, str, set[int]]:
    """UTF-16 when the file says so (Excel's "Unicode text"), UTF-8 (with or without BOM), else
    GB18030 (a superset of GBK, what bureaus' Excel writes); a file that is neither as a whole is
    decoded line by line (a GBK file with UTF-8 lines pasted in, or one cut off mid-character).
    Returns the text, the encoding, and the lines no encoding could read."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16", set()
        except UnicodeDecodeError as exc:
            raise DropError(f"a UTF-16 file that does not decode ({exc}): re-export it") from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding, set()
        except UnicodeDecodeError:
            continue
    lines, bad = [], set()
    for number, raw in enumerate(data.splitlines(keepends=True), start=1):
        for encoding in ("utf-8", "gb18030"):
            try:
                lines.append(raw.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
        else:
            lines.append(raw.decode("gb18030", errors="replace"))
            bad.add(number)
    if len(bad) > max(1, len(lines) // 2):
        raise DropError("neither UTF-8 nor GBK/GB18030: re-export the file as UTF-8 or GBK")
    return "".join(lines).removeprefix("\ufeff"), "mixed utf-8/gb18030", bad


def _refuse_binary(path: Path, data: bytes) -> None:
    if data[:8] == _OLE_MAGIC:
        raise DropError(
            "a legacy Excel 97-2003 (.xls) or password-protected workbook: the centre reads .xlsx and CSV; "
            "open it in Excel or WPS, remove any password, and save it as .xlsx"
        )
    if path.suffix.lower() in REFUSED_SUFFIXES:
        raise DropError(f"{path.suffix} files are not read: save the sheet as .xlsx or CSV")


def read_csv(path: Path, expected: set[str] | None = None) -> SheetRows:
    data = path.read_bytes()
    if not data.strip():
        raise DropError("empty file: no header row")
    _refuse_binary(path, data)
    nuls = data.count(b"\x00") if data[:2] not in (b"\xff\xfe", b"\xfe\xff") else 0
    text, encoding, bad_lines = decode_csv(data.replace(b"\x00", b"") if nuls else data)
    first, _, remainder = text.partition("\n")
    delimiter, hint = ",", None
    if m := re.fullmatch(r"\s*sep=(.)\s*", first):  # Excel's separator hint line
        delimiter, hint = m[1], first.strip()
        text = "\n" + remainder  # keep the line numbers of the file
    elif encoding == "utf-16" and "\t" in first and first.count("\t") >= first.count(","):
        delimiter = "\t"  # Excel's "Unicode text" is tab-separated
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[tuple[int, list[object]]] = []
    try:
        for values in reader:
            lines.append((reader.line_num, list(values)))
    except csv.Error as exc:
        raise DropError(f"unreadable CSV at line {reader.line_num}: {exc}") from exc
    lines = [(n, v) for n, v in lines if not (hint and n == 1)]
    first_content = next((i for i, (_, v) in enumerate(lines) if _cells(v)), None)
    if first_content is None:
        raise DropError("empty file: no header row")
    sheet = locate_table(path.name, lines[first_content:], expected)
    if hint:
        sheet.skip(1, f"separator hint for Excel ({hint})", [hint])
    sheet.encoding = encoding + (f", {nuls} NUL bytes removed" if nuls else "")
    sheet.undecodable_lines = {n for n, _ in sheet.rows if n in bad_lines}
    return sheet


def read_xlsx(path: Path, expected: set[str]) -> SheetRows:
    """The sheet whose header names most expected columns (a merged title may stand above it)."""
    with path.open("rb") as fh:
        _refuse_binary(path, fh.read(8))
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken zip/xml
        raise DropError(f"not a readable XLSX workbook ({type(exc).__name__}: {scrub(str(exc))})") from exc
    best: SheetRows | None = None
    best_hits = 0
    try:
        for ws in wb.worksheets:
            lines = list(_sheet_rows(ws.iter_rows(values_only=True)))
            if not lines:
                continue
            sheet = locate_table(f"{path.name}[{ws.title}]", lines, expected)
            if (hits := _hits(sheet.header, expected)) > best_hits:
                best, best_hits = sheet, hits
    except DropError:
        raise
    except Exception as exc:
        raise DropError(f"not a readable XLSX workbook ({type(exc).__name__}: {scrub(str(exc))})") from exc
    finally:
        wb.close()
    if best is None:
        raise DropError("no sheet has a header row naming the layout's columns")
    return best


def _sheet_rows(rows: Iterator[tuple[object, ...]]) -> Iterator[tuple[int, list[object]]]:
    """Every row with its line number; trailing empty rows of a sheet are not lines anyone wrote."""
    pending: list[tuple[int, list[object]]] = []
    for line, values in enumerate(rows, start=1):
        pending.append((line, list(values)))
        if values and any(v not in (None, "") for v in values):
            yield from pending
            pending = []


def read_file(path: Path, expected_headers: set[str]) -> SheetRows:
    if path.suffix.lower() == ".csv":
        return read_csv(path, expected_headers)
    return read_xlsx(path, expected_headers)
