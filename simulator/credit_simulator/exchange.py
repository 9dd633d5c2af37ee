"""Simulated government file exchanges beyond penalties: licences (XK_ layout), awards, other
departments' red/black lists, credit commitments, and the objection desk's register. Deterministic
for (seed, day)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

from credit.core.domain import RESIDENT_ID_TYPE, SUBJECT_PERSON
from credit.ingest.layouts import (
    AWARD_FIELDS,
    COMMITMENT_FIELDS,
    LICENSE_FIELDS,
    LIST_FIELDS,
    OBJECTION_FIELDS,
    TRADE_CREDIT_FIELDS,
    Field,
)
from credit_simulator.files import write_drop_file
from credit_simulator.registry import Entity, pick_entity, region

_LICENSES = (
    ("食品经营许可证", "01", "预包装食品销售、散装食品销售"),
    ("酒类商品零售许可证", "02", "酒类零售"),
    ("成品油零售经营批准证书", "02", "成品油零售"),
    ("再生资源回收经营者备案", "05", "再生资源回收"),
    ("单用途商业预付卡备案", "05", "发行单用途商业预付卡"),
    ("拍卖经营批准证书", "04", "拍卖业务"),
)
_AWARDS = (
    ("评优评奖", "守合同重信用企业"),
    ("评优评奖", "诚信经营示范店"),
    ("政策支持", "商贸流通业发展专项资金"),
    ("荣誉称号", "江苏老字号"),
)
_LIST_REASONS = {
    "红名单": ("纳税信用A级", "海关高级认证企业", "守合同重信用企业"),
    "黑名单": ("拖欠农民工工资", "重大税收违法失信", "失信被执行人", "严重违法失信"),
}
_DEPARTMENTS = ("淮安市税务局", "淮安市人力资源和社会保障局", "淮安市中级人民法院", "淮安海关", "淮安市市场监督管理局")
_COMMITMENTS = ("审批替代型", "主动公示型", "行业自律型", "信用修复型")


def _rng(seed: int, source: str, day: dt.date) -> random.Random:
    return random.Random(f"{seed}:{source}:{day.isoformat()}")


def _authority(seed: int) -> tuple[str, str]:
    from credit_simulator.gov_penalties import _authorities

    a = _authorities(region(seed), seed)[1]
    return a.name, a.uscc


def license_records(seed: int, day: dt.date, scale: float = 1.0) -> list[dict[str, object]]:
    reg, rng = region(seed), _rng(seed, "gov_licenses", day)
    name, uscc = _authority(seed)
    out = []
    for i in range(round(rng.randint(15, 35) * scale)):
        cert, category, content = rng.choice(_LICENSES)
        decided = day - dt.timedelta(days=rng.randint(1, 10))
        rec: dict[str, object] = {
            "decision_doc_name": f"{cert}准予许可决定书",
            "decision_no": f"淮商许字〔{decided.year}〕{day.timetuple().tm_yday:03d}{i:02d}号",
            "license_category": category,
            "certificate_name": cert,
            "license_no": f"JY{decided:%Y%m%d}{i:04d}",
            "license_content": content,
            "decided_on": decided,
            "valid_from": decided,
            "valid_until": decided + dt.timedelta(days=365 * 5),
            "authority": name,
            "authority_uscc": uscc,
            "status": rng.choices(["有效", "注销", "撤销"], [95, 4, 1])[0],
            "data_source": name,
            "data_source_uscc": uscc,
        }
        if rng.random() < 0.1:
            person = rng.choice(reg.residents)
            rec.update(
                subject_name=person.name,
                subject_category=SUBJECT_PERSON,
                id_type=RESIDENT_ID_TYPE,
                id_number=person.resident_id,
            )
        else:
            e = rng.choice(reg.entities)
            rec.update(
                subject_name=e.name,
                subject_category=e.category,
                uscc=e.uscc,
                legal_rep_name=e.legal_rep,
                legal_rep_id_type=RESIDENT_ID_TYPE,
                legal_rep_id=e.legal_rep_id,
            )
        out.append(rec)
    return out


def award_records(seed: int, day: dt.date, scale: float = 1.0) -> list[dict[str, object]]:
    reg, rng = region(seed), _rng(seed, "gov_awards", day)
    out = []
    for i in range(round(rng.randint(0, 6) * scale)):
        kind, title = rng.choice(_AWARDS)
        e = rng.choice(reg.entities)
        awarded = day - dt.timedelta(days=rng.randint(0, 20))
        out.append(
            {
                "award_id": f"JL{day:%Y%m%d}{i:03d}",
                "subject_name": e.name,
                "uscc": e.uscc,
                "award_type": kind,
                "title": title,
                "level": rng.choice(["省级", "市级", "区县级"]),
                "awarded_on": awarded,
                "valid_until": awarded + dt.timedelta(days=365 * 2),
                "authority": rng.choice(["淮安市商务局", "淮安市人民政府", "江苏省商务厅"]),
            }
        )
    return out


def list_records(seed: int, day: dt.date, scale: float = 1.0) -> list[dict[str, object]]:
    reg, rng = region(seed), _rng(seed, "gov_lists", day)
    out = []
    for i in range(round(rng.randint(0, 5) * scale)):
        kind = "黑名单" if rng.random() < 0.5 else "红名单"
        e = pick_entity(rng, reg, 0.25 if kind == "黑名单" else 0.0)
        listed = day - dt.timedelta(days=rng.randint(0, 30))
        removed = listed + dt.timedelta(days=rng.randint(30, 200)) if rng.random() < 0.1 else None
        out.append(
            {
                "entry_id": f"MD{day:%Y%m%d}{i:03d}",
                "list_type": kind,
                "subject_name": e.name,
                "uscc": e.uscc,
                "reason": rng.choice(_LIST_REASONS[kind]),
                "department": rng.choice(_DEPARTMENTS),
                "listed_on": listed,
                "scheduled_exit_on": listed + dt.timedelta(days=365 * (3 if kind == "黑名单" else 2)),
                "removed_on": removed if removed and removed <= day else None,
                "removal_reason": "信用修复" if removed and removed <= day else None,
            }
        )
    return out


def commitment_records(seed: int, day: dt.date, scale: float = 1.0) -> list[dict[str, object]]:
    reg, rng = region(seed), _rng(seed, "commitments", day)
    out = []
    for i in range(round(rng.randint(3, 15) * scale)):
        e: Entity = rng.choice(reg.entities)
        committed = day - dt.timedelta(days=rng.randint(0, 90))
        checked = rng.random() < 0.4
        out.append(
            {
                "commitment_id": f"CN{day:%Y%m%d}{i:03d}",
                "subject_name": e.name,
                "uscc": e.uscc,
                "commitment_type": rng.choice(_COMMITMENTS),
                "content": "承诺所提交材料真实有效，遵守相关法律法规",
                "committed_on": committed,
                "check_result": rng.choices(["履约", "失信"], [92, 8])[0] if checked else "未核查",
                "checked_on": day if checked else None,
                "department": "淮安市商务局",
            }
        )
    return out


_OBJECTION_REASONS = (
    "处罚决定已被行政复议撤销",
    "主体名称与统一社会信用代码不符",
    "违法事实认定有误",
    "罚款已缴纳，公示内容未更新",
    "名单认定依据已失效",
)
_OUTCOME_NOTES = {
    "维持": "经核查，原信息准确，维持公示",
    "更正": "经核查，部分内容有误，已由认定部门更正后重新报送",
    "撤销": "经核查，原信息认定有误，撤销该条信用信息",
}


def _objections_filed(seed: int, day: dt.date, scale: float) -> list[dict[str, object]]:
    """Objections filed on `day` by entities against records published the day before (penalties,
    black-list entries), now and then against a number the centre never received."""
    from credit_simulator.gov_penalties import records as penalty_records

    rng = _rng(seed, "objections", day)
    before = day - dt.timedelta(days=1)
    records = [("行政处罚", r["decision_no"], r) for r in penalty_records(seed, before, scale)]
    records += [("黑名单", r["entry_id"], r) for r in list_records(seed, before, scale) if r["list_type"] == "黑名单"]
    records = [(kind, rid, r) for kind, rid, r in records if r.get("uscc")]
    out = []
    for i, (kind, record_id, rec) in enumerate(
        rng.sample(records, min(len(records), round(rng.randint(1, 3) * scale)))
    ):
        if rng.random() < 0.15:  # a number the centre never received: the objection desk still files it
            record_id = f"淮商罚字〔{day.year}〕8{day.timetuple().tm_yday:03d}{i:02d}号"
        out.append(
            {
                "objection_id": f"YY{day:%Y%m%d}{i:03d}",
                "subject_name": rec["subject_name"],
                "uscc": rec["uscc"],
                "record_kind": kind,
                "record_id": record_id,
                "reason": rng.choice(_OBJECTION_REASONS),
                "filed_on": day,
                "status": "审查中",
                "department": "淮安市商务局信用异议受理窗口",
            }
        )
    return out


def objection_records(seed: int, day: dt.date, scale: float = 1.0) -> list[dict[str, object]]:
    """The register's day: today's new objections (审查中), and yesterday's decided today (已办结:
    kept, corrected or removed), re-sent under the same number."""
    rng = _rng(seed, "objections:decisions", day)
    decided = []
    for rec in _objections_filed(seed, day - dt.timedelta(days=1), scale):
        outcome = rng.choices(["维持", "更正", "撤销"], [55, 15, 30])[0]
        decided.append(
            {**rec, "status": "已办结", "decided_on": day, "outcome": outcome, "decision_note": _OUTCOME_NOTES[outcome]}
        )
    return decided + _objections_filed(seed, day, scale)


# (kind, department, results with weights, months valid): the foreign-trade credit bulletin
_TRADE_CREDIT = (
    ("海关信用等级", "淮安海关", (("高级认证企业", 15), ("其他注册登记和备案企业", 80), ("失信企业", 5)), 12),
    ("纳税信用等级", "国家税务总局淮安市税务局", (("A", 30), ("B", 45), ("M", 15), ("C", 7), ("D", 3)), 12),
    ("外汇管理分类", "国家外汇管理局淮安市分局", (("A类", 85), ("B类", 10), ("C类", 5)), 24),
    ("对外投资合作不良行为", "淮安市商务局", (("不良行为记录", 1),), 24),
    ("外商投资信息报告", "淮安市商务局", (("按时报送", 70), ("逾期报送", 20), ("未报送", 10)), 12),
)


def trade_credit_records(seed: int, day: dt.date, scale: float = 1.0) -> list[dict[str, object]]:
    """The day's foreign-trade credit bulletin (外贸业务信用通报): a few assessments of the region's
    trading companies (the first 80 enterprises) by customs, tax, foreign exchange and commerce."""
    reg, rng = region(seed), _rng(seed, "foreign_trade", day)
    traders = [e for e in reg.entities if e.uscc.startswith("91")][:80]
    out = []
    for i in range(round(rng.randint(2, 8) * scale)):
        kind, department, results, months = rng.choice(_TRADE_CREDIT)
        result = rng.choices([r for r, _ in results], [w for _, w in results])[0]
        e = rng.choice(traders)
        assessed = day - dt.timedelta(days=rng.randint(0, 10))
        out.append(
            {
                "record_id": f"WM{day:%Y%m%d}{i:03d}",
                "subject_name": e.name,
                "uscc": e.uscc,
                "kind": kind,
                "result": result,
                "assessed_on": assessed,
                "valid_until": assessed + dt.timedelta(days=30 * months),
                "department": department,
                "detail": f"{kind}：{result}",
            }
        )
    return out


# source -> (fields, records, file stem, formats that bureau uses, header style)
EXCHANGES: dict[str, tuple[tuple[Field, ...], Callable[..., list[dict]], str]] = {
    "gov_licenses": (LICENSE_FIELDS, license_records, "行政许可"),
    "gov_awards": (AWARD_FIELDS, award_records, "激励记录"),
    "gov_lists": (LIST_FIELDS, list_records, "联合奖惩名单"),
    "commitments": (COMMITMENT_FIELDS, commitment_records, "信用承诺"),
    "objections": (OBJECTION_FIELDS, objection_records, "信用信息异议"),
    "foreign_trade": (TRADE_CREDIT_FIELDS, trade_credit_records, "外贸信用通报"),
}


def write_drop(
    source: str, inbox: Path, seed: int, day: dt.date, scale: float = 1.0, plant: str | None = None
) -> list[Path]:
    """The day's upload: CSV (GBK, Chinese headers) on even days, XLSX with machine codes on odd ones."""
    fields, make, stem = EXCHANGES[source]
    folder = inbox / source / day.isoformat()
    records = make(seed, day, scale)
    if day.toordinal() % 2 == 0:
        path = folder / f"淮安市_{stem}_{day:%Y%m%d}.csv"
        return [write_drop_file(path, fields, records, "csv-gbk", day, plant=plant)]
    path = folder / f"淮安市_{stem}_{day:%Y%m%d}.xlsx"
    spelling = {f.column: f.code for f in fields}
    return [write_drop_file(path, fields, records, "xlsx", day, spelling=spelling, plant=plant)]
