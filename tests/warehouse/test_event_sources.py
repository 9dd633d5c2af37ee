"""Adding a source's credit events (macros/credit_events.sql): in a copy of the dbt project, a new
programme's events need only their model, their seed rows (score_event_points, and their codes'
labels in code_labels), their YAML and their line in the var credit_event_models; the events reach
fct_credit_event and move the score of the entity they name by their points, and the profile
explains it."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from credit.core import config
from credit.warehouse import build as warehouse_build
from credit.warehouse import plan as warehouse_plan
from credit.warehouse.build import build_and_publish
from tests.conftest import DAY, HISTORY_DECLARED, published

pytestmark = pytest.mark.e2e

EVENT_MODEL = """
-- 示例项目表彰事件 — a programme added for this test: its honours as positive credit events.
with

honours as (

    select * from {{ ref('fixture_honours') }}

),

final as (

    select
        'fixture_programme' as source,
        'honours' as source_dataset,
        honour_id as source_record_id,
        'entity' as subject_type,
        uscc as subject_key,
        cast(null as varchar) as subject_name,
        'fixture_honour' as event_type,
        'granted' as outcome,
        'positive' as polarity,
        cast(null as varchar) as severity,
        granted_on as occurred_on,
        granted_on as known_on,
        granted_on as published_on,
        granted_on as publish_from,
        cast(null as date) as publish_min_until,
        cast(granted_on + interval 1 year as date) as publish_until,
        cast(null as date) as ended_on,
        cast(null as varchar) as end_reason,
        cast(null as varchar) as rule_version,
        cast(null as decimal(18, 4)) as amount_wan,
        '示例表彰：' || title as detail,
        '示例部门' as authority,
        batch_id,
        'fixture_honours.csv' as source_location
    from honours

)

select * from final
"""


def test_a_new_sources_events_need_only_its_model_seed_rows_and_yaml(
    region: config.Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with published(region) as con:
        uscc, before = con.execute(
            "select uscc, score from marts.entity_credit_profile where grade_ceiling is null"
            " and score between 300 and 900 order by uscc limit 1"
        ).fetchone()
        # the programme's records arrive through the gate like any source's: they name their batch
        (batch,) = con.execute("select max(batch_id) from quality.load_audit where batch_date = ?", [DAY]).fetchone()

    project = tmp_path / "dbt_project"
    shutil.copytree(config.DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    # its model and its YAML
    (project / "models" / "intermediate" / "events" / "int_events__fixture_programme.sql").write_text(EVENT_MODEL)
    (project / "models" / "intermediate" / "events" / "_int_events__fixture.yml").write_text(
        "version: 2\nmodels:\n  - name: int_events__fixture_programme\n"
        "    description: 示例项目表彰事件 — a programme's honours as events.\n"
    )
    seed = f"honour_id,uscc,title,granted_on,batch_id\nH1,{uscc},诚信示范,{DAY},{batch}\n"
    (project / "seeds" / "fixture_honours.csv").write_text(seed, encoding="utf-8")
    dbt_project = yaml.safe_load((project / "dbt_project.yml").read_text(encoding="utf-8"))
    dbt_project["vars"]["credit_event_models"].append("int_events__fixture_programme")
    (project / "dbt_project.yml").write_text(yaml.safe_dump(dbt_project, allow_unicode=True), encoding="utf-8")
    # its seed rows: the points of the new event type and the component they count in
    with (project / "seeds" / "score_event_points.csv").open("a", encoding="utf-8") as fh:
        fh.write("fixture_honour,granted,50,false,fixture_honour,,A,public_credit\n")
    with (project / "seeds" / "code_labels.csv").open("a", encoding="utf-8") as fh:
        fh.write("event_type,fixture_honour,示例项目表彰,fixture programme honour\n")
        fh.write("source,fixture_programme,示例项目,a fixture programme\n")

    root = tmp_path / "data"
    shutil.copytree(region.lake, root / "lake")
    monkeypatch.setenv("CREDIT_DATA_DIR", str(root))
    monkeypatch.setenv("CREDIT_HISTORY_FROM", HISTORY_DECLARED)  # what the region declared
    monkeypatch.setattr(warehouse_plan, "PROJECT_DIR", project)
    monkeypatch.setattr(warehouse_build, "PROJECT_DIR", project)
    cfg = config.settings()
    build_and_publish(cfg, full_refresh=True)

    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        events = con.execute(
            "select subject_key, base_points from marts.fct_credit_event where source = 'fixture_programme'"
        ).fetchall()
        after, text = con.execute(
            "select score, explanation_text from marts.entity_credit_profile where uscc = ?", [uscc]
        ).fetchone()
    assert events == [(uscc, 50)]
    assert after == before + 50, "its points moved the score by exactly its seed row"
    assert "示例表彰：诚信示范 +50" in text, "and the profile explains it"
