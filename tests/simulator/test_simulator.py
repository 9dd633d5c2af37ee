from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from credit_simulator import gov_penalties
from credit_simulator.registry import region

from credit.core.domain import PENALTY_TYPES
from credit.core.identifiers import IdStatus, normalise_code, uscc_status
from tests.conftest import SEED


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_drop_is_deterministic_for_seed_and_date(tmp_path: Path) -> None:
    day = dt.date(2026, 11, 20)
    gov_penalties.write_drop(tmp_path / "a", SEED, day)
    gov_penalties.write_drop(tmp_path / "b", SEED, day)
    a = _digest(tmp_path / "a" / "gov_penalties" / day.isoformat())
    b = _digest(tmp_path / "b" / "gov_penalties" / day.isoformat())
    assert a == b
    assert {Path(n).suffix for n in a} == {".csv", ".xlsx"}
    gov_penalties.write_drop(tmp_path / "c", SEED + 1, day)
    assert _digest(tmp_path / "c" / "gov_penalties" / day.isoformat()) != a


def test_csv_is_gbk_with_chinese_headers(tmp_path: Path) -> None:
    files = gov_penalties.write_drop(tmp_path, SEED, dt.date(2026, 11, 20))
    csv_file = next(p for p in files if p.suffix == ".csv")
    raw = csv_file.read_bytes()
    header = raw.decode("gbk").splitlines()[0]
    assert header.startswith("行政相对人名称,行政相对人类别,统一社会信用代码")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:  # pragma: no cover - a GBK file with Chinese text is never valid UTF-8
        raise AssertionError("the CSV should be GBK, not UTF-8")


def test_region_has_letter_authority_codes_all_valid() -> None:
    entities = region(SEED).entities
    assert {e.uscc[:2] for e in entities} >= {"91", "92", "N2", "Y1"}
    assert all(uscc_status(e.uscc) is IdStatus.VALID for e in entities)
    assert all(e.division.startswith("3208") for e in entities)


def test_records_cover_the_awkward_cases_over_a_month() -> None:
    rows = [r for d in range(30) for r in gov_penalties.records(SEED, dt.date(2026, 3, 1) + dt.timedelta(d))]
    statuses = {uscc_status(normalise_code(r["uscc"])) for r in rows if r["uscc"]}
    assert {IdStatus.VALID, IdStatus.BAD_CHECK, IdStatus.MASKED} <= statuses
    raw_codes = [str(r["uscc"]) for r in rows if r["uscc"]]
    assert any(c != c.upper() for c in raw_codes), "some lowercase codes"
    assert any(any(ord(ch) > 0xFF00 for ch in c) for c in raw_codes), "some full-width codes"
    assert any(r["subject_category"] == "自然人" and r["id_number"] for r in rows)
    assert {t for r in rows for t in str(r["penalty_types"]).split(";")} <= set(PENALTY_TYPES)
    assert any(r["decided_on"] in gov_penalties.SPRING_FESTIVAL_2026_DATES for r in rows)
    assert any(isinstance(r["fine_wan"], float) for r in rows)


# docs/domain.md §1.1: positions 1-2 of the code name the entity type; a name says the same
_NAME_OF_TYPE = {
    "91": ("有限公司", "股份有限公司"),
    "92": ("店", "馆"),
    "93": ("专业合作社",),
    "12": ("中心", "学校", "站"),
    "52": ("学校", "养老院", "中心", "幼儿园"),
    "N2": ("村股份经济合作社",),
    "A1": ("干部休养所",),
    "Y1": ("联谊会",),
}


def test_region_names_agree_with_their_code_types_and_are_unique() -> None:
    reg = region(SEED)
    wrong = [(e.uscc[:2], e.name) for e in reg.entities if not e.name.endswith(_NAME_OF_TYPE[e.uscc[:2]])]
    assert not wrong, wrong[:5]
    cooperative_companies = [e.name for e in reg.entities if e.uscc[:2] != "91" and "有限公司" in e.name]
    assert not cooperative_companies
    names = [e.name for e in reg.entities]
    assert len(set(names)) == len(names), "a name under two codes"
