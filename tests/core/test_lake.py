"""The lake's layout is defined once in Python (credit/core/lake.py) and once in dbt (macro lake_path,
and the accepted zone's source template in dbt_project.yml): these tests hold them together."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from credit.core import lake
from credit.core.config import DBT_PROJECT_DIR
from credit.ingest.catalog import SOURCES

DATA = "{{ env_var('CREDIT_DATA_DIR', 'data') }}"


def test_dbt_sources_read_the_accepted_zone_where_the_gate_writes_it() -> None:
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())
    template = project["sources"]["credit_centre"]["staging"]["+meta"]["external_location"]
    for src in SOURCES:
        for ds in src.datasets:
            expected = lake.dataset_dir(Path(DATA) / "lake", "accepted", ds.source, ds.name)
            # dbt renders the Jinja, then dbt-duckdb fills in {schema} and {name}
            assert template.replace("{schema}", ds.source).replace("{name}", ds.name) == (
                f"read_parquet('{expected}/**/*.parquet', union_by_name = true)"
            )


def test_the_dbt_macro_builds_paths_in_the_same_order() -> None:
    macro = (DBT_PROJECT_DIR / "macros" / "lake.sql").read_text()
    assert "macro lake_path(zone=none, source=none, dataset=none, leaf=none)" in macro
    assert "env_var('CREDIT_DATA_DIR', 'data') ~ '/lake'" in macro
    # what the build hands dbt for a batch (build.new_batches) is a path of this layout
    day = dt.date(2026, 11, 20)
    assert lake.partition_file("accepted", "gov_penalties", "penalties", day) == str(
        lake.partition_dir(Path("."), "accepted", "gov_penalties", "penalties", day) / lake.PART
    )


def test_partition_names_carry_the_day_and_nothing_else_is_a_partition() -> None:
    assert lake.partition_day(lake.partition_name(dt.date(2026, 2, 13))) == dt.date(2026, 2, 13)
    assert lake.partition_day("dt=2026-02-30") is None
    assert lake.partition_day("_schema.parquet") is None
