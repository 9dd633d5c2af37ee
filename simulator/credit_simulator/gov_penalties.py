"""Simulated 双公示 penalty drops: what county and city bureaus upload to the exchange each day.

One CSV in GBK with Chinese headers (the city bureau) and one XLSX with CF_ codes (the district
bureaus), realistic per docs/domain.md §1-§2, with a small share of the dirt real drops carry.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from credit.core.domain import RESIDENT_ID_TYPE, SUBJECT_PERSON
from credit.ingest.layouts import PENALTY_FIELDS, REPAIR_FIELDS
from credit_simulator.files import write_drop_file
from credit_simulator.registry import Region, make_uscc, pick_entity, region

SOURCE = "gov_penalties"

# Relative frequency of each legal penalty type in commerce enforcement.
_TYPE_WEIGHTS: dict[str, int] = {
    "警告": 22,
    "通报批评": 4,
    "罚款": 50,
    "没收违法所得": 10,
    "没收非法财物": 4,
    "暂扣许可证件": 3,
    "降低资质等级": 1,
    "吊销许可证件": 3,
    "限制开展生产经营活动": 1,
    "责令停产停业": 2,
    "责令关闭": 1,
    "限制从业": 1,
}
_VIOLATIONS: tuple[tuple[str, str], ...] = (
    ("销售不合格商品", "《中华人民共和国产品质量法》第四十九条"),
    ("虚假宣传", "《中华人民共和国反不正当竞争法》第二十条"),
    ("未明码标价", "《明码标价和禁止价格欺诈规定》第二十一条"),
    ("无照经营", "《无证无照经营查处办法》第十三条"),
    ("单用途预付卡违规发卡", "《单用途商业预付卡管理办法（试行）》第三十六条"),
    ("食品经营许可违规", "《中华人民共和国食品安全法》第一百二十二条"),
    ("商业欺诈", "《侵害消费者权益行为处罚办法》第十四条"),
)
# docs/domain.md §2: decisions on the 2026 Spring Festival make-up working weekend days and around them.
SPRING_FESTIVAL_2026_DATES = (
    dt.date(2026, 2, 13),
    dt.date(2026, 2, 14),
    dt.date(2026, 2, 27),
    dt.date(2026, 2, 28),
)


@dataclass(frozen=True)
class Authority:
    name: str
    abbr: str
    uscc: str


def _authorities(reg: Region, seed: int) -> tuple[Authority, ...]:
    rng = random.Random(f"{seed}:authorities")
    return (
        Authority("淮安市市场监督管理局", "市监", make_uscc(rng, "11", "320800")),
        Authority("淮安市商务局", "商", make_uscc(rng, "11", "320800")),
        Authority("淮安市清江浦区市场监督管理局", "清市监", make_uscc(rng, "11", "320812")),
        Authority("淮安市淮阴区市场监督管理局", "淮阴市监", make_uscc(rng, "11", "320804")),
    )


def _dirty_code(rng: random.Random, code: str) -> str:
    """The dirt real drops carry: case, width, spaces (normalisable) and broken or masked codes."""
    roll = rng.random()
    if roll < 0.03:
        return code.lower()
    if roll < 0.06:
        return code.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})  # full-width
    if roll < 0.08:
        return f" {code[:6]} {code[6:]} "
    if roll < 0.10:
        bad = "0" if code[-1] != "0" else "1"
        return code[:-1] + bad
    if roll < 0.11:
        return code[:6] + "******" + code[12:]
    return code


def _fmt_date(rng: random.Random, day: dt.date) -> str:
    return rng.choice([day.isoformat(), f"{day.year}/{day.month}/{day.day}", f"{day:%Y年%m月%d日}"])


CORRECTION_DELAY = 2  # days after which a bureau re-sends a decision corrected


def records(seed: int, day: dt.date, scale: float = 1.0) -> list[dict[str, object]]:
    """The day's penalty records: the day's decisions and, on most days, one decision of
    CORRECTION_DELAY days before re-sent corrected (更正: the licence revocation the clerk left out,
    which makes it serious; docs/domain.md §3.4)."""
    out = _decisions(seed, day, scale)
    rng = random.Random(f"{seed}:{SOURCE}:corrections:{day.isoformat()}")
    earlier = [
        r
        for r in _decisions(seed, day - dt.timedelta(days=CORRECTION_DELAY), scale)
        if r["subject_category"] != SUBJECT_PERSON and "吊销许可证件" not in str(r["penalty_types"])
    ]
    if earlier and rng.random() < 0.6:
        rec = dict(rng.choice(earlier))
        types = sorted({*str(rec["penalty_types"]).split(";"), "吊销许可证件"}, key=list(_TYPE_WEIGHTS).index)
        rec.update(
            penalty_types=";".join(types),
            penalty_content=f"{rec['penalty_content']}、吊销许可证件",
            license_affected="食品经营许可证",
            remarks="更正：补录吊销许可证件",
        )
        out.append(rec)
    return out


def _decisions(seed: int, day: dt.date, scale: float = 1.0) -> list[dict[str, object]]:
    """The day's penalty decisions (column -> value), deterministic for (seed, day)."""
    reg = region(seed)
    rng = random.Random(f"{seed}:{SOURCE}:{day.isoformat()}")
    authorities = _authorities(reg, seed)
    out: list[dict[str, object]] = []
    for i in range(round(rng.randint(30, 60) * scale)):
        authority = rng.choice(authorities)
        violation, basis = rng.choice(_VIOLATIONS)
        n_types = 1 if rng.random() < 0.8 else 2
        types = sorted(
            set(rng.choices(list(_TYPE_WEIGHTS), list(_TYPE_WEIGHTS.values()), k=n_types)),
            key=list(_TYPE_WEIGHTS).index,
        )
        roll = rng.random()
        if roll < 0.05 and day > SPRING_FESTIVAL_2026_DATES[-1]:
            decided = rng.choice(SPRING_FESTIVAL_2026_DATES)  # a late upload from the holiday
        elif roll < 0.12:
            decided = day - dt.timedelta(days=rng.randint(120, 900))  # a bureau clearing its backlog
        else:
            decided = day - dt.timedelta(days=rng.randint(1, 12))
        rec: dict[str, object] = {f.column: "" for f in PENALTY_FIELDS}
        if rng.random() < 0.25:
            person = rng.choice(reg.residents)
            rec.update(
                subject_name=person.name,
                subject_category=SUBJECT_PERSON,
                id_type=RESIDENT_ID_TYPE,
                id_number=person.resident_id,
            )
            if rng.random() < 0.03:  # a typo in the last digit
                rec["id_number"] = person.resident_id[:-1] + ("1" if person.resident_id[-1] != "1" else "2")
        else:
            entity = pick_entity(rng, reg, 0.05)
            rec.update(
                subject_name=entity.name,
                subject_category=entity.category,
                uscc=_dirty_code(rng, entity.uscc),
                legal_rep_name=entity.legal_rep,
                legal_rep_id_type=RESIDENT_ID_TYPE,
                legal_rep_id=entity.legal_rep_id,
            )
        fine = round(rng.uniform(0.05, 20.0), 4) if "罚款" in types else None
        confiscated = round(rng.uniform(0.01, 5.0), 4) if {"没收违法所得", "没收非法财物"} & set(types) else None
        rec.update(
            decision_no=f"淮{authority.abbr}罚字〔{decided.year}〕{day.timetuple().tm_yday:03d}{i:02d}号",
            violation_type=violation,
            violation_facts=f"当事人{violation}，经查属实。",
            legal_basis=basis,
            penalty_types=";".join(types),
            penalty_content="、".join(types) + (f"，罚款{fine}万元" if fine else ""),
            fine_wan=fine,
            confiscated_wan=confiscated,
            license_affected="食品经营许可证" if {"暂扣许可证件", "吊销许可证件"} & set(types) else "",
            decided_on=decided,
            valid_until=decided + dt.timedelta(days=365),
            authority=authority.name,
            authority_uscc=authority.uscc,
            data_source=authority.name,
            data_source_uscc=authority.uscc,
        )
        out.append(rec)
    return out


def repair_records(seed: int, day: dt.date, scale: float = 1.0) -> list[dict[str, object]]:
    """The day's credit-repair decisions (信用修复, docs/domain.md §3) on entities' penalties published the
    two days before. Most are granted after the minimum period; some are granted too early (the
    centre must not apply them), some refused, and now and then one cites a decision its bureau
    never published (the 双公示 report shows it overdue)."""
    rng = random.Random(f"{seed}:{SOURCE}:repairs:{day.isoformat()}")
    earlier = [
        r
        for back in (1, 2)
        for r in records(seed, day - dt.timedelta(days=back), scale)
        if r["subject_category"] != SUBJECT_PERSON
    ]
    old = [r for r in earlier if (day - r["decided_on"]).days > 400 or r["penalty_types"] == "警告"]
    recent = [r for r in earlier if r not in old]
    out: list[dict[str, object]] = []
    picks = rng.sample(old, min(len(old), round(rng.randint(1, 3) * scale)))
    picks += rng.sample(recent, min(len(recent), 1 if rng.random() < 0.5 else 0))
    for i, rec in enumerate(picks):
        applied = day - dt.timedelta(days=rng.randint(1, 20))
        out.append(
            {
                "repair_id": f"XF{day:%Y%m%d}{i:03d}",
                "decision_no": rec["decision_no"],
                "subject_name": rec["subject_name"],
                "uscc": rec["uscc"],
                "penalty_decided_on": rec["decided_on"],
                "applied_on": applied,
                "result": "准予修复" if rng.random() < 0.85 else "不予修复",
                "decided_on": day - dt.timedelta(days=rng.randint(0, 1)),
                "authority": "淮安市发展和改革委员会",
                "remarks": "已履行行政处罚决定，作出信用承诺",
            }
        )
    if rng.random() < 0.4:  # a repair application citing a decision that was never published
        entity = rng.choice(region(seed).entities)
        decided = day - dt.timedelta(days=rng.randint(15, 40))
        out.append(
            {
                "repair_id": f"XF{day:%Y%m%d}9{len(out):02d}",
                "decision_no": f"淮商罚字〔{decided.year}〕9{day.timetuple().tm_yday:03d}号",
                "subject_name": entity.name,
                "uscc": entity.uscc,
                "penalty_decided_on": decided,
                "applied_on": day - dt.timedelta(days=1),
                "result": "不予修复",
                "decided_on": day,
                "authority": "淮安市发展和改革委员会",
                "remarks": "处罚信息尚未公示",
            }
        )
    return out


def write_drop(inbox: Path, seed: int, day: dt.date, scale: float = 1.0, plant: str | None = None) -> list[Path]:
    """Write the day's drop to `inbox/gov_penalties/<day>/`: the city bureau's GBK CSV with Chinese
    headers and dates typed every which way, the districts' XLSX with CF_ codes, and the day's
    credit-repair decisions. Returns the files."""
    folder = inbox / SOURCE / day.isoformat()
    rng = random.Random(f"{seed}:{SOURCE}:{day.isoformat()}:format")
    rows = records(seed, day, scale)
    split = len(rows) * 2 // 3
    typed_by_hand = [
        {k: _fmt_date(rng, v) if isinstance(v, dt.date) else v for k, v in rec.items()} for rec in rows[:split]
    ]
    clerk = clerk_habits(seed, day, typed_by_hand)
    return [
        write_drop_file(
            folder / f"淮安市_行政处罚_{day:%Y%m%d}.csv",
            PENALTY_FIELDS,
            typed_by_hand,
            "csv-gbk",
            day,
            footer=clerk,
            plant=plant,
        ),
        write_drop_file(
            folder / f"区县_行政处罚_{day:%Y%m%d}.xlsx",
            PENALTY_FIELDS,
            rows[split:],
            "xlsx",
            day,
            spelling={f.column: f.code for f in PENALTY_FIELDS},
            plant=plant,
        ),
        write_drop_file(
            folder / f"淮安市_信用修复_{day:%Y%m%d}.csv",
            REPAIR_FIELDS,
            repair_records(seed, day, scale),
            "csv-gbk",
            day,
            plant=plant,
        ),
    ]


def clerk_habits(seed: int, day: dt.date, rows: list[dict[str, object]]) -> list[list[object]]:
    """What the city bureau's clerk does every day, by design (so every demo shows the gate at work):
    a party's ID and phone number typed into 违法事实 (masked at ingest), one USCC with a wrong check
    character and one impossible date (quarantined), and a footer with the clerk's name and mobile
    (skipped as not a record). Changes `rows` in place; returns the footer lines."""
    reg = region(seed)
    rng = random.Random(f"{seed}:{SOURCE}:{day.isoformat()}:clerk")
    person = rng.choice(reg.residents)
    if rows:
        rows[0]["violation_facts"] = (
            f"{rows[0]['violation_facts']}（当事人身份证号{person.resident_id}，电话{person.phone}）"
        )
    orgs = [r for r in rows[1:] if r["subject_category"] != SUBJECT_PERSON and r["uscc"]]
    if orgs:
        code = str(orgs[0]["uscc"])
        orgs[0]["uscc"] = code[:-1] + ("0" if code[-1] != "0" else "1")
    if len(rows) > 2:
        rows[-1]["decided_on"] = f"{day.year}-02-30"
    clerk = rng.choice(reg.residents)
    return [["填表人：" + clerk.name, "联系电话：" + clerk.phone]]


def clean_records(seed: int, day: dt.date, n: int) -> list[dict[str, object]]:
    """The day's first `n` records with every identifier repaired: a base that tests and the bad-input
    corpus dirty one thing at a time."""
    reg = region(seed)
    out = []
    for i, rec in enumerate(records(seed, day)[:n]):
        rec = dict(rec)
        if rec["subject_category"] == SUBJECT_PERSON:
            rec["id_number"] = reg.residents[i].resident_id
        else:
            entity = reg.entities[i]
            rec.update(uscc=entity.uscc, subject_category=entity.category, subject_name=entity.name)
        out.append(rec)
    return out
