"""The gate's vectorised engine (credit/gate/evaluation.py) gives GX's own verdicts.

GX's pandas engine is the reference for what an expectation means; the gate evaluates the same
suites in one DuckDB pass because GX is too slow for a province's batches. Here both run on the
same batches — every file of the bad-input corpus, and every dataset of the simulated region's
days — and must agree expectation by expectation: success, the number of failing rows, which rows
(by `_row_id`), and whether the check could be evaluated at all. Duplicate marking is held to the
pandas rule it replaced in the same way.
"""

from __future__ import annotations

import datetime as dt
import os

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from credit.core import config, lake
from credit.gate import evaluation as validation
from credit.gate.batches import ROW_ID, duplicate_marks, gate_parameters, load_suite_json
from credit.ingest.catalog import dataset as catalog_dataset
from tests.conftest import REGION_DAYS
from tests.ingest.test_bad_corpus import CASES, DAY, verdict_of_raw


def pandas_duplicates(frame: pd.DataFrame, key: list[str]) -> pd.Series:
    """The gate's duplicate rule as it was written for pandas: the reference for duplicate_status."""
    status = pd.Series("unique", index=frame.index, dtype="object")
    if not key or frame.empty:
        return status
    keyed = frame[key].notna().all(axis=1)
    same_key = frame.duplicated(key, keep=False) & keyed
    if not same_key.any():
        return status
    content = [c for c in frame.columns if not c.startswith("_")]
    digest = pd.util.hash_pandas_object(frame[content].astype("string"), index=False)
    sub = frame.loc[same_key, key].assign(_digest=digest[same_key])
    conflict = sub.groupby(key, dropna=False)["_digest"].transform("nunique") > 1
    status.loc[sub.index[~conflict]] = "first"
    repeat = sub.loc[~conflict].duplicated([*key, "_digest"], keep="first")
    status.loc[repeat[repeat].index] = "duplicate"
    status.loc[sub.index[conflict]] = "conflict"
    return status


def gx_reference(frame: pd.DataFrame, suite_json: dict, parameters: dict) -> dict[str, dict]:
    """GX's pandas engine on the same batch: per rule, success, failing row ids, raised."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    ctx = gx.get_context(mode="ephemeral")
    asset = ctx.data_sources.add_pandas("ref").add_dataframe_asset("batch")
    batch = asset.add_batch_definition_whole_dataframe("b").get_batch(batch_parameters={"dataframe": frame})
    suite = gx.ExpectationSuite(**{k: v for k, v in suite_json.items() if k not in ("id", "name")}, name="ref")
    params = {k: (pd.Timestamp(v) if isinstance(v, dt.date) else v) for k, v in parameters.items()}
    result = batch.validate(
        suite,
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW_ID]},
        expectation_parameters=params,
    )
    out = {}
    for er in result.results:  # GX orders results its own way: match them by rule
        res = er.result or {}
        raised = bool(er.exception_info and er.exception_info.get("raised_exception"))
        ids = sorted(int(i[ROW_ID]) for i in res.get("unexpected_index_list") or [] if ROW_ID in i)
        out[er.expectation_config.meta["rule"]] = {"raised": raised, "success": er.success, "ids": ids}
    return out


def assert_same_verdicts(table: pa.Table, suite_json: dict, day: dt.date, cfg: config.Settings, label: str) -> int:
    key = list(suite_json["meta"].get("key", []))
    with duckdb.connect() as con:
        con.register("batch", table)
        marks = dict(zip(*duplicate_marks(con, "batch", table.column_names, key).to_pydict().values(), strict=True))
    status = [marks.get(i, "unique") for i in table.column(ROW_ID).to_pylist()]
    frame = table.to_pandas(date_as_object=False)
    assert status == pandas_duplicates(frame, key).tolist(), f"{label}: duplicate marking"
    marked = table.append_column("_dup_status", pa.array(status, pa.string()))
    parameters = gate_parameters(cfg, suite_json, day)
    ours = validation.evaluate(marked, suite_json, parameters)
    frame["_dup_status"] = status
    theirs = gx_reference(frame, suite_json, parameters)
    assert sorted(r.rule for r in ours) == sorted(theirs), f"{label}: one result per rule"
    failing = 0
    for mine in ours:
        ref = theirs[mine.rule]
        where = f"{label}: {mine.rule}"
        assert (mine.error is not None) == ref["raised"], where
        if ref["raised"]:
            continue
        assert mine.success == ref["success"], where
        if mine.observed_value is None:
            assert sorted(mine.row_ids) == ref["ids"], where
            assert mine.unexpected_count == len(ref["ids"]), where
        failing += not mine.success
    return failing


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_corpus_gets_gx_verdicts(name: str, cfg: config.Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = config.settings()
    ds = catalog_dataset(CASES[name][0])
    verdict_of_raw(name, cfg)
    table, _ = lake.read_raw(cfg.lake, ds.source, ds.name, DAY)
    assert_same_verdicts(table, load_suite_json(ds.source, ds.name), DAY, cfg, name)


@pytest.mark.e2e
def test_every_dataset_of_the_region_gets_gx_verdicts(region: config.Settings) -> None:
    from credit.ingest.catalog import SOURCES

    checked = failing = 0
    for src in SOURCES:
        for ds in src.datasets:
            for day in REGION_DAYS:
                folder = lake.partition_dir(region.lake, "raw", ds.source, ds.name, day)
                if not (folder / lake.MANIFEST).exists():
                    continue
                table, _ = lake.read_raw(region.lake, ds.source, ds.name, day)
                failing += assert_same_verdicts(table, load_suite_json(ds.source, ds.name), day, region, ds.id)
                checked += 1
    assert checked >= 40
    assert failing > 0, "the region's days hold dirt for the rules to find"


def test_an_unknown_expectation_type_is_an_error_not_a_pass() -> None:
    suite = {"name": "x", "expectations": [{"type": "expect_column_values_to_be_unique", "kwargs": {"column": "a"}}]}
    table = pa.table({"a": [1, 1], ROW_ID: [0, 1]})
    with pytest.raises(validation.UnknownExpectation):
        validation.evaluate(table, suite, {})


def test_a_missing_column_is_reported_as_a_check_that_could_not_run() -> None:
    suite = {
        "name": "x",
        "expectations": [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "b"}, "severity": "warning"}
        ],
    }
    (result,) = validation.evaluate(pa.table({"a": [1], ROW_ID: [0]}), suite, {})
    assert not result.success and "'b'" in (result.error or "")
