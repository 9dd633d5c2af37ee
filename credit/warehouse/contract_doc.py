"""docs/contract.md, rendered from the dbt project's YAML: the warehouse contract has one definition.

Each public table's columns are declared once, in the YAML dbt reads (name, data type, description
"中文 / English"): dbt enforces them as model contracts and writes them into the warehouse as table
and column comments (persist_docs), and this module renders the same declarations as the page an
analyst reads. `make contract` rewrites docs/contract.md; tests/warehouse/test_contract_doc.py fails
when the committed page differs from what the YAML renders.

    python -m credit.warehouse.contract_doc [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from credit.core.config import DBT_PROJECT_DIR, DOCS_DIR

PAGE = DOCS_DIR / "contract.md"

PREAMBLE = """# Warehouse contract (数据仓库接口)

The published warehouse is `warehouse/credit.duckdb` under the data directory; open it read-only.
The schema-qualified table names below are public: analysts, exports and the two platforms depend
on them, so a table or column is renamed or removed only on purpose. This page is rendered from the
dbt project's YAML (`make contract`, credit/warehouse/contract_doc.py), where the same declarations
are enforced as dbt model contracts (a build whose columns or types differ fails) and written into
the warehouse as comments: `select table_name, column_name, comment from duckdb_columns()` shows
them in any client. Codes (`black`, `late`, `penalty` …) are stored as codes; their Chinese labels are
in `reference.code_labels` (and so in the exports and reports). Dates are Beijing days.

Schemas: `marts` (what people use), `quality` (what the gate decided), `reference` (the seeds:
rule tables, and the code labels, which are public), `snapshots` (history of the entity library),
`build` (how this file was built). `staging` and `intermediate` are working layers, not part of the
contract.
"""

# (schema, the YAML files that declare its public tables, in the order the page lists them)
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "marts",
        (
            "models/marts/libraries/_libraries__models.yml",
            "models/marts/credit/_credit__models.yml",
            "models/marts/supervision/_supervision__models.yml",
            "models/marts/exchange/_exchange__models.yml",
        ),
    ),
    ("quality", ("models/marts/quality/_quality__models.yml",)),
    ("reference", ("seeds/_seeds.yml",)),
    ("snapshots", ("snapshots/snap_market_entity.yml",)),
    ("build", ("models/build/__sources.yml",)),
)


def _load(path: str) -> dict:
    return yaml.safe_load((DBT_PROJECT_DIR / path).read_text(encoding="utf-8")) or {}


def public_tables(project: Path = DBT_PROJECT_DIR) -> list[tuple[str, dict]]:
    """(schema.table, its YAML entry) of every table of the contract, in the page's order: models
    with an enforced contract, seeds and snapshots marked `meta.public`, and the build's tables."""
    out: list[tuple[str, dict]] = []
    for schema, files in SECTIONS:
        for path in files:
            doc = _load(path)
            if schema == "build":
                out += [(f"build.{t['name']}", t) for s in doc.get("sources", []) for t in s.get("tables", [])]
                continue
            for entry in [*doc.get("models", []), *doc.get("seeds", []), *doc.get("snapshots", [])]:
                config = entry.get("config") or {}
                if (config.get("contract") or {}).get("enforced") or (config.get("meta") or {}).get("public"):
                    out.append((f"{schema}.{entry['name']}", entry))
    return out


def _cell(text: object) -> str:
    return " ".join(str(text or "").split()).replace("|", "\\|")


def _section(table: str, entry: dict) -> str:
    meta = (entry.get("config") or {}).get("meta") or entry.get("meta") or {}
    lines = [f"### {table}", "", _cell(entry.get("description"))]
    facts = []
    if meta.get("grain"):
        facts.append(f"**Grain**: {meta['grain']}.")
    if meta.get("key"):
        names = [f"`{k}`" for k in meta["key"]]
        facts.append("**Key**: " + (names[0] if len(names) == 1 else "(" + ", ".join(names) + ")") + ".")
    if facts:
        lines += ["", " ".join(facts)]
    lines += ["", "| column | type | 中文 | English |", "|---|---|---|---|"]
    if meta.get("inherits"):
        lines.append(f"| (the columns of {meta['inherits']}) | | 同上 | as in {meta['inherits']} |")
    for column in entry.get("columns", []):
        zh, _, en = _cell(column.get("description")).partition(" / ")
        lines.append(f"| {column['name']} | {_cell(column.get('data_type'))} | {zh} | {en} |")
    return "\n".join(lines)


def render() -> str:
    parts = [PREAMBLE.strip()]
    schema = None
    for table, entry in public_tables():
        if table.split(".")[0] != schema:
            schema = table.split(".")[0]
            parts.append(f"## {schema}")
        parts.append(_section(table, entry))
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/contract.md differs from the YAML")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        same = PAGE.read_text(encoding="utf-8") == text
        print("docs/contract.md is current" if same else "docs/contract.md differs: run `make contract`")
        return 0 if same else 1
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
