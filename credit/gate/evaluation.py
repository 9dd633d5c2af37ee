"""A GX Core suite evaluated on an Arrow batch in one vectorised DuckDB pass.

The suites in `expectations/` are Great Expectations suites, and GX's own pandas engine is the
reference for what each expectation means. It is also far too slow for a province's batches: it
copies the frame for every expectation and evaluates them one at a time in Python-facing pandas
(about 100k rows/s on a review batch). This module compiles the same suite into one SQL query over
the batch (an Arrow table scanned in place, one thread: ingest tasks run side by side) and returns
per expectation what the gate needs: success, the failing rows' ids, a sample of their values, the
observed row count. `tests/test_validation.py` holds it to GX's verdicts, expectation by
expectation, on every file of the bad-input corpus; an expectation type it does not know is an
error, never a silent pass. The Data Docs are rendered from these results (credit/gate/data_docs.py).

Semantics, as GX's pandas engine has them:
- column map expectations ignore nulls (NaN counts as null), except `not_be_null` and `be_null`;
- `row_condition` (GX 1.x comparison conditions) filters the rows an expectation looks at, with
  pandas' null semantics: `col != v` holds where col is null, `col == v` does not;
- `between` bounds are inclusive; `match_regex` searches (the suites anchor their patterns);
- a column the batch does not have makes the expectation raise (reported as such, which blocks).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pyarrow as pa

ROW_ID = "_row_id"
SAMPLE = 20  # GX's partial_unexpected_list length


@dataclass
class RuleResult:
    expectation: dict
    success: bool
    element_count: int = 0
    unexpected_count: int = 0
    row_ids: list[int] = field(default_factory=list)  # failing rows (column map expectations)
    sample: list[object] = field(default_factory=list)  # up to 20 failing values
    observed_value: object = None  # table expectations
    error: str | None = None  # the expectation could not be evaluated

    @property
    def rule(self) -> str:
        return (self.expectation.get("meta") or {}).get("rule", self.expectation["type"])

    @property
    def severity(self) -> str:
        return str(self.expectation.get("severity", "critical")).lower()


class UnknownExpectation(ValueError):
    """The suite uses an expectation type this engine does not evaluate."""


def sql_literal(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return f"timestamp '{value.isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return f"date '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def sql_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _resolve(value: object, parameters: dict[str, object]) -> object:
    if isinstance(value, dict) and "$PARAMETER" in value:
        value = parameters[value["$PARAMETER"]]
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp given by a caller
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
        value = value.date()
    return value


def _is_null(column: str, schema: pa.Schema) -> str:
    c = sql_ident(column)
    if pa.types.is_floating(schema.field(column).type):
        return f"({c} is null or isnan({c}))"
    return f"({c} is null)"


def _condition(condition: dict | None, schema: pa.Schema) -> str:
    """A GX 1.x row condition as SQL, with pandas' null semantics (DataFrame.query)."""
    if not condition:
        return "true"
    kind = condition.get("type")
    if kind in ("and", "or"):
        parts = [_condition(c, schema) for c in condition.get("conditions", [])]
        return "(" + f" {kind} ".join(parts or ["true"]) + ")"
    if kind != "comparison":
        raise UnknownExpectation(f"row condition of type {kind!r}")
    column = condition["column"]["name"] if isinstance(condition["column"], dict) else condition["column"]
    if column not in schema.names:
        raise KeyError(column)
    c, v, op = sql_ident(column), sql_literal(condition["parameter"]), condition["operator"]
    sql = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}.get(op)
    if sql is None:
        raise UnknownExpectation(f"row condition operator {op!r}")
    if op == "!=":  # NaN != v is True in pandas
        return f"({_is_null(column, schema)} or {c} <> {v})"
    return f"coalesce({c} {sql} {v}, false)"


def _failing(expectation: dict, schema: pa.Schema, parameters: dict[str, object]) -> str:
    """SQL that is true for the rows an expectation finds unexpected."""
    kind, kwargs = expectation["type"], expectation.get("kwargs", {})
    column = kwargs.get("column")
    if column is not None and column not in schema.names:
        raise KeyError(column)
    where = _condition(kwargs.get("row_condition"), schema)
    if kind == "expect_column_values_to_not_be_null":
        return f"({where} and {_is_null(column, schema)})"
    if kind == "expect_column_values_to_be_null":
        return f"({where} and not {_is_null(column, schema)})"
    present = f"{where} and not {_is_null(column, schema)}"
    c = sql_ident(column)
    if kind == "expect_column_values_to_be_in_set":
        values = ", ".join(sql_literal(v) for v in kwargs["value_set"])
        return f"({present} and {c} not in ({values}))" if values else f"({present})"
    if kind == "expect_column_values_to_be_between":
        low, high = (_resolve(kwargs.get(k), parameters) for k in ("min_value", "max_value"))
        outside = [f"{c} < {sql_literal(low)}" if low is not None else None]
        outside.append(f"{c} > {sql_literal(high)}" if high is not None else None)
        return f"({present} and ({' or '.join(o for o in outside if o) or 'false'}))"
    if kind == "expect_column_values_to_match_regex":
        return f"({present} and not regexp_matches({c}, {sql_literal(kwargs['regex'])}))"
    raise UnknownExpectation(f"expectation type {kind!r}")


def evaluate(table: pa.Table, suite: dict, parameters: dict[str, object]) -> list[RuleResult]:
    """Every expectation of `suite` on an Arrow table, in suite order (one thread)."""
    import duckdb

    with duckdb.connect() as con:
        con.execute("set threads = 1")
        con.register("batch", table)
        return evaluate_relation(con, "batch", table.schema, table.num_rows, suite, parameters)


def evaluate_relation(
    con, relation: str, schema: pa.Schema, rows: int, suite: dict, parameters: dict[str, object]
) -> list[RuleResult]:
    """Every expectation of `suite` on a relation of `con` (a view over the raw Parquet, say: DuckDB
    then reads only the columns the suite looks at), in suite order."""
    results: list[RuleResult] = []
    columns: list[tuple[int, str, str | None]] = []  # (result index, failing SQL, column)
    for exp in suite.get("expectations", []):
        result = RuleResult(expectation=exp, success=True, element_count=rows)
        results.append(result)
        kind, kwargs = exp["type"], exp.get("kwargs", {})
        try:
            if kind == "expect_table_row_count_to_be_between":
                low, high = (_resolve(kwargs.get(k), parameters) for k in ("min_value", "max_value"))
                result.observed_value = rows
                result.success = (low is None or rows >= low) and (high is None or rows <= high)
                continue
            columns.append((len(results) - 1, _failing(exp, schema, parameters), kwargs.get("column")))
        except KeyError as missing:
            result.success, result.error = False, f"column {missing.args[0]!r} is not in the batch"
    if not columns:
        return results
    # each expectation's failing flag once, then a count, the failing ids and a sample from it
    flags = ", ".join(f"{failing} as f{i}" for i, failing, _ in columns)
    samples = ", ".join(f"{sql_ident(column)} as v{i}" for i, _, column in columns)
    selects = []
    for i, _, _ in columns:
        selects += [
            f"count(*) filter (where f{i}) as n{i}",
            f"list({sql_ident(ROW_ID)} order by {sql_ident(ROW_ID)}) filter (where f{i}) as ids{i}",
            f"list(v{i} order by {sql_ident(ROW_ID)}) filter (where f{i})[1:{SAMPLE}] as s{i}",
        ]
    row = con.execute(
        f"select {', '.join(selects)} from (select {sql_ident(ROW_ID)}, {flags}, {samples} from {relation})"
    ).fetchone()
    for k, (i, _, _) in enumerate(columns):
        count, ids, sample = row[3 * k], row[3 * k + 1], row[3 * k + 2]
        r = results[i]
        r.unexpected_count = int(count)
        r.row_ids = [int(x) for x in ids or []]
        r.sample = [_plain(v) for v in sample or []]
        r.success = count == 0
    return results


def _plain(value: object) -> object:
    """A sample value as GX would list it (JSON-friendly)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def gx_result_dict(
    results: list[RuleResult], suite: dict, batch_id: str, evaluated_at: str, parameters: dict | None = None
) -> dict:
    """The results in the shape of GX's ExpectationSuiteValidationResult.to_json_dict(), with the
    values the suite's `$PARAMETER`s took (credit/gate/data_docs.py renders the Data Docs from it)."""
    out = []
    for r in results:
        res: dict[str, object]
        if r.observed_value is not None:
            res = {"observed_value": r.observed_value}
        else:
            res = {
                "element_count": r.element_count,
                "unexpected_count": r.unexpected_count,
                "unexpected_percent": (100.0 * r.unexpected_count / r.element_count) if r.element_count else None,
                "partial_unexpected_list": r.sample,
                "missing_count": None,
            }
        out.append(
            {
                "success": r.success,
                "expectation_config": {
                    "type": r.expectation["type"],
                    "kwargs": r.expectation.get("kwargs", {}),
                    "meta": r.expectation.get("meta", {}),
                    "severity": r.severity,
                },
                "result": res if r.error is None else {},
                "exception_info": {
                    "raised_exception": r.error is not None,
                    "exception_message": r.error,
                    "exception_traceback": None,
                },
                "meta": {},
            }
        )
    evaluated = len(results)
    successful = sum(r.success for r in results)
    return {
        "success": successful == evaluated,
        "results": out,
        "suite_name": suite["name"],
        "suite_parameters": {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in (parameters or {}).items()},
        "statistics": {
            "evaluated_expectations": evaluated,
            "successful_expectations": successful,
            "unsuccessful_expectations": evaluated - successful,
            "success_percent": 100.0 * successful / evaluated if evaluated else None,
        },
        "meta": {"batch_id": batch_id, "run_id": {"run_name": batch_id, "run_time": evaluated_at}},
    }


def dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, default=str)
