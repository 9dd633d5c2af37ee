"""凡办必查: the verdict an approval system gets before a licence, a subsidy or a procurement
decision (docs/domain.md §5), from the published warehouse.

  restricted  an active black-list entry, or a serious penalty inside its publication window:
              the joint punishment measures apply;
  caution     grade C or D, or an early warning raised in the last `check_warning_open_days`
              days (seed credit_parameters): examine closely, no green channel;
  eligible    on the green channel (no bad record in three years, marts.green_channel): 容缺受理;
  normal      otherwise. An entity clean on records too short for the green channel's years is
              normal, and `insufficient_history` says why in Chinese (docs/domain.md §5 "Only what
              the records support").

The measures of each verdict are the seed joint_measures; the labels are reference.code_labels.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from credit.core import labels
from credit.core.identifiers import normalise_code, uscc_status

USABLE = ("valid", "orgcode_mismatch")


class InvalidCode(ValueError):
    """Not a USCC that could identify an entity (the message says why)."""


class UnknownEntity(LookupError):
    """A well-formed USCC the centre holds no record of."""


def valid_code(text: str) -> str:
    """The normalised USCC, or InvalidCode saying what is wrong with it (docs/domain.md §1.1)."""
    code = normalise_code(text or "")
    status = uscc_status(code).value
    if status not in USABLE:
        reasons = {
            "missing": "未提供统一社会信用代码",
            "bad_length": "统一社会信用代码应为18位",
            "bad_charset": "含有统一社会信用代码不使用的字符（I、O、Z、S、V 等）",
            "bad_authority": "第1位登记管理部门代码无效",
            "bad_birthdate": "代码格式无效",
            "bad_check": "校验码错误（第18位与前17位不符）",
            "masked": "代码已被遮蔽，无法识别主体",
        }
        raise InvalidCode(f"{reasons.get(status, '统一社会信用代码无效')}（{status}）: {code[:24]}")
    return code


def check(reader, uscc: str) -> dict[str, Any]:
    """The verdict for one entity, with its grade, score, reasons and the measures that apply."""
    code = valid_code(uscc)
    entity = reader.one(
        "select uscc, name, grade, score, scored_on, list_status, division_name from marts.dim_market_entity"
        " where uscc = ?",
        [code],
    )
    if entity is None:
        raise UnknownEntity(f"本中心尚无统一社会信用代码为 {code} 的主体的信用记录（unknown entity）")
    day: dt.date = entity["scored_on"]
    reasons: list[dict[str, Any]] = []
    black = reader.rows(
        "select reason, entered_on, scheduled_exit_on from marts.credit_list"
        " where subject_key = ? and list_type = 'black' and is_active order by entered_on",
        [code],
    )
    reasons += [
        {"kind": "black_list", "detail": b["reason"], "since": b["entered_on"], "until": b["scheduled_exit_on"]}
        for b in black
    ]
    negative = reader.rows(
        """select event_type, severity, detail, occurred_on, publish_until, authority, source_record_id
           from marts.fct_credit_event
           where subject_type = 'entity' and subject_key = ? and polarity = 'negative'
               and event_type in ('penalty', 'commitment', 'violation', 'list_entry')
               and known_on <= ? and publish_from <= ? and ? < publish_until
               and (ended_on is null or ? < ended_on)
           order by occurred_on desc""",
        [code, day, day, day, day],
    )
    serious = [n for n in negative if n["event_type"] == "penalty" and n["severity"] == "serious"]
    reasons += [
        {
            "kind": n["event_type"],
            "severity": n["severity"],
            "detail": n["detail"],
            "since": n["occurred_on"],
            "until": n["publish_until"],
            "authority": n["authority"],
            "record": n["source_record_id"],
        }
        for n in negative
    ]
    open_days = reader.value(
        "select cast(value as integer) from reference.credit_parameters where parameter = 'check_warning_open_days'"
    )
    warnings = reader.rows(
        "select reason, level, evidence, raised_on from marts.early_warning"
        " where uscc = ? and raised_on > ? - cast(? as integer) order by raised_on desc",
        [code, day, open_days or 30],
    )
    reasons += [
        {
            "kind": "warning",
            "detail": f"{labels.zh('warning_reason', w['reason'])}：{w['evidence']}",
            "since": w["raised_on"],
        }
        for w in warnings
    ]
    green = reader.one("select basis from marts.green_channel where uscc = ?", [code])
    objected = reader.rows(
        "select record_kind, record_id, filed_on from marts.objections"
        " where subject_key = ? and status = 'under_review' order by filed_on",
        [code],
    )
    short = reader.rows(
        "select rule, records_begin_on, basis from marts.insufficient_history where uscc = ? order by rule", [code]
    )
    if black or serious:
        verdict = "restricted"
    elif entity["grade"] in ("C", "D") or warnings:
        verdict = "caution"
    elif green is not None:
        verdict = "eligible"
    else:
        verdict = "normal"
    measures = [
        m["measure"]
        for m in reader.rows("select measure from reference.joint_measures where verdict = ? order by rank", [verdict])
    ]
    for r in reasons:
        r["kind_label"] = labels.zh("check_reason", r["kind"])
    return {
        "uscc": code,
        "name": entity["name"],
        "division": entity["division_name"],
        "as_of": day.isoformat(),
        "verdict": verdict,
        "verdict_label": labels.zh("check_verdict", verdict),
        "grade": entity["grade"],
        "grade_label": labels.zh("grade", entity["grade"]),
        "score": entity["score"],
        "list_status": labels.zh("list_status", entity["list_status"]),
        "green_channel_basis": green["basis"] if green else None,
        # still counted, flagged (docs/domain.md §5 "Objections")
        "objections_under_review": [
            {
                "record_kind_label": labels.zh("objection_record_kind", o["record_kind"]),
                "record_id": o["record_id"],
                "filed_on": o["filed_on"].isoformat(),
            }
            for o in objected
        ],
        "insufficient_history": [
            {
                "rule": h["rule"],
                "rule_label": labels.zh("history_rule", h["rule"]),
                "records_begin_on": h["records_begin_on"].isoformat() if h["records_begin_on"] else None,
                "basis": h["basis"],
            }
            for h in short
        ],
        "reasons": [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items()} for r in reasons],
        "measures": measures,
    }
