"""Generate the GX Core suites in `expectations/` from the catalog: `make suites`.

The catalog (`credit/ingest/catalog.py`) declares every rule; this module only writes them in GX's
shape. The JSON files are what the gate loads and what reviewers read, and
`tests/gate/test_suites.py` fails when a committed suite differs from what this generates.

Severity (GX's own field) says what a failure does: critical blocks the batch, warning quarantines
the failing rows, info is reported. Every expectation names its rule in `meta.rule`; the batch
policy's numbers are in the suite's `meta.policy`, where the gate reads them.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys

from credit.core.config import EXPECTATIONS_DIR
from credit.core.identifiers import IdStatus
from credit.ingest.catalog import SOURCES, USABLE_USCC, Conditional, Dataset

ACCEPTED_USCC = list(USABLE_USCC)


def _exp(kind: str, severity: str, rule: str, description: str, **kwargs: object) -> dict:
    return {"type": kind, "kwargs": kwargs, "meta": {"rule": rule, "description": description}, "severity": severity}


def _batch_rules(ds: Dataset) -> list[dict]:
    p = ds.policy
    return [
        _exp(
            "expect_table_row_count_to_be_between",
            "critical",
            "volume_in_range",
            f"A day's batch holds between {p.min_rows} and {p.max_rows:,} rows; outside that it is held.",
            min_value=p.min_rows,
            max_value=p.max_rows,
        ),
        _exp(
            "expect_table_row_count_to_be_between",
            "critical",
            "volume_vs_history",
            f"Against the last {p.history_days} days of this dataset (median of batches not blocked, at least "
            f"{p.history_min_batches} of them): an empty day where there are usually {p.usual_rows_for_empty_check} "
            f"or more rows, or over {p.spike_factor}x the usual, is held for review.",
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
                f"{col} lies between {ds.policy.earliest_date} and the batch date.",
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
                "The USCC passes GB 32100 (docs/domain.md §1.1)"
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
                "A resident ID passes GB 11643 where given (docs/domain.md §1.2).",
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


def _conditional_rule(c: Conditional) -> dict:
    kwargs: dict[str, object] = {"column": c.column}
    if c.present:
        kind = "expect_column_values_to_not_be_null"
    elif c.regex is not None:
        kind = "expect_column_values_to_match_regex"
        kwargs["regex"] = c.regex
    else:
        kind = "expect_column_values_to_be_in_set"
        kwargs["value_set"] = list(c.allowed)
    if c.when is not None:
        column, operator, value = c.when
        kwargs["row_condition"] = {
            "type": "comparison",
            "column": {"name": column},
            "operator": operator,
            "parameter": value,
        }
    return _exp(kind, c.severity, c.rule, c.description, **kwargs)


def policy_meta(ds: Dataset) -> dict[str, object]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in dataclasses.asdict(ds.policy).items()}


def build_suite(ds: Dataset) -> dict:
    return {
        "name": ds.id,
        "expectations": _batch_rules(ds) + _row_rules(ds) + [_conditional_rule(c) for c in ds.conditional],
        "meta": {
            "source": ds.source,
            "dataset": ds.name,
            "key": list(ds.key),
            "policy": policy_meta(ds),
            "notes": "critical = circuit breaker (the batch is blocked); warning = the row is quarantined; "
            "info = reported in the audit, the row proceeds. Generated from credit/ingest/catalog.py by "
            "`make suites`; edit the catalog, not this file.",
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
