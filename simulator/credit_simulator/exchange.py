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
    ASSOCIATION_FIELDS,
    AWARD_FIELDS,
    COMMITMENT_FIELDS,
    EXHIBITION_COMPLAINT_FIELDS,
    EXHIBITION_FIELDS,
    EXHIBITOR_FIELDS,
    FILING_FIELDS,
    LICENSE_FIELDS,
    LIST_FIELDS,
    OBJECTION_FIELDS,
    PREPAID_FUND_FIELDS,
    TRADE_CREDIT_FIELDS,
    Field,
)
from credit_simulator.files import write_drop_file
from credit_simulator.registry import Entity, make_uscc, pick_entity, region

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


def _enterprises(seed: int) -> list[Entity]:
    return [e for e in region(seed).entities if e.uscc.startswith("91")]


def _h(*parts: object) -> int:
    """A stable number for a thing (the same whatever day is simulated)."""
    return random.Random(":".join(map(str, parts))).randrange(1 << 30)


# 商协会: the region's associations (name, code's random stream) and what their member records say
_ASSOCIATIONS = (
    "淮安市餐饮行业协会",
    "淮安市商业联合会",
    "淮安市电子商务协会",
    "淮安市汽车流通协会",
    "淮安市家庭服务业协会",
)
_ASSOCIATION_KINDS = (("入会", 45), ("行业表彰", 20), ("自律惩戒", 25), ("退会", 5), ("除名", 5))
_HONOURS = ("诚信经营示范单位", "优秀会员单位", "消费者满意单位")
_SANCTIONS = (("警告", 50), ("通报批评", 35), ("公开谴责", 15))


def association_records(seed: int, day: dt.date, scale: float = 1.0) -> list[dict[str, object]]:
    """The day's member credit records from the region's industry associations: members joining and
    leaving, honours, self-discipline sanctions (now and then one without its level: the fault)."""
    rng = _rng(seed, "associations", day)
    members = _enterprises(seed)[40:200]
    codes = [make_uscc(random.Random(f"{seed}:association:{a}"), "51", "320800") for a in _ASSOCIATIONS]
    out = []
    for i in range(round(rng.randint(2, 6) * scale)):
        e = rng.choice(members)
        a = _h(seed, "member-of", e.uscc) % len(_ASSOCIATIONS)
        kind = rng.choices([k for k, _ in _ASSOCIATION_KINDS], [w for _, w in _ASSOCIATION_KINDS])[0]
        level = rng.choices([k for k, _ in _SANCTIONS], [w for _, w in _SANCTIONS])[0] if kind == "自律惩戒" else None
        if kind == "自律惩戒" and i >= 2 and rng.random() < 0.15:
            level = None  # the clerk left the level out (on a day of several records: not most of the batch)
        recorded = day - dt.timedelta(days=rng.randint(0, 5))
        detail = {
            "入会": "经理事会审议通过入会",
            "行业表彰": rng.choice(_HONOURS),
            "自律惩戒": rng.choice(("违反行业自律公约", "价格欺诈被投诉查实", "虚假宣传")),
            "退会": "本单位申请退会",
            "除名": "严重违反协会章程，经会员大会决议除名",
        }[kind]
        out.append(
            {
                "record_id": f"XH{day:%Y%m%d}{i:03d}",
                "association_name": _ASSOCIATIONS[a],
                "association_uscc": codes[a],
                "subject_name": e.name,
                "uscc": e.uscc,
                "kind": kind,
                "level": level,
                "recorded_on": recorded,
                "valid_until": recorded + dt.timedelta(days=365 * (3 if kind in ("入会", "行业表彰") else 2)),
                "detail": detail,
            }
        )
    return out


# 会展: the fairs announced each day, their exhibitors, and complaints at them
_VENUES = ("淮安国际会展中心", "淮安市体育会展中心", "淮安经济技术开发区展览馆")
_FAIRS = ("食品博览会", "汽车展销会", "家居建材展", "电子商务博览会", "农产品交易会", "年货购物节")
_EXHIBIT_CATEGORIES = ("食品", "汽车", "家居建材", "电子产品", "农产品", "日用百货")


def _fair(seed: int, day: dt.date) -> dict[str, object] | None:
    """The fair announced on `day` (most days have one): held from the day before to the day after."""
    rng = random.Random(f"{seed}:fair:{day.isoformat()}")
    if rng.random() < 0.2:
        return None
    organiser = rng.choice(_enterprises(seed)[200:])
    return {
        "exhibition_id": f"HZ{day:%Y%m%d}",
        "exhibition_name": f"{day.year}淮安{rng.choice(_FAIRS)}（{day:%m}月）",
        "organiser_name": organiser.name,
        "uscc": organiser.uscc,
        "venue": rng.choice(_VENUES),
        "starts_on": day - dt.timedelta(days=1),
        "ends_on": day + dt.timedelta(days=1),
        "commitment_signed": "是" if rng.random() < 0.9 else "否",
    }


def _exhibitors(seed: int, day: dt.date) -> list[dict[str, object]]:
    rng = random.Random(f"{seed}:exhibitors:{day.isoformat()}")
    pool = _enterprises(seed)[:200]
    return [
        {
            "exhibition_id": f"HZ{day:%Y%m%d}",
            "booth_no": f"{chr(65 + i // 20)}{i % 20 + 1:02d}",
            "subject_name": e.name,
            "uscc": e.uscc,
            "category": rng.choice(_EXHIBIT_CATEGORIES),
            "commitment_signed": "是" if rng.random() < 0.85 else "否",
        }
        for i, e in enumerate(rng.sample(pool, rng.randint(6, 14)))
    ]


def _complaints_filed(seed: int, day: dt.date) -> list[dict[str, object]]:
    """Complaints received at the day's fair, against its exhibitors; handled the next day."""
    rng = random.Random(f"{seed}:fair-complaints:{day.isoformat()}")
    if _fair(seed, day) is None:
        return []
    exhibitors = _exhibitors(seed, day)
    out = []
    for i in range(rng.randint(1, 4)):
        x = rng.choice(exhibitors)
        out.append(
            {
                "complaint_id": f"HZTS{day:%Y%m%d}{i:02d}",
                "exhibition_id": x["exhibition_id"],
                "subject_name": x["subject_name"],
                "uscc": x["uscc"] if rng.random() < 0.8 else None,  # a visitor knows the name only
                "category": rng.choice(("知识产权", "商品质量", "虚假宣传", "价格欺诈", "合同纠纷", "服务质量")),
                "received_on": day,
                "result": "处理中",
                "handled_on": None,
                "detail": "展会现场投诉",
            }
        )
    return out


def exhibition_records(seed: int, dataset: str, day: dt.date, scale: float = 1.0) -> list[dict[str, object]]:
    """The exhibition office's day: the fair announced (organiser, dates, venue, 诚信办展承诺), its
    exhibitors (诚信参展承诺), the complaints received at it, and yesterday's complaints handled."""
    if dataset == "exhibitions":
        fair = _fair(seed, day)
        return [fair] if fair else []
    if dataset == "exhibitors":
        return _exhibitors(seed, day) if _fair(seed, day) else []
    handled = []
    for k, c in enumerate(_complaints_filed(seed, day - dt.timedelta(days=1))):
        # the first complaint at a fair is the one the office upholds; the others half the time
        upheld = k == 0 or _h(seed, c["complaint_id"]) % 100 < 50
        # now and then the clerk closes a complaint without its day (the fault: quarantined); only
        # on a busy day, so the day's batch is not mostly bad (too_many_bad_rows would hold it)
        forgot = k >= 2 and _h(seed, "forgot", c["complaint_id"]) % 100 < 30
        handled.append(
            {
                **c,
                "result": "投诉成立" if upheld else "投诉不成立",
                "handled_on": None if forgot else day,
                "detail": "经调查投诉属实，责令整改并赔偿" if upheld else "经调查投诉不属实",
            }
        )
    return handled + _complaints_filed(seed, day)


# 商务备案: the trades the bureau supervises by filing; the first ones are prepaid-card issuers
_FILED = (
    ("单用途商业预付卡发卡", 12),
    ("二手车交易市场", 4),
    ("报废机动车回收拆解", 3),
    ("再生资源回收", 8),
    ("成品油经营", 6),
    ("典当", 4),
    ("拍卖", 3),
)
_ISSUER_CLASSES = ("集团发卡企业", "品牌发卡企业", "规模发卡企业", "其他发卡企业")
_CHECK_RESULTS = (("合格", 75), ("基本合格", 12), ("不合格", 8), ("未参检", 5))


def _filings(seed: int) -> list[tuple[str, str, Entity]]:
    """(filing number, trade, entity) of every filing in the register."""
    pool = _enterprises(seed)[120:]
    out, i = [], 0
    for trade, n in _FILED:
        for _ in range(n):
            out.append((f"BA3208{i:04d}", trade, pool[i]))
            i += 1
    return out


def _filing_state(seed: int, filing_no: str, trade: str, e: Entity, day: dt.date) -> dict[str, object]:
    h = _h(seed, "filing", filing_no)
    filed = dt.date(2019, 1, 1) + dt.timedelta(days=h % 2000)
    check_year = day.year - 1 if day.month >= 4 else day.year - 2
    roll = _h(seed, "check", filing_no, check_year) % 100
    result, acc = "合格", 0
    for r, w in _CHECK_RESULTS:
        acc += w
        if roll < acc:
            result = r
            break
    revoked = h % 23 == 0
    return {
        "filing_no": filing_no,
        "trade": trade,
        "subject_name": e.name,
        "uscc": e.uscc,
        "filed_on": filed,
        "status": "撤销" if revoked else "正常",
        "status_on": (filed + dt.timedelta(days=400 + h % 300)) if revoked else filed,
        "check_year": check_year,
        "check_result": result,
        "checked_on": dt.date(check_year + 1, 1, 10) + dt.timedelta(days=h % 80),
        "remarks": "年检材料齐全" if result in ("合格", "基本合格") else "年检发现问题，已责令整改",
    }


def filing_records(seed: int, day: dt.date, scale: float = 1.0) -> list[dict[str, object]]:
    """The filing register's day: about a third of the filings, each re-sent with its state that day
    (status, the latest annual check)."""
    rng = _rng(seed, "filings", day)
    filings = _filings(seed)
    chosen = [f for f in filings if rng.random() < 0.34 * scale]
    out = [_filing_state(seed, *f, day) for f in chosen]
    for rec in out:  # the fault: a revocation typed in without its day, now and then
        if rec["status"] == "撤销" and rng.random() < 0.3:
            rec["status_on"] = None
    return out


def prepaid_issuers(seed: int) -> list[tuple[str, Entity, str]]:
    """(filing number, issuer, issuer class) of the prepaid-card issuers; the first one is failing:
    its prepaid balance keeps growing while its escrow deposit stays put."""
    return [
        (no, e, _ISSUER_CLASSES[_h(seed, "issuer", no) % len(_ISSUER_CLASSES)])
        for no, trade, e in _filings(seed)
        if trade == "单用途商业预付卡发卡"
    ]


_DEPOSIT_NEEDED = {"集团发卡企业": 0.4, "品牌发卡企业": 0.3, "规模发卡企业": 0.2, "其他发卡企业": 0.2}


def prepaid_fund_records(seed: int, day: dt.date, scale: float = 1.0) -> list[dict[str, object]]:
    """The prepaid-card issuers' fund reports (单用途预付卡业务信息系统): the balance of prepaid money
    owed to card holders against the deposit held in escrow; most issuers report on a given day."""
    rng = _rng(seed, "prepaid_funds", day)
    out = []
    for i, (_, e, cls) in enumerate(prepaid_issuers(seed)):
        if i > 0 and rng.random() < 0.4:
            continue
        base = 200_000 + _h(seed, "balance", e.uscc) % 3_000_000
        days = day.toordinal() - dt.date(2026, 1, 1).toordinal()
        if i == 0:  # failing: selling cards it will not honour; the deposit stays what it was
            balance = base * (1 + 0.005 * days)
            deposit = base * 0.45
        else:
            balance = base * (1 + rng.uniform(-0.05, 0.05))
            deposit = balance * (_DEPOSIT_NEEDED[cls] + 0.05 + (_h(seed, "margin", e.uscc) % 30) / 100)
        out.append(
            {
                "subject_name": e.name,
                "uscc": e.uscc,
                "issuer_class": cls,
                "reported_on": day,
                # as the issuers' clerks write amounts: with thousands separators, or in 万元
                "prepaid_balance_yuan": f"{balance:,.2f}" if i % 3 == 1 else round(balance, 2),
                "escrow_deposit_yuan": f"{deposit / 10000:.2f}万元" if i % 4 == 2 else round(deposit, 2),
                "escrow_bank": "江苏银行淮安分行",
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
    "associations": (ASSOCIATION_FIELDS, association_records, "商协会会员信用"),
}
# sources that send one file per dataset: source -> dataset -> (fields, records, file stem)
MULTI_EXCHANGES: dict[str, dict[str, tuple[tuple[Field, ...], Callable[..., list[dict]], str]]] = {
    "exhibitions": {
        "exhibitions": (
            EXHIBITION_FIELDS,
            lambda s, d, x=1.0: exhibition_records(s, "exhibitions", d, x),
            "会展_展会登记",
        ),
        "exhibitors": (
            EXHIBITOR_FIELDS,
            lambda s, d, x=1.0: exhibition_records(s, "exhibitors", d, x),
            "会展_参展企业",
        ),
        "complaints": (
            EXHIBITION_COMPLAINT_FIELDS,
            lambda s, d, x=1.0: exhibition_records(s, "complaints", d, x),
            "会展_展会投诉",
        ),
    },
    "filed_trades": {
        "filings": (FILING_FIELDS, filing_records, "商务备案登记"),
        "prepaid_funds": (PREPAID_FUND_FIELDS, prepaid_fund_records, "预付卡资金存管"),
    },
}


def write_drop(
    source: str, inbox: Path, seed: int, day: dt.date, scale: float = 1.0, plant: str | None = None
) -> list[Path]:
    """The day's upload: CSV (GBK, Chinese headers) on even days, XLSX with machine codes on odd ones;
    one file per dataset for a source of several."""
    files = MULTI_EXCHANGES.get(source) or {source: EXCHANGES[source]}
    folder = inbox / source / day.isoformat()
    written = []
    for fields, make, stem in files.values():
        records = make(seed, day, scale)
        if day.toordinal() % 2 == 0:
            path = folder / f"淮安市_{stem}_{day:%Y%m%d}.csv"
            written.append(write_drop_file(path, fields, records, "csv-gbk", day, plant=plant))
            continue
        path = folder / f"淮安市_{stem}_{day:%Y%m%d}.xlsx"
        spelling = {f.column: f.code for f in fields}
        written.append(write_drop_file(path, fields, records, "xlsx", day, spelling=spelling, plant=plant))
    return written
