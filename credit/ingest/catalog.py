"""Every source and raw dataset the centre ingests, and every rule its quality gate checks.

One entry per raw dataset: its layout (how it is read), its record key, its row rules, the rules that
hold only for some rows (`Conditional`), and its batch policy (`BatchPolicy`: volume bounds, the
history the volume is judged against, the share of bad rows that blocks a batch, the earliest
business date). This is the one place a gate rule is declared (docs/architecture.md "The quality
gate"): `credit/gate/suites.py` generates the GX suites in `expectations/` from it, and a test
fails when a committed suite differs from what it generates.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field

from credit.core.config import DBT_PROJECT_DIR
from credit.core.domain import PENALTY_TYPES, SUBJECT_CATEGORIES, SUBJECT_PERSON
from credit.core.identifiers import IdStatus
from credit.ingest import layouts as L
from credit.ingest.layouts import Layout

REPAIR_RESULTS = ("准予修复", "不予修复")
RATING_SCALE = ("AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C")  # raters' long-term scale
# USCC statuses a record may be used with (docs/domain.md §1.1: an organisation-code mismatch is kept)
USABLE_USCC = (IdStatus.VALID.value, IdStatus.ORGCODE_MISMATCH.value)


@dataclass(frozen=True)
class BatchPolicy:
    """The batch-level rules of a dataset, as numbers (critical: they block the whole batch)."""

    min_rows: int = 1  # volume_in_range
    max_rows: int = 2_000_000
    # volume_vs_history: against the median rows of the last `history_days` batches not blocked
    # (judged only with at least `history_min_batches` of them), an empty day where the usual is
    # `usual_rows_for_empty_check` or more, or over `spike_factor` x the usual (and over
    # `spike_floor` rows), is held
    history_days: int = 14
    history_min_batches: int = 3
    usual_rows_for_empty_check: int = 5
    spike_factor: int = 10
    spike_floor: int = 100
    # too_many_bad_rows: past this share of rows breaking row rules the batch is blocked
    max_quarantine_share: float = 0.5
    # business dates before this are unreadable as facts (`<date>_in_range`)
    earliest_date: dt.date = dt.date(1990, 1, 1)
    # a day without a file for this dataset is judged as an empty batch (True), or is "not uploaded"
    # (False: other datasets of the same drop may come without it; API pages always arrive)
    arrives_daily: bool = False


@dataclass(frozen=True)
class Conditional:
    """A row rule that holds only where `when` does, or a rule of its own shape (a pattern)."""

    rule: str
    severity: str  # "warning" quarantines the row, "info" reports it
    column: str
    description: str
    allowed: tuple[str, ...] = ()
    regex: str | None = None
    present: bool = False  # the column must be filled (where `when` holds)
    # (column, operator, value): the rows the rule applies to, e.g. ("subject_category", "!=", "自然人")
    when: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class Dataset:
    source: str
    name: str
    layout: Layout
    key: tuple[str, ...]
    required: tuple[str, ...] = ()
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    non_negative: tuple[str, ...] = ()
    between: dict[str, tuple[float, float]] = field(default_factory=dict)
    # business dates that must lie between the policy's earliest date and the batch date
    past_dates: tuple[str, ...] = ()
    # USCC columns: True = every row must carry a valid one; False = valid where given
    uscc: dict[str, bool] = field(default_factory=dict)
    # resident-ID columns that must be valid where given
    resident_ids: tuple[str, ...] = ()
    conditional: tuple[Conditional, ...] = ()
    policy: BatchPolicy = BatchPolicy()

    @property
    def id(self) -> str:
        return f"{self.source}.{self.name}"


# The Airflow connections (host, port, bearer token as password) each API source reads.
CONNECTIONS: dict[str, tuple[str, ...]] = {
    "ecommerce": ("credit_ecommerce_platform_a", "credit_ecommerce_platform_b"),
    "raters": ("credit_raters",),
    "complaints_12312": ("credit_12312",),
    "household": ("credit_household",),
}


@dataclass(frozen=True)
class Source:
    id: str
    kind: str  # "files" | "api"
    title: str
    datasets: tuple[Dataset, ...]

    def dataset(self, name: str) -> Dataset:
        return next(d for d in self.datasets if d.name == name)

    @property
    def connections(self) -> tuple[str, ...]:
        return CONNECTIONS.get(self.id, ())


def _party_layout(fields: tuple[L.Field, ...]) -> Layout:
    return Layout(fields, id_type_of={"legal_rep_id": "legal_rep_id_type", "id_number": "id_type"})


_PENALTY_TYPE = "|".join(PENALTY_TYPES)
# 双公示 records: who the party is decides how it is identified (docs/domain.md §2.2).
_PARTY_RULES = (
    Conditional(
        "uscc_valid",
        "warning",
        "uscc_status",
        "Organisations and sole traders carry a USCC that passes GB 32100 (docs/domain.md §1.1); "
        "a masked code cannot identify an entity.",
        allowed=USABLE_USCC,
        when=("subject_category", "!=", SUBJECT_PERSON),
    ),
    Conditional(
        "resident_id_valid",
        "warning",
        "id_number_status",
        "A natural person carries an identity number; a resident ID passes GB 11643 (docs/domain.md §1.2).",
        allowed=(IdStatus.VALID.value,),
        when=("subject_category", "==", SUBJECT_PERSON),
    ),
)
_ORGCODE_REPORTED = Conditional(
    "uscc_orgcode_consistent",
    "info",
    "uscc_status",
    "The organisation code inside the USCC passes GB 11714; a mismatch is reported, not held (docs/domain.md §1.1).",
    allowed=tuple(s.value for s in IdStatus if s is not IdStatus.ORGCODE_MISMATCH),
)
PENALTY_RULES = (
    *_PARTY_RULES,
    Conditional(
        "penalty_types_legal",
        "warning",
        "penalty_types",
        "Every 处罚类别 is a legal penalty type (Administrative Penalty Law art. 9, docs/domain.md §2.4).",
        regex=f"^(?:{_PENALTY_TYPE})(?:;(?:{_PENALTY_TYPE}))*$",
    ),
    Conditional(
        "legal_rep_id_valid",
        "info",
        "legal_rep_id_status",
        "The legal representative's ID passes GB 11643 where given; reported, not held.",
        allowed=(IdStatus.VALID.value, IdStatus.MISSING.value),
    ),
    _ORGCODE_REPORTED,
)
LICENSE_RULES = (*_PARTY_RULES, _ORGCODE_REPORTED)
# 外贸信用 (docs/domain.md §5 "Foreign trade"): each kind of assessment, its gate rule and the results
# it may give, read from the seed the warehouse maps them with (trade_credit_results: one table)
TRADE_CREDIT_RESULTS_FILE = DBT_PROJECT_DIR / "seeds" / "trade_credit_results.csv"


def _trade_credit_results() -> dict[str, tuple[str, tuple[str, ...]]]:
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    with TRADE_CREDIT_RESULTS_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rule, results = out.get(row["kind"], (row["rule"], ()))
            out[row["kind"]] = (rule, (*results, row["result"]))
    return out


TRADE_CREDIT_RESULTS = _trade_credit_results()
# 商协会 (docs/domain.md §5 "Industry associations"): what a member record says, and a sanction's levels
ASSOCIATION_KINDS = ("入会", "退会", "行业表彰", "自律惩戒", "除名")
ASSOCIATION_LEVELS = ("警告", "通报批评", "公开谴责")
# 会展 (docs/domain.md §5 "Exhibitions")
YES_NO = ("是", "否")
EXHIBITION_COMPLAINT_CATEGORIES = ("知识产权", "商品质量", "虚假宣传", "价格欺诈", "合同纠纷", "服务质量")
EXHIBITION_COMPLAINT_RESULTS = ("处理中", "投诉成立", "投诉不成立")
# 商务备案 (docs/domain.md §5 "Filed trades and prepaid cards"): the trades filed with the bureau,
# a filing's statuses and an annual check's results; prepaid-card issuers' classes (their deposit
# ratios are the seed prepaid_deposit_ratios)
FILED_TRADES = (
    "单用途商业预付卡发卡",
    "二手车交易市场",
    "报废机动车回收拆解",
    "再生资源回收",
    "成品油经营",
    "典当",
    "拍卖",
)
FILING_STATUSES = ("正常", "变更", "注销", "撤销")
FILING_CHECK_RESULTS = ("合格", "基本合格", "不合格", "未参检")
PREPAID_ISSUER_CLASSES = ("集团发卡企业", "品牌发卡企业", "规模发卡企业", "其他发卡企业")
OBJECTION_RECORD_KINDS = ("行政处罚", "黑名单")
OBJECTION_STATUSES = ("审查中", "已办结")
OBJECTION_OUTCOMES = ("维持", "更正", "撤销")
_OPTIONAL = BatchPolicy(min_rows=0)  # a day without any record is normal for this dataset
_DAILY = BatchPolicy(arrives_daily=True)


SOURCES: tuple[Source, ...] = (
    Source(
        "gov_penalties",
        "files",
        "双公示 administrative penalties (government file exchange)",
        (
            Dataset(
                "gov_penalties",
                "penalties",
                _party_layout(L.PENALTY_FIELDS),
                key=("decision_no",),
                required=("subject_name", "subject_category", "decision_no", "penalty_types", "decided_on"),
                enums={"subject_category": SUBJECT_CATEGORIES},
                non_negative=("fine_wan", "confiscated_wan"),
                past_dates=("decided_on",),
                conditional=PENALTY_RULES,
                policy=_DAILY,  # the city bureau's exchange file comes every day
            ),
            Dataset(
                "gov_penalties",
                "repairs",
                Layout(L.REPAIR_FIELDS),
                key=("repair_id",),
                required=("repair_id", "decision_no", "result", "decided_on"),
                enums={"result": REPAIR_RESULTS},
                past_dates=("applied_on", "decided_on"),
                uscc={"uscc": False},
                policy=_OPTIONAL,
            ),
        ),
    ),
    Source(
        "gov_licenses",
        "files",
        "双公示 administrative licences (government file exchange)",
        (
            Dataset(
                "gov_licenses",
                "licenses",
                _party_layout(L.LICENSE_FIELDS),
                key=("decision_no",),
                required=("subject_name", "subject_category", "decision_no", "license_category", "decided_on"),
                enums={
                    "subject_category": SUBJECT_CATEGORIES,
                    "license_category": ("01", "02", "03", "04", "05", "06"),
                    "status": ("有效", "无效", "注销", "撤销", "吊销"),
                },
                past_dates=("decided_on",),
                conditional=LICENSE_RULES,
            ),
        ),
    ),
    Source(
        "gov_awards",
        "files",
        "Awards, policy support and honours (government file exchange)",
        (
            Dataset(
                "gov_awards",
                "awards",
                Layout(L.AWARD_FIELDS),
                key=("award_id",),
                required=("award_id", "subject_name", "uscc", "award_type", "awarded_on"),
                enums={
                    "award_type": ("评优评奖", "政策支持", "荣誉称号"),
                    "level": ("国家级", "省级", "市级", "区县级"),
                },
                past_dates=("awarded_on",),
                uscc={"uscc": True},
                policy=_OPTIONAL,
            ),
        ),
    ),
    Source(
        "gov_lists",
        "files",
        "Red and black lists from other departments (joint reward and punishment)",
        (
            Dataset(
                "gov_lists",
                "list_entries",
                Layout(L.LIST_FIELDS),
                key=("entry_id",),
                required=("entry_id", "list_type", "subject_name", "uscc", "listed_on", "department"),
                enums={"list_type": ("红名单", "黑名单")},
                past_dates=("listed_on",),
                uscc={"uscc": True},
                policy=_OPTIONAL,
            ),
        ),
    ),
    Source(
        "commitments",
        "files",
        "Credit commitments and the results of checks on them",
        (
            Dataset(
                "commitments",
                "commitments",
                Layout(L.COMMITMENT_FIELDS),
                key=("commitment_id",),
                required=("commitment_id", "subject_name", "uscc", "commitment_type", "committed_on"),
                enums={
                    "commitment_type": ("审批替代型", "主动公示型", "行业自律型", "信用修复型"),
                    "check_result": ("履约", "失信", "未核查"),
                },
                past_dates=("committed_on",),
                uscc={"uscc": True},
                policy=_OPTIONAL,
            ),
        ),
    ),
    Source(
        "foreign_trade",
        "files",
        "Foreign-trade credit bulletin: customs, tax and forex classes, outbound conduct, investment reports",
        (
            Dataset(
                "foreign_trade",
                "trade_credit",
                Layout(L.TRADE_CREDIT_FIELDS),
                key=("record_id",),
                required=("record_id", "subject_name", "uscc", "kind", "result", "assessed_on", "department"),
                enums={"kind": tuple(TRADE_CREDIT_RESULTS)},
                past_dates=("assessed_on",),
                uscc={"uscc": True},
                conditional=tuple(
                    Conditional(
                        rule,
                        "warning",
                        "result",
                        f"A {kind} (外贸信用) gives one of the results its department issues: {'、'.join(results)} "
                        '(docs/domain.md §5 "Foreign trade").',
                        allowed=results,
                        when=("kind", "==", kind),
                    )
                    for kind, (rule, results) in TRADE_CREDIT_RESULTS.items()
                ),
                policy=_OPTIONAL,
            ),
        ),
    ),
    Source(
        "associations",
        "files",
        "Industry associations' member credit records: membership, honours, self-discipline sanctions",
        (
            Dataset(
                "associations",
                "member_records",
                Layout(L.ASSOCIATION_FIELDS),
                key=("record_id",),
                required=("record_id", "association_name", "subject_name", "uscc", "kind", "recorded_on"),
                enums={"kind": ASSOCIATION_KINDS, "level": ASSOCIATION_LEVELS},
                past_dates=("recorded_on",),
                uscc={"uscc": True, "association_uscc": False},
                conditional=(
                    Conditional(
                        "association_sanction_has_level",
                        "warning",
                        "level",
                        "A self-discipline sanction (自律惩戒) carries its level: 警告, 通报批评 or 公开谴责 "
                        '(docs/domain.md §5 "Industry associations").',
                        present=True,
                        when=("kind", "==", "自律惩戒"),
                    ),
                ),
                policy=_OPTIONAL,
            ),
        ),
    ),
    Source(
        "exhibitions",
        "files",
        "Exhibitions: fairs held with their organisers, exhibitors, commitments and complaints",
        (
            Dataset(
                "exhibitions",
                "exhibitions",
                Layout(L.EXHIBITION_FIELDS),
                key=("exhibition_id",),
                required=("exhibition_id", "exhibition_name", "organiser_name", "uscc", "starts_on", "ends_on"),
                enums={"commitment_signed": YES_NO},
                uscc={"uscc": True},
                policy=_OPTIONAL,
            ),
            Dataset(
                "exhibitions",
                "exhibitors",
                Layout(L.EXHIBITOR_FIELDS),
                key=("exhibition_id", "booth_no"),
                required=("exhibition_id", "booth_no", "subject_name", "uscc"),
                enums={"commitment_signed": YES_NO},
                uscc={"uscc": True},
                policy=_OPTIONAL,
            ),
            Dataset(
                "exhibitions",
                "complaints",
                Layout(L.EXHIBITION_COMPLAINT_FIELDS),
                key=("complaint_id",),
                required=("complaint_id", "exhibition_id", "subject_name", "category", "received_on", "result"),
                enums={"category": EXHIBITION_COMPLAINT_CATEGORIES, "result": EXHIBITION_COMPLAINT_RESULTS},
                past_dates=("received_on", "handled_on"),
                uscc={"uscc": False},
                conditional=(
                    Conditional(
                        "exhibition_complaint_handled_has_date",
                        "warning",
                        "handled_on",
                        "A complaint handled (投诉成立 or 投诉不成立) carries the day it was handled "
                        '(docs/domain.md §5 "Exhibitions").',
                        present=True,
                        when=("result", "!=", "处理中"),
                    ),
                ),
                policy=_OPTIONAL,
            ),
        ),
    ),
    Source(
        "filed_trades",
        "files",
        "Trades filed with the bureau (备案): filing registers and annual checks; prepaid-card issuers' funds",
        (
            Dataset(
                "filed_trades",
                "filings",
                Layout(L.FILING_FIELDS),
                key=("filing_no",),
                required=("filing_no", "trade", "subject_name", "uscc", "filed_on", "status"),
                enums={"trade": FILED_TRADES, "status": FILING_STATUSES, "check_result": FILING_CHECK_RESULTS},
                past_dates=("filed_on", "status_on", "checked_on"),
                uscc={"uscc": True},
                conditional=(
                    Conditional(
                        "filing_revoked_has_date",
                        "warning",
                        "status_on",
                        "A revoked filing (撤销) carries the day it was revoked "
                        '(docs/domain.md §5 "Filed trades and prepaid cards").',
                        present=True,
                        when=("status", "==", "撤销"),
                    ),
                ),
                policy=_OPTIONAL,
            ),
            Dataset(
                "filed_trades",
                "prepaid_funds",
                Layout(L.PREPAID_FUND_FIELDS),
                key=("uscc", "reported_on"),
                required=(
                    "subject_name",
                    "uscc",
                    "issuer_class",
                    "reported_on",
                    "prepaid_balance_yuan",
                    "escrow_deposit_yuan",
                ),
                enums={"issuer_class": PREPAID_ISSUER_CLASSES},
                non_negative=("prepaid_balance_yuan", "escrow_deposit_yuan"),
                past_dates=("reported_on",),
                uscc={"uscc": True},
                policy=_OPTIONAL,
            ),
        ),
    ),
    Source(
        "objections",
        "files",
        "Objections to credit records (信用信息异议) and their decisions",
        (
            Dataset(
                "objections",
                "objections",
                Layout(L.OBJECTION_FIELDS),
                key=("objection_id",),
                required=(
                    "objection_id",
                    "subject_name",
                    "uscc",
                    "record_kind",
                    "record_id",
                    "filed_on",
                    "status",
                ),
                enums={
                    "record_kind": OBJECTION_RECORD_KINDS,
                    "status": OBJECTION_STATUSES,
                    "outcome": OBJECTION_OUTCOMES,
                },
                past_dates=("filed_on", "decided_on"),
                uscc={"uscc": True},
                conditional=tuple(
                    Conditional(
                        f"objection_decided_has_{column}",
                        "warning",
                        column,
                        f'A decided objection (已办结) carries its {what} (docs/domain.md §5 "Objections").',
                        present=True,
                        when=("status", "==", "已办结"),
                    )
                    for column, what in (
                        ("outcome", "outcome: kept, corrected or removed"),
                        ("decided_on", "decision day"),
                    )
                ),
                policy=_OPTIONAL,
            ),
        ),
    ),
    Source(
        "wholesale",
        "files",
        "Wholesale markets: stalls, product inspections (抽检), daily trade summaries",
        (
            Dataset(
                "wholesale",
                "merchants",
                Layout(L.MERCHANT_FIELDS, context_columns=frozenset({"market_id"})),
                key=("market_id", "stall_no"),
                required=("market_id", "stall_no", "merchant_name"),
                uscc={"uscc": False},
            ),
            Dataset(
                "wholesale",
                "inspections",
                Layout(L.INSPECTION_FIELDS, context_columns=frozenset({"market_id"})),
                key=("market_id", "sample_no"),
                required=("market_id", "sample_no", "stall_no", "item", "result", "inspected_on"),
                enums={"result": ("合格", "不合格")},
                past_dates=("inspected_on",),
                policy=_OPTIONAL,
            ),
            Dataset(
                "wholesale",
                "trades",
                Layout(L.TRADE_FIELDS, context_columns=frozenset({"market_id"})),
                key=("market_id", "stall_no", "trade_date"),
                required=("market_id", "stall_no", "trade_date"),
                non_negative=("trades", "volume_kg", "amount_yuan"),
                past_dates=("trade_date",),
                policy=_DAILY,  # every market reports its trades every day
            ),
        ),
    ),
    Source(
        "ecommerce",
        "api",
        "E-commerce platforms: shops, reviews, disputes, platform violations",
        (
            Dataset(
                "ecommerce",
                "shops",
                Layout(L.SHOP_FIELDS, context_columns=frozenset({"platform"})),
                key=("platform", "shop_id"),
                required=("platform", "shop_id", "shop_name", "updated_at"),
                enums={"seller_type": ("企业", "个体工商户", "个人")},
                uscc={"uscc": False},
            ),
            Dataset(
                "ecommerce",
                "reviews",
                Layout(L.REVIEW_FIELDS, context_columns=frozenset({"platform"})),
                key=("platform", "review_id"),
                required=("platform", "review_id", "shop_id", "consumer_id", "rating", "reviewed_at"),
                between={"rating": (1, 5)},
            ),
            Dataset(
                "ecommerce",
                "disputes",
                Layout(L.DISPUTE_FIELDS, context_columns=frozenset({"platform"})),
                key=("platform", "dispute_id"),
                required=("platform", "dispute_id", "shop_id", "opened_at"),
                non_negative=("amount_yuan",),
                policy=_OPTIONAL,
            ),
            Dataset(
                "ecommerce",
                "violations",
                Layout(L.VIOLATION_FIELDS, context_columns=frozenset({"platform"})),
                key=("platform", "violation_id"),
                required=("platform", "violation_id", "shop_id", "violation_type", "occurred_at"),
                policy=_OPTIONAL,
            ),
        ),
    ),
    Source(
        "raters",
        "api",
        "Third-party credit ratings (AAA..C), outlook and validity, several agencies",
        (
            Dataset(
                "raters",
                "ratings",
                Layout(L.RATING_FIELDS),
                key=("rating_id",),
                required=("rating_id", "agency", "uscc", "rating", "rated_on"),
                enums={"rating": RATING_SCALE, "outlook": ("正面", "稳定", "负面", "观察")},
                past_dates=("rated_on",),
                uscc={"uscc": True},
                policy=_OPTIONAL,
            ),
        ),
    ),
    Source(
        "complaints_12312",
        "api",
        "Consumer complaints from the 12312 commerce hotline",
        (
            Dataset(
                "complaints_12312",
                "complaints",
                Layout(L.COMPLAINT_FIELDS),
                key=("complaint_id",),
                required=("complaint_id", "received_at", "business_name", "category"),
                enums={"status": ("受理", "调解中", "已办结", "不予受理")},
                non_negative=("amount_yuan",),
                uscc={"uscc": False},
            ),
        ),
    ),
    Source(
        "household",
        "api",
        "Household-service (家政) companies and workers",
        (
            Dataset(
                "household",
                "companies",
                Layout(L.HOUSEHOLD_COMPANY_FIELDS),
                key=("company_id",),
                required=("company_id", "name", "uscc", "updated_at"),
                uscc={"uscc": True},
                policy=_OPTIONAL,
            ),
            Dataset(
                "household",
                "workers",
                Layout(L.HOUSEHOLD_WORKER_FIELDS),
                key=("worker_id",),
                required=("worker_id", "name", "company_id", "updated_at"),
                enums={"background_check": ("通过", "未通过", "待查"), "insured": ("是", "否")},
                between={"rating_avg": (1, 5)},
                non_negative=("evaluations", "complaints"),
                resident_ids=("id_number",),
                policy=_OPTIONAL,
            ),
        ),
    ),
)


def source(source_id: str) -> Source:
    for s in SOURCES:
        if s.id == source_id:
            return s
    raise KeyError(f"unknown source {source_id!r}; known: {', '.join(s.id for s in SOURCES)}")


def dataset(dataset_id: str) -> Dataset:
    src, name = dataset_id.split(".", 1)
    return source(src).dataset(name)
