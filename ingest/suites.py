"""Build the GX Core suites in `expectations/` from the catalog: `python -m ingest.suites`.

The JSON files are what the gate loads and what reviewers read; this module is how they are made,
and a test fails when a committed suite differs from what the catalog says.

Severity (GX's own field) says what a failure does: critical blocks the batch, warning quarantines
the failing rows, info is reported. Every expectation names its rule in `meta.rule`.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ingest.catalog import PENALTY_TYPE_PATTERN, SOURCES, Dataset
from ingest.identifiers import IdStatus

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"
ACCEPTED_USCC = [IdStatus.VALID.value, IdStatus.ORGCODE_MISMATCH.value]


def _exp(kind: str, severity: str, rule: str, description: str, **kwargs: object) -> dict:
    return {"type": kind, "kwargs": kwargs, "meta": {"rule": rule, "description": description}, "severity": severity}


def _batch_rules(ds: Dataset) -> list[dict]:
    return [
        _exp(
            "expect_table_row_count_to_be_between",
            "critical",
            "volume_in_range",
            f"A day's batch holds between {ds.min_rows} and {ds.max_rows:,} rows; outside that it is held.",
            min_value=ds.min_rows,
            max_value=ds.max_rows,
        ),
        _exp(
            "expect_table_row_count_to_be_between",
            "critical",
            "volume_vs_history",
            "Against the last 14 days of this dataset (median of batches not blocked): an empty day where "
            "there are usually 5 or more rows, or over 10x the usual, is held for review.",
            min_value={"$PARAMETER": "volume_min"},
            max_value={"$PARAMETER": "volume_max"},
        ),
        _exp(
            "expect_column_values_to_be_null",
            "critical",
            "schema_no_missing_columns",
            "Every file or page carries every column of the layout (a missing or renamed column is drift).",
            column="_missing_columns",
        ),
        _exp(
            "expect_column_values_to_be_null",
            "critical",
            "schema_no_unknown_columns",
            "No file or page carries columns outside the layout (an added or renamed column is drift).",
            column="_unknown_columns",
        ),
    ]


def _row_rules(ds: Dataset) -> list[dict]:
    out: list[dict] = []
    for col in ds.required:
        out.append(
            _exp("expect_column_values_to_not_be_null", "warning", f"{col}_required", f"{col} is required.", column=col)
        )
    for col, values in ds.enums.items():
        out.append(
            _exp(
                "expect_column_values_to_be_in_set",
                "warning",
                f"{col}_known",
                f"{col} is one of: {', '.join(values)}.",
                column=col,
                value_set=list(values),
            )
        )
    for col in ds.non_negative:
        out.append(
            _exp(
                "expect_column_values_to_be_between",
                "warning",
                f"{col}_non_negative",
                f"{col} is not negative.",
                column=col,
                min_value=0,
            )
        )
    for col, (low, high) in ds.between.items():
        out.append(
            _exp(
                "expect_column_values_to_be_between",
                "warning",
                f"{col}_in_range",
                f"{col} lies between {low} and {high}.",
                column=col,
                min_value=low,
                max_value=high,
            )
        )
    for col in ds.past_dates:
        out.append(
            _exp(
                "expect_column_values_to_be_between",
                "warning",
                f"{col}_in_range",
                f"{col} lies between 1990-01-01 and the batch date.",
                column=col,
                min_value={"$PARAMETER": "min_date"},
                max_value={"$PARAMETER": "run_date"},
            )
        )
    for col, required in ds.uscc.items():
        allowed = ACCEPTED_USCC if required else [*ACCEPTED_USCC, IdStatus.MISSING.value]
        out.append(
            _exp(
                "expect_column_values_to_be_in_set",
                "warning",
                f"{col}_valid",
                "The USCC passes GB 32100 (DOMAIN.md §1.1)"
                + (" and is required." if required else " where given; masked codes never identify an entity."),
                column=f"{col}_status",
                value_set=allowed,
            )
        )
    for col in ds.resident_ids:
        out.append(
            _exp(
                "expect_column_values_to_be_in_set",
                "warning",
                f"{col}_valid",
                "A resident ID passes GB 11643 where given (DOMAIN.md §1.2).",
                column=f"{col}_status",
                value_set=[IdStatus.VALID.value, IdStatus.MISSING.value],
            )
        )
    out += [
        _exp(
            "expect_column_values_to_be_in_set",
            "warning",
            "key_unique",
            f"One record per ({', '.join(ds.key)}) in a batch: an exact repeat is quarantined, "
            "conflicting versions are all held (nobody guesses which is right).",
            column="_dup_status",
            value_set=["unique", "first"],
        ),
        _exp(
            "expect_column_values_to_be_null",
            "warning",
            "values_readable",
            "Every date, time and number cell is readable (no 2026-02-30, no units where none belong).",
            column="_parse_errors",
        ),
        _exp(
            "expect_column_values_to_be_null",
            "warning",
            "row_shape",
            "A row has no more cells than its file has headers.",
            column="_extra_values",
        ),
    ]
    return out


def _penalty_rules() -> list[dict]:
    """双公示 penalties: subject identity depends on the subject category (DOMAIN.md §1-§2)."""
    org = {"type": "comparison", "column": {"name": "subject_category"}, "operator": "!=", "parameter": "自然人"}
    person = {"type": "comparison", "column": {"name": "subject_category"}, "operator": "==", "parameter": "自然人"}
    return [
        _exp(
            "expect_column_values_to_be_in_set",
            "warning",
            "uscc_valid",
            "Organisations and sole traders carry a USCC that passes GB 32100 (DOMAIN.md §1.1); "
            "a masked code cannot identify an entity.",
            column="uscc_status",
            value_set=ACCEPTED_USCC,
            row_condition=org,
        ),
        _exp(
            "expect_column_values_to_be_in_set",
            "warning",
            "resident_id_valid",
            "A natural person carries an identity number; a resident ID passes GB 11643 (DOMAIN.md §1.2).",
            column="id_number_status",
            value_set=[IdStatus.VALID.value],
            row_condition=person,
        ),
        _exp(
            "expect_column_values_to_match_regex",
            "warning",
            "penalty_types_legal",
            "Every 处罚类别 is a legal penalty type (Administrative Penalty Law art. 9, DOMAIN.md §2).",
            column="penalty_types",
            regex=f"^(?:{PENALTY_TYPE_PATTERN})(?:;(?:{PENALTY_TYPE_PATTERN}))*$",
        ),
        _exp(
            "expect_column_values_to_be_in_set",
            "info",
            "legal_rep_id_valid",
            "The legal representative's ID passes GB 11643 where given; reported, not held.",
            column="legal_rep_id_status",
            value_set=[IdStatus.VALID.value, IdStatus.MISSING.value],
        ),
        _exp(
            "expect_column_values_to_be_in_set",
            "info",
            "uscc_orgcode_consistent",
            "The organisation code inside the USCC passes GB 11714; a mismatch is reported, not held (DOMAIN.md §1.1).",
            column="uscc_status",
            value_set=[s.value for s in IdStatus if s is not IdStatus.ORGCODE_MISMATCH],
        ),
    ]


def _license_rules() -> list[dict]:
    rules = _penalty_rules()
    return [r for r in rules if r["meta"]["rule"] in {"uscc_valid", "resident_id_valid", "uscc_orgcode_consistent"}]


EXTRA_RULES = {"gov_penalties.penalties": _penalty_rules, "gov_licenses.licenses": _license_rules}


def build_suite(ds: Dataset) -> dict:
    extra = EXTRA_RULES.get(ds.id, list)()
    return {
        "name": ds.id,
        "expectations": _batch_rules(ds) + _row_rules(ds) + extra,
        "meta": {
            "source": ds.source,
            "dataset": ds.name,
            "key": list(ds.key),
            "max_quarantine_share": ds.max_quarantine_share,
            "notes": "critical = circuit breaker (the batch is blocked); warning = the row is quarantined; "
            "info = reported in the audit, the row proceeds. Built by `python -m ingest.suites`.",
        },
    }


def render(ds: Dataset) -> str:
    return json.dumps(build_suite(ds), ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    EXPECTATIONS_DIR.mkdir(exist_ok=True)
    for src in SOURCES:
        for ds in src.datasets:
            path = EXPECTATIONS_DIR / f"{ds.id}.json"
            text = render(ds)
            if not path.exists() or path.read_text() != text:
                path.write_text(text)
                print(f"wrote {os.path.relpath(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
