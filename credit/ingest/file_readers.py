"""Reading file drops (CSV in GBK/UTF-8, XLSX) into rows with their file and line."""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

SUPPORTED_SUFFIXES = (".csv", ".xlsx")


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


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def list_drop(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith("."))


def header_key(text: object) -> str:
    """How headers are compared: width-folded, no whitespace, upper case."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split()).upper()


def decode_csv(data: bytes) -> tuple[str, str, set[int]]:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK, what bureaus' Excel writes); a file
    that is neither as a whole is decoded line by line (a GBK file with UTF-8 lines pasted in, or one cut
    off mid-character). Returns the text, the encoding, and the lines no encoding could read."""
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


def read_csv(path: Path) -> SheetRows:
    data = path.read_bytes()
    if not data.strip():
        raise DropError("empty file: no header row")
    nuls = data.count(b"\x00")
    text, encoding, bad_lines = decode_csv(data.replace(b"\x00", b""))  # NUL bytes break the csv module
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DropError("empty file: no header row") from None
    except csv.Error as exc:
        raise DropError(f"unreadable CSV header: {exc}") from exc
    out = SheetRows(
        path.name, [h.strip() for h in header], encoding=encoding + (f", {nuls} NUL bytes removed" if nuls else "")
    )
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            out.rows.append((reader.line_num, list(values)))
            if reader.line_num in bad_lines:
                out.undecodable_lines.add(reader.line_num)
    except csv.Error as exc:
        raise DropError(f"unreadable CSV at line {reader.line_num}: {exc}") from exc
    return out


def read_xlsx(path: Path, expected: set[str]) -> SheetRows:
    """The sheet and header row (within its first rows: a merged title may stand above the header)
    that name most expected headers."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken zip/xml
        raise DropError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from exc
    best: SheetRows | None = None
    best_hits = 0
    try:
        for ws in wb.worksheets:
            rows = list(_sheet_rows(ws.iter_rows(values_only=True)))
            for pos, (_, header) in enumerate(rows[:HEADER_SEARCH_ROWS]):
                hits = sum(header_key(h) in expected for h in header)
                if hits > best_hits:
                    sheet = SheetRows(
                        f"{path.name}[{ws.title}]", [str(h).strip() if h is not None else "" for h in header]
                    )
                    sheet.rows = [(line, list(values)) for line, values in rows[pos + 1 :]]
                    best, best_hits = sheet, hits
    except Exception as exc:
        raise DropError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from exc
    finally:
        wb.close()
    if best is None:
        raise DropError("no sheet has a header row naming the layout's columns")
    return best


HEADER_SEARCH_ROWS = 10


def _sheet_rows(rows: Iterator[tuple[object, ...]]) -> Iterator[tuple[int, list[object]]]:
    for line, values in enumerate(rows, start=1):
        if values and any(v not in (None, "") for v in values):
            yield line, list(values)


def read_file(path: Path, expected_headers: set[str]) -> SheetRows:
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    return read_xlsx(path, expected_headers)
