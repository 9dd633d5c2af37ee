"""Domain constants the validators need (docs/domain.md). Scoring weights and periods live in dbt seeds."""

from __future__ import annotations

# docs/domain.md §2: penalty types, light to heavy (Administrative Penalty Law 2021, art. 9).
PENALTY_TYPES: tuple[str, ...] = (
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
)

# docs/domain.md §2: 行政相对人类别.
SUBJECT_LEGAL = "法人及非法人组织"
SUBJECT_PERSON = "自然人"
SUBJECT_SOLE_TRADER = "个体工商户"
SUBJECT_CATEGORIES: tuple[str, ...] = (SUBJECT_LEGAL, SUBJECT_PERSON, SUBJECT_SOLE_TRADER)

# docs/domain.md §2: person ID types; only 01 (resident ID) has a check character we can verify.
ID_TYPES: dict[str, str] = {
    "01": "身份证",
    "02": "护照",
    "03": "港澳通行证",
    "04": "台湾通行证",
    "05": "外国人永久居留证",
}
RESIDENT_ID_TYPE = "01"
