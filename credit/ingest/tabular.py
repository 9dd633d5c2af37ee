"""Turning source rows (file sheets or API pages) into a typed, normalised, PII-safe Arrow table,
driven by a field layout. Declared identity and phone numbers leave this module only as hash +
mask; any identity, phone or bank-card number typed into a text value (违法事实, 备注, an unknown
column, an error message) leaves it masked (credit/core/scrub.py), counted per column."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

import pyarrow as pa

from credit.core import pii
from credit.core.identifiers import IdStatus, normalise_code, resident_id_status, uscc_status
from credit.core.scrub import ScrubCounts, scrub, scrub_value
from credit.ingest.file_readers import SheetRows
from credit.ingest.layouts import PII_KINDS, Field, Layout, header_key
from credit.ingest.normalise import (
    ParseError,
    clean_text,
    normalise_phone,
    org_name_key,
    parse_amount_wan,
    parse_amount_yuan,
    parse_date,
    parse_int,
    parse_number,
    parse_timestamp,
    split_list,
)

# Lineage columns every raw dataset carries (the quarantine's "location").
LINEAGE = [
    pa.field("_row_id", pa.int64()),
    pa.field("_source_file", pa.string()),  # file name, or the API request of the page
    pa.field("_source_line", pa.int64()),  # line in the file, or item number in the page
    pa.field("_parse_errors", pa.string()),
    pa.field("_missing_columns", pa.string()),  # layout headers this row's file lacks (JSON list)
    pa.field("_unknown_columns", pa.string()),  # headers of this row's file outside the layout
    pa.field("_unmapped_values", pa.string()),  # this row's values under those headers (JSON)
    pa.field("_extra_values", pa.string()),  # cells beyond the header row's width (JSON)
]

_ARROW_TYPE = {
    "date": pa.date32(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "amount": pa.float64(),
    "yuan": pa.float64(),
    "number": pa.float64(),
    "int": pa.int64(),
}


def arrow_schema(layout: Layout) -> pa.Schema:
    """The raw table's columns: each field by its kind (identity numbers as hash, mask and status;
    a USCC with its status; an organisation name with its matching key), then the lineage."""
    cols: list[pa.Field] = []
    for f in layout.fields:
        if f.kind in PII_KINDS:
            cols += [
                pa.field(f"{f.column}_hash", pa.string()),
                pa.field(f"{f.column}_masked", pa.string()),
                pa.field(f"{f.column}_status", pa.string()),
            ]
            continue
        cols.append(pa.field(f.column, _ARROW_TYPE.get(f.kind, pa.string())))
        if f.kind == "code" and f.column.endswith("uscc"):
            cols.append(pa.field(f"{f.column}_status", pa.string()))
        if f.kind == "org_name":
            cols.append(pa.field(f"{f.column}_key", pa.string()))
    return pa.schema(cols + LINEAGE)


_SCRUBBED_KINDS = frozenset({"text", "org_name", "enum", "enum_list", "code"})
# organisations' own registration numbers (USCC, 工商注册号, 组织机构代码, certificates): never a
# person's, and a 15-digit registration number can look like an old resident ID
_ORG_IDENTIFIERS = ("uscc", "_reg_no", "org_code", "_cert_no")


def build_table(
    sheets: Iterable[SheetRows], layout: Layout, key: bytes, scrubbed: ScrubCounts | None = None
) -> pa.Table:
    """Map headers, normalise every cell by its kind, replace identity numbers by hash + mask, and mask
    personal numbers in free text (what was masked is added to `scrubbed`, per column)."""
    scrubbed = scrubbed if scrubbed is not None else ScrubCounts()
    index = layout.header_index()
    schema = layout.schema()
    columns: dict[str, list[object]] = {name: [] for name in schema.names}
    row_id = 0
    for sheet in sheets:
        mapping: list[Field | None] = [index.get(header_key(h)) for h in sheet.header]
        present = {f.column for f in mapping if f is not None} | set(sheet.constants)
        missing = [f.header for f in layout.fields if f.column not in present]
        missing_text = json.dumps(missing, ensure_ascii=False) if missing else None
        unknown = [h for h, f in zip(sheet.header, mapping, strict=True) if f is None and h]
        unknown_text = json.dumps(unknown, ensure_ascii=False) if unknown else None
        for line, values in sheet.rows:
            raw: dict[str, object] = dict(sheet.constants)
            unmapped: dict[str, object] = {}
            extras: dict[str, object] = {}
            for pos, value in enumerate(values):
                if pos >= len(mapping):
                    if value not in (None, ""):
                        extras[f"column {pos + 1}"] = _scrubbed_json(value, "_extra_values", scrubbed)
                elif (f := mapping[pos]) is not None:
                    raw[f.column] = value
                elif value not in (None, ""):
                    name = sheet.header[pos] or f"column {pos + 1}"
                    unmapped[name] = _scrubbed_json(value, "_unmapped_values", scrubbed)
            typed, errors = _normalise_row(raw, layout, key, scrubbed)
            if line in sheet.undecodable_lines:
                errors["_line"] = "bytes in no known encoding (file cut off mid-character?)"
            for name, value in typed.items():
                columns[name].append(value)
            columns["_row_id"].append(row_id)
            columns["_source_file"].append(sheet.name)
            columns["_source_line"].append(line)
            columns["_parse_errors"].append(json.dumps(errors, ensure_ascii=False) if errors else None)
            columns["_missing_columns"].append(missing_text)
            columns["_unknown_columns"].append(unknown_text)
            columns["_unmapped_values"].append(json.dumps(unmapped, ensure_ascii=False) if unmapped else None)
            columns["_extra_values"].append(json.dumps(extras, ensure_ascii=False) if extras else None)
            row_id += 1
    return pa.table(columns, schema=schema)


def _code(value: object) -> str | None:
    """A normalised code; a one-digit type code read from Excel as a number gets its zero back."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    code = normalise_code(value)
    if len(code) == 1 and code.isdigit():
        code = "0" + code
    return code or None


def _enum(value: object) -> str | None:
    return clean_text(unicodedata.normalize("NFKC", str(value))) if value not in (None, "") else None


def _enum_list(value: object) -> str | None:
    return ";".join(split_list(value)) or None


_PARSERS: dict[str, Callable[[object], object]] = {
    "text": clean_text,
    "org_name": clean_text,
    "code": _code,
    "enum": _enum,
    "enum_list": _enum_list,
    "date": parse_date,
    "timestamp": parse_timestamp,
    "amount": parse_amount_wan,
    "yuan": parse_amount_yuan,
    "number": parse_number,
    "int": parse_int,
}


def _normalise_row(
    raw: dict[str, object], layout: Layout, key: bytes, scrubbed: ScrubCounts
) -> tuple[dict[str, object], dict[str, str]]:
    out: dict[str, object] = {}
    errors: dict[str, str] = {}
    for f in layout.fields:
        value = raw.get(f.column)
        if f.kind == "id_number":
            type_col = layout.id_type_of.get(f.column)
            id_type = (_code(raw.get(type_col)) or "") if type_col else "01"
            code = normalise_code(value)
            # Only resident IDs (type 01, or no type given) have a check character to verify.
            if not code:
                status = IdStatus.MISSING
            elif id_type in ("01", ""):
                status = resident_id_status(code)
            else:
                status = IdStatus.VALID
            _put_pii(out, f.column, code, pii.mask_id(code), status.value, key)
            continue
        if f.kind == "phone":
            phone = normalise_phone(value)
            if not phone:
                status = "missing"
            elif len(phone) == 11 and phone.startswith("1"):
                status = "valid"
            else:
                status = "bad_format"
            _put_pii(out, f.column, phone, pii.mask_phone(phone), status, key)
            continue
        try:
            parsed = _PARSERS[f.kind](value)
        except ParseError as exc:
            parsed = None
            errors[f.column] = scrub(f"{exc} (raw: {str(value)[:200]!r})")
        if f.kind in _SCRUBBED_KINDS and isinstance(parsed, str) and not f.column.endswith(_ORG_IDENTIFIERS):
            parsed, found = scrub_value(parsed)
            scrubbed.add(f.column, found)
        out[f.column] = parsed
        if f.kind == "code" and f.column.endswith("uscc"):
            out[f"{f.column}_status"] = uscc_status(out[f.column] or "").value
        if f.kind == "org_name":
            out[f"{f.column}_key"] = org_name_key(out[f.column])
    return out, errors


def _put_pii(out: dict[str, object], column: str, clear: str, masked: str | None, status: str, key: bytes) -> None:
    out[f"{column}_hash"] = pii.keyed_hash(clear, key)
    out[f"{column}_masked"] = masked
    out[f"{column}_status"] = status


def _scrubbed_json(value: object, column: str, scrubbed: ScrubCounts) -> object:
    clean, found = scrub_value(_json_safe(value))
    scrubbed.add(column, found)
    return clean


def _json_safe(value: object) -> object:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def input_entry(path: Path, sha256: str, **extra: str) -> dict[str, str]:
    return {"name": path.name, "sha256": sha256, **extra}
