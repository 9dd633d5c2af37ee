"""The GX suites in expectations/ are generated from the catalog, the one place a gate rule is
declared (docs/architecture.md "The quality gate"): a committed suite that differs from what the
catalog generates fails here, with the command that regenerates it."""

from __future__ import annotations

import json

from credit.core.config import EXPECTATIONS_DIR
from credit.gate import suites
from credit.ingest.catalog import SOURCES

DATASETS = [ds for src in SOURCES for ds in src.datasets]


def drifted() -> dict[str, str]:
    """Suite file -> why it differs from what the catalog generates."""
    out = {}
    for ds in DATASETS:
        path = EXPECTATIONS_DIR / f"{ds.id}.json"
        if not path.exists():
            out[path.name] = "missing"
        elif path.read_text(encoding="utf-8") != suites.render(ds):
            out[path.name] = "differs from the catalog"
    known = {f"{ds.id}.json" for ds in DATASETS}
    out |= {p.name: "has no dataset in the catalog" for p in EXPECTATIONS_DIR.glob("*.json") if p.name not in known}
    return out


def test_committed_suites_are_what_the_catalog_generates() -> None:
    assert not drifted(), f"run `make suites` (or edit credit/ingest/catalog.py, not the JSON): {drifted()}"


def test_a_hand_edited_suite_is_caught(monkeypatch) -> None:
    """The drift check can fail: a threshold edited by hand in the JSON is reported."""
    ds = next(d for d in DATASETS if d.id == "gov_penalties.penalties")
    edited = json.loads(suites.render(ds))
    edited["meta"]["policy"]["max_quarantine_share"] = 0.9
    real_read = type(EXPECTATIONS_DIR).read_text

    def read_text(self, *args, **kwargs):
        if self.name == f"{ds.id}.json":
            return json.dumps(edited, ensure_ascii=False, indent=2) + "\n"
        return real_read(self, *args, **kwargs)

    monkeypatch.setattr(type(EXPECTATIONS_DIR), "read_text", read_text)
    assert drifted() == {f"{ds.id}.json": "differs from the catalog"}


def test_every_rule_a_suite_checks_is_named_and_has_a_severity() -> None:
    for ds in DATASETS:
        suite = suites.build_suite(ds)
        rules = [e["meta"]["rule"] for e in suite["expectations"]]
        assert len(rules) == len(set(rules)), f"{ds.id}: a rule name repeats"
        assert {e["severity"] for e in suite["expectations"]} <= {"critical", "warning", "info"}


def test_conditional_rules_are_declared_in_the_catalog_with_their_condition() -> None:
    penalties = suites.build_suite(next(d for d in DATASETS if d.id == "gov_penalties.penalties"))
    by_rule = {e["meta"]["rule"]: e for e in penalties["expectations"]}
    assert by_rule["uscc_valid"]["kwargs"]["row_condition"]["operator"] == "!="
    assert by_rule["resident_id_valid"]["kwargs"]["row_condition"]["parameter"] == "自然人"
    assert by_rule["uscc_orgcode_consistent"]["severity"] == "info"


def test_the_volume_policy_is_data_in_the_suite() -> None:
    for ds in DATASETS:
        policy = suites.build_suite(ds)["meta"]["policy"]
        assert policy["history_days"] == ds.policy.history_days
        assert policy["spike_factor"] == ds.policy.spike_factor
        assert policy["earliest_date"] == ds.policy.earliest_date.isoformat()
