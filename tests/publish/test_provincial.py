"""The provincial push (docs/architecture.md "The provincial push"): the day's 双公示 records and
list changes in the national exchange layout, every record checked against its layout before it is
written, nothing personal in clear, and every selected record either written or refused with its rule."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from credit.core import config
from credit.core.identifiers import uscc_check_char
from credit.ingest import layouts as L
from credit.publish import provincial
from credit.publish.daily_exports import scan_for_personal_data
from tests.platforms.conftest import copy_published

pytestmark = pytest.mark.e2e

GOOD_USCC = "91320800MA1TEXT00" + uscc_check_char("91320800MA1TEXT00")


@pytest.fixture(scope="module")
def pushed(region: config.Settings, tmp_path_factory: pytest.TempPathFactory) -> tuple[config.Settings, Path]:
    cfg = copy_published(region, tmp_path_factory.mktemp("push") / "data")
    return cfg, provincial.push_day(cfg)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def feed_file(folder: Path, prefix: str) -> Path:
    (path,) = folder.glob(f"{prefix}_*.csv")
    return path


def test_push_files_carry_the_national_codes_in_order(pushed: tuple[config.Settings, Path]) -> None:
    cfg, folder = pushed
    day = folder.parent.name.replace("-", "")
    for feed in provincial.FEEDS:
        path = feed_file(folder, feed.prefix)
        assert path.name == f"{feed.prefix}_{cfg.region}_{day}.csv"
        with path.open(encoding="utf-8-sig", newline="") as f:
            assert next(csv.reader(f)) == [field.code for field in feed.fields]


def test_push_selected_equals_written_plus_rejected(pushed: tuple[config.Settings, Path]) -> None:
    _, folder = pushed
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    rejected = read(folder / "rejected.csv")
    for name, counts in manifest["files"].items():
        prefix = name.split("_")[0]
        assert counts["selected"] == counts["written"] + counts["rejected"], name
        assert len(read(folder / name)) == counts["written"], name
        assert len({r["记录编号"] for r in rejected if r["文件"] == prefix}) == counts["rejected"], name
    assert manifest["files"][feed_file(folder, "XZCF").name]["written"] > 0, "the day's penalties are pushed"


def test_push_carries_the_records_received_that_day(pushed: tuple[config.Settings, Path]) -> None:
    cfg, folder = pushed
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        expected = {
            r[0]
            for r in con.execute(
                "select decision_no from marts.exchange_penalties where received_on = ?", [folder.parent.name]
            ).fetchall()
        }
    refused = {r["记录编号"] for r in read(folder / "rejected.csv") if r["文件"] == "XZCF"}
    assert {r["CF_WSH"] for r in read(feed_file(folder, "XZCF"))} == expected - refused


def test_push_refuses_what_its_layout_refuses() -> None:
    feed = provincial.FEEDS[0]
    good = {
        "decision_no": "淮商罚〔2026〕1号",
        "subject_name": "淮安某某商贸有限公司",
        "subject_category": "法人及非法人组织",
        "uscc": GOOD_USCC,
        "penalty_types": "罚款",
        "decided_on": "2026-12-01",
        "fine_wan": 0.5,
    }
    assert provincial.refusals(feed, good) == []
    cases = {
        "required": {"decision_no": None},
        "code_list": {"subject_category": "公司"},
        "non_negative": {"fine_wan": -1},
        "uscc_check_char": {"authority_uscc": GOOD_USCC[:-1] + ("0" if GOOD_USCC[-1] != "0" else "1")},
        "uscc_required": {"uscc": ""},
    }
    for rule, change in cases.items():
        found = provincial.refusals(feed, {**good, **change})
        assert [r.rule for r in found] == [rule], (rule, found)
        assert found[0].code.startswith(("CF_", "BZ")) and found[0].message
    person = {**good, "subject_category": "自然人", "uscc": ""}
    assert provincial.refusals(feed, person) == [], "a natural person has no USCC to give"


def test_push_writes_no_personal_data(pushed: tuple[config.Settings, Path]) -> None:
    _, folder = pushed
    for path in folder.iterdir():
        assert scan_for_personal_data(path.read_text(encoding="utf-8-sig")) == [], path.name
    ids = [f.code for f in L.PENALTY_FIELDS if f.kind in L.PII_KINDS]
    values = [r[code] for r in read(feed_file(folder, "XZCF")) for code in ids if r[code]]
    assert values and all("*" in v for v in values), "identity numbers go out masked"


def test_push_list_changes_are_the_centres_own(pushed: tuple[config.Settings, Path]) -> None:
    """The file is the mart's rows of the day (the mart's own rules: dbt unit test
    list_changes_carry_the_centres_entries_and_exits); the region's three days may have none."""
    cfg, folder = pushed
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        expected = con.execute(
            "select entry_id, change from marts.exchange_list_changes where received_on = ?", [folder.parent.name]
        ).fetchall()
        (from_departments,) = con.execute(
            "select count(*) from marts.exchange_list_changes c join marts.credit_list l"
            " on c.entry_id = l.list_entry_id where l.source = 'gov_lists'"
        ).fetchone()
    rows = read(feed_file(folder, "MD"))
    assert len(rows) == len(expected) and from_departments == 0
    assert all(r["MD_RDBM"] == cfg.issuer and r["MD_LX"] in ("红名单", "黑名单") for r in rows)
