"""Personal data never in clear anywhere the centre writes (docs/architecture.md "Personal data").

The demo's days and `make up` after them, through Airflow (tests/stack/conftest.py), with the
simulator's `pii_in_text` fault: its clerks type a
resident ID, two mobile numbers (written with dashes and with +86), a landline and a bank card into
every free-text column of every file source and into a footer line, and the API sources' users type
them into reviews and complaint summaries (the server's fault of the same name). Then the whole data dir is
scanned — the lake, every text column of every table of the warehouse, the Data Docs and dbt docs,
the exports, and Airflow's output and logs — for those numbers and for any valid resident ID or
mobile number at all. Only the inbox (the bureaus' own files) and the key folder are not ours.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from credit.core.scrub import scrub_text

pytestmark = pytest.mark.e2e

NOT_OURS = {"inbox", ".secrets"}


@pytest.fixture(scope="module")
def planted_demo(operated) -> Path:
    """The data dir of the stack's demo and `make up` (tests/stack/conftest.py: its clerks and users
    typed the planted numbers into every text the sources carry)."""
    from credit_simulator.uploader import PLANTED_NUMBERS

    data_dir = operated.data_dir
    uploads = [p for p in (data_dir / "inbox").rglob("*.csv")]
    assert any(PLANTED_NUMBERS[0].encode() in p.read_bytes() for p in uploads), "the demo's uploads carry them"
    return data_dir


def file_texts(root: Path):
    """(path, text) of every file we wrote: Parquet as its values, XLSX as its XML, the rest as text."""
    for path in sorted(root.rglob("*")):
        if not path.is_file() or NOT_OURS & set(path.relative_to(root).parts) or path.suffix == ".duckdb":
            continue
        if path.suffix == ".parquet":
            yield path, json.dumps(pq.read_table(path).to_pylist(), default=str, ensure_ascii=False)
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                yield path, "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            yield path, path.read_bytes().decode("utf-8", "replace")


def warehouse_texts(path: Path):
    with duckdb.connect(str(path), read_only=True) as con:
        columns = con.execute(
            "select schema_name, table_name, column_name from duckdb_columns()"
            " where data_type like 'VARCHAR%' or data_type like 'STRUCT%' or data_type like '%[]'"
        ).fetchall()
        for schema, table, column in columns:
            rows = con.execute(f'select cast("{column}" as varchar) from "{schema}"."{table}"').fetchall()
            yield f"{schema}.{table}.{column}", "\n".join(v for (v,) in rows if v)


def clear_numbers(text: str) -> dict[str, int]:
    """Valid resident IDs and mobile numbers still in clear in `text` (the scrubber's own detector)."""
    _, found = scrub_text(text)
    return {k: n for k, n in found.items() if k in ("resident_id", "mobile")}


def test_the_planted_numbers_are_nowhere_in_what_the_centre_wrote(planted_demo: Path) -> None:
    from credit_simulator.uploader import PLANTED_NUMBERS

    scanned = 0
    sources = [*file_texts(planted_demo), *warehouse_texts(planted_demo / "warehouse" / "credit.duckdb")]
    for where, text in sources:
        scanned += 1
        squashed = text.replace(" ", "").replace("-", "")
        for number in PLANTED_NUMBERS:
            assert number not in squashed, f"planted {number} in clear in {where}"
    kinds = {p.relative_to(planted_demo).parts[0] for p, _ in file_texts(planted_demo)}
    assert {"lake", "docs", "exports", "airflow", "demo.log"} <= kinds, kinds
    assert list((planted_demo / "airflow" / "logs").rglob("attempt=*.log")), "the task logs were scanned too"
    assert scanned > 300


def test_no_valid_resident_id_or_mobile_number_in_clear_anywhere(planted_demo: Path) -> None:
    found = {}
    for where, text in [*file_texts(planted_demo), *warehouse_texts(planted_demo / "warehouse" / "credit.duckdb")]:
        if clear := clear_numbers(text):
            found[str(where)] = clear
    assert not found, found


def test_the_masked_forms_and_the_counts_are_kept(planted_demo: Path) -> None:
    """Scrubbing is not deletion: the masked number stays in the text, and the manifest counts it."""
    manifests = [json.loads(p.read_text()) for p in (planted_demo / "lake" / "raw").rglob("_manifest.json")]
    counted = {col for m in manifests for col in m.get("scrubbed", {})}
    assert {"violation_facts", "remarks", "subject_name", "license_content", "merchant_name"} <= counted
    assert {"content", "summary"} <= counted  # the API sources' free text (reviews, 12312 complaints)
    assert any(s["reason"].startswith("footer") for m in manifests for s in m.get("skipped", []))
    with duckdb.connect(str(planted_demo / "warehouse" / "credit.duckdb"), read_only=True) as con:
        facts = con.execute("select violation_facts from staging.stg_gov_penalties__penalties limit 5").fetchall()
    assert any("3208**********1237" in (f or "") and "138****5678" in (f or "") for (f,) in facts)
    assert os.environ.get("CREDIT_PII_KEY") != "stack-test-key"  # the demo ran in its own environment
