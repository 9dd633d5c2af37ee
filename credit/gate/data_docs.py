"""Great Expectations Data Docs for the gate's verdicts: `data/docs/gx/`, a page per batch.

The gate writes each batch's suite result in GX's validation-result shape beside its audit row
(`lake/audit/<source>/<dataset>/dt=<day>/validation.json`). Rendering is GX's: this module loads
those results into the GX project of the data dir (`data/gx/`: its suites and validation store)
and has GX build the page of each, then the index. Importing GX and compiling its templates costs
seconds, so an ingest run renders once for all its batches (the DAG's verdict task), not once per
batch on the gate's hot path.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from credit.core import config
from credit.core.lake import partition_dir
from credit.gate.batches import VALIDATION_REPORT, load_suite_json

log = logging.getLogger(__name__)

DOCS_SITE = "credit_data_docs"


@lru_cache(maxsize=4)
def _context(root: str):
    """The GX project of a data dir (`data/gx/`). Progress bars off: they flood Airflow task logs."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)  # its INFO floods task logs
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="file", project_root_dir=root)
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return ctx


@contextmanager
def _lock(root: Path) -> Iterator[None]:
    """Parallel ingest runs share one GX project on disk: one writer at a time."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _ensure_site(ctx, cfg: config.Settings) -> None:
    if DOCS_SITE not in ctx.get_site_names():
        ctx.add_data_docs_site(
            site_name=DOCS_SITE,
            site_config={
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(cfg.docs / "gx")},
            },
        )


def _ensure_suite(ctx, suite_json: dict) -> None:
    """The suite file in the GX project, rewritten only when it changed (a write rewrites config)."""
    import great_expectations as gx

    wanted = gx.ExpectationSuite(**{k: v for k, v in suite_json.items() if k != "id"})
    try:
        suite = ctx.suites.get(suite_json["name"])
        if suite.expectation_configurations != wanted.expectation_configurations or suite.meta != wanted.meta:
            ctx.suites.add_or_update(wanted)
    except Exception:  # DataContextError: not there yet
        ctx.suites.add(wanted)


def render(batches: Iterable[tuple[str, str, dt.date]], cfg: config.Settings | None = None) -> Path | None:
    """Render the Data Docs page of each (source, dataset, day) batch that has a validation result,
    and the index; returns the index page (None when there was nothing to render)."""
    from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    cfg = cfg or config.settings()
    reports = []
    for source, dataset, day in batches:
        path = partition_dir(cfg.lake, "audit", source, dataset, day) / VALIDATION_REPORT
        if path.exists():
            reports.append((source, dataset, day, json.loads(path.read_text(encoding="utf-8"))))
    if not reports:
        return None
    root = cfg.data_dir / "gx"
    with _lock(root):
        ctx = _context(str(root))
        _ensure_site(ctx, cfg)
        keys = []
        for source, dataset, day, doc in reports:
            _ensure_suite(ctx, load_suite_json(source, dataset))
            run_id = RunIdentifier(
                run_name=doc["meta"]["run_id"]["run_name"], run_time=doc["meta"]["run_id"]["run_time"]
            )
            result = ExpectationSuiteValidationResult(
                success=doc["success"],
                results=[
                    ExpectationValidationResult(
                        success=r["success"],
                        expectation_config=ExpectationConfiguration(**r["expectation_config"]),
                        result=r["result"],
                        exception_info=r["exception_info"],
                        meta=r.get("meta", {}),
                    )
                    for r in doc["results"]
                ],
                suite_name=doc["suite_name"],
                statistics=doc["statistics"],
                meta={**doc["meta"], "run_id": run_id, "active_batch_definition": None},
            )
            key = ValidationResultIdentifier(
                expectation_suite_identifier=ExpectationSuiteIdentifier(name=doc["suite_name"]),
                run_id=run_id,
                batch_identifier=f"{source}.{dataset}.{day.isoformat()}",
            )
            ctx.validation_results_store.set(key, result)
            keys.append(key)
        ctx.build_data_docs(site_names=[DOCS_SITE], resource_identifiers=keys)
    index = cfg.docs / "gx" / "index.html"
    log.info("Data Docs: %d batch page(s) and the index at %s", len(keys), index)
    return index
