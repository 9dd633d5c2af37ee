"""Code -> label in Chinese (and English): one table for everything people read.

The table is the dbt seed `code_labels` (dbt_project/seeds/code_labels.csv): the warehouse publishes
it as `reference.code_labels` for analysts to join, and the centre's own pages and documents (Data
Docs, exports, the credit report) read the same file here. A code with no label is shown as it is.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from credit.core.config import DBT_PROJECT_DIR

LABELS_FILE = DBT_PROJECT_DIR / "seeds" / "code_labels.csv"


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], tuple[str, str]]:
    with LABELS_FILE.open(encoding="utf-8", newline="") as fh:
        return {(r["domain"], r["code"]): (r["label_zh"], r["label_en"]) for r in csv.DictReader(fh)}


def zh(domain: str, code: object) -> str:
    """The Chinese label of `code` in `domain` (the code itself when the table has none)."""
    if code is None:
        return ""
    return _table().get((domain, str(code)), (str(code), ""))[0]


def en(domain: str, code: object) -> str:
    if code is None:
        return ""
    return _table().get((domain, str(code)), ("", str(code)))[1]


def domain(name: str) -> dict[str, str]:
    """Every code of `domain` with its Chinese label, in the table's order."""
    return {code: label for (d, code), (label, _) in _table().items() if d == name}


def sql(domain: str, column: str) -> str:
    """SQL for the Chinese label of a code column, read from the published warehouse's copy of the
    same table (reference.code_labels); the code itself where the table has none."""
    return (
        f"coalesce((select label_zh from reference.code_labels where domain = '{domain}' and code = {column}), "
        f"{column})"
    )
