"""The national 双公示 field layouts (docs/domain.md §2): Chinese header, machine code, lake column."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True)
class Field:
    """One column of a source layout.

    kind: text | org_name (text plus a `<column>_key` for matching names) | code | enum | enum_list |
          date | timestamp | amount (万元) | yuan (元) | number | int |
          id_number (hashed + masked; its ID type in `Layout.id_type_of`) | phone (hashed + masked)
    """

    header: str  # the header or JSON field as the source writes it (Chinese for file drops)
    code: str  # the machine-export code (CF_..., XK_...) or a second spelling
    column: str  # our lake column name
    kind: str = "text"
    aliases: tuple[str, ...] = ()  # other spellings seen in the wild (信用代码, 档口号, another API's name)


PII_KINDS = ("id_number", "phone")


def header_key(text: object) -> str:
    """How headers are compared: width-folded, no whitespace, upper case."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split()).upper()


@dataclass(frozen=True)
class Layout:
    """How a dataset is read: its fields in order, which column holds each identity number's type,
    and the columns that come from a file's context rather than its cells."""

    fields: tuple[Field, ...]
    # id_number column -> the column holding its ID type (absent: always a resident ID)
    id_type_of: dict[str, str] = field(default_factory=dict)
    # columns that are not in the file but come from its context (SheetRows.constants)
    context_columns: frozenset[str] = frozenset()

    def header_index(self) -> dict[str, Field]:
        out: dict[str, Field] = {}
        for f in self.fields:
            for spelling in (f.header, f.code, *f.aliases):
                out[header_key(spelling)] = f
        return out

    def expected_headers(self) -> set[str]:
        return set(self.header_index())

    def schema(self) -> pa.Schema:
        from credit.ingest.tabular import arrow_schema  # pyarrow only where a table is made

        return arrow_schema(self)


# docs/domain.md §2, in the national order.
PENALTY_FIELDS: tuple[Field, ...] = (
    Field("行政相对人名称", "CF_XDR_MC", "subject_name", "org_name"),
    Field("行政相对人类别", "CF_XDR_LB", "subject_category", "enum"),
    Field("统一社会信用代码", "CF_XDR_SHXYM", "uscc", "code"),
    Field("工商注册号", "CF_XDR_GSZC", "business_reg_no", "code"),
    Field("组织机构代码", "CF_XDR_ZZJG", "org_code", "code"),
    Field("税务登记号", "CF_XDR_SWDJ", "tax_reg_no", "code"),
    Field("事业单位证书号", "CF_XDR_SYDW", "institution_cert_no", "code"),
    Field("社会组织登记证号", "CF_XDR_SHZZ", "social_org_reg_no", "code"),
    Field("法定代表人", "CF_FRDB", "legal_rep_name"),
    Field("法定代表人证件类型", "CF_FR_ZJLX", "legal_rep_id_type", "code"),
    Field("法定代表人证件号码", "CF_FR_ZJHM", "legal_rep_id", "id_number"),
    Field("证件类型", "CF_XDR_ZJLX", "id_type", "code"),
    Field("证件号码", "CF_XDR_ZJHM", "id_number", "id_number"),
    Field("行政处罚决定书文号", "CF_WSH", "decision_no"),
    Field("违法行为类型", "CF_WFXW", "violation_type"),
    Field("违法事实", "CF_SY", "violation_facts"),
    Field("处罚依据", "CF_YJ", "legal_basis"),
    Field("处罚类别", "CF_CFLB", "penalty_types", "enum_list"),
    Field("处罚内容", "CF_NR", "penalty_content"),
    Field("罚款金额（万元）", "CF_NR_FK", "fine_wan", "amount"),
    Field("没收违法所得、没收非法财物的金额（万元）", "CF_NR_WFFF", "confiscated_wan", "amount"),
    Field("暂扣或吊销证照名称及编号", "CF_NR_ZKDX", "license_affected"),
    Field("处罚决定日期", "CF_JDRQ", "decided_on", "date"),
    Field("处罚有效期", "CF_YXQ", "valid_until", "date"),
    Field("公示截止期", "CF_GSJZQ", "publish_until_declared", "date"),
    Field("处罚机关", "CF_CFJG", "authority"),
    Field("处罚机关统一社会信用代码", "CF_CFJGDM", "authority_uscc", "code"),
    Field("数据来源单位", "CF_SJLY", "data_source"),
    Field("数据来源单位统一社会信用代码", "CF_SJLYDM", "data_source_uscc", "code"),
    Field("备注", "BZ", "remarks"),
)


# The party block shared by licensing and the other 双公示-style exchanges (docs/domain.md §2).
def _party(prefix: str) -> tuple[Field, ...]:
    return (
        Field("行政相对人名称", f"{prefix}_XDR_MC", "subject_name", "org_name"),
        Field("行政相对人类别", f"{prefix}_XDR_LB", "subject_category", "enum"),
        Field("统一社会信用代码", f"{prefix}_XDR_SHXYM", "uscc", "code", aliases=("信用代码",)),
        Field("法定代表人", f"{prefix}_FRDB", "legal_rep_name"),
        Field("法定代表人证件类型", f"{prefix}_FR_ZJLX", "legal_rep_id_type", "code"),
        Field("法定代表人证件号码", f"{prefix}_FR_ZJHM", "legal_rep_id", "id_number"),
        Field("证件类型", f"{prefix}_XDR_ZJLX", "id_type", "code"),
        Field("证件号码", f"{prefix}_XDR_ZJHM", "id_number", "id_number"),
    )


# docs/domain.md §2: licensing records.
LICENSE_FIELDS: tuple[Field, ...] = (
    *_party("XK"),
    Field("行政许可决定文书名称", "XK_XKWS", "decision_doc_name"),
    Field("行政许可决定文书号", "XK_WSH", "decision_no"),
    Field("许可类别", "XK_XKLB", "license_category", "code"),
    Field("许可证书名称", "XK_XKZS", "certificate_name"),
    Field("许可编号", "XK_XKBH", "license_no"),
    Field("许可内容", "XK_NR", "license_content"),
    Field("许可决定日期", "XK_JDRQ", "decided_on", "date"),
    Field("有效期自", "XK_YXQZ", "valid_from", "date"),
    Field("有效期至", "XK_YXQZI", "valid_until", "date"),
    Field("许可机关", "XK_XKJG", "authority"),
    Field("许可机关统一社会信用代码", "XK_XKJGDM", "authority_uscc", "code"),
    Field("当前状态", "XK_ZT", "status", "enum"),
    Field("数据来源单位", "XK_SJLY", "data_source"),
    Field("数据来源单位统一社会信用代码", "XK_SJLYDM", "data_source_uscc", "code"),
    Field("备注", "BZ", "remarks"),
)

# docs/domain.md §5: awards, policy support, honours (评优评奖, 政策支持).
AWARD_FIELDS: tuple[Field, ...] = (
    Field("记录编号", "JL_BH", "award_id"),
    Field("主体名称", "JL_ZTMC", "subject_name", "org_name"),
    Field("统一社会信用代码", "JL_SHXYM", "uscc", "code", aliases=("信用代码",)),
    Field("激励类型", "JL_LX", "award_type", "enum"),
    Field("荣誉或支持名称", "JL_MC", "title"),
    Field("级别", "JL_JB", "level", "enum"),
    Field("授予日期", "JL_SYRQ", "awarded_on", "date"),
    Field("有效期至", "JL_YXQZ", "valid_until", "date"),
    Field("授予单位", "JL_SYDW", "authority"),
)

# docs/domain.md §5: other departments' red and black lists (joint reward and punishment).
LIST_FIELDS: tuple[Field, ...] = (
    Field("名单记录编号", "MD_BH", "entry_id"),
    Field("名单类型", "MD_LX", "list_type", "enum"),
    Field("主体名称", "MD_ZTMC", "subject_name", "org_name"),
    Field("统一社会信用代码", "MD_SHXYM", "uscc", "code", aliases=("信用代码",)),
    Field("列入事由", "MD_LRSY", "reason"),
    Field("认定部门", "MD_RDBM", "department"),
    Field("列入日期", "MD_LRRQ", "listed_on", "date"),
    Field("预计移出日期", "MD_YJYCRQ", "scheduled_exit_on", "date"),
    Field("移出日期", "MD_YCRQ", "removed_on", "date"),
    Field("移出原因", "MD_YCYY", "removal_reason"),
)

# docs/domain.md §3: credit repair (信用修复) decisions on published penalties, from the same exchange.
REPAIR_FIELDS: tuple[Field, ...] = (
    Field("修复编号", "XF_BH", "repair_id"),
    Field("行政处罚决定书文号", "XF_CFWH", "decision_no", aliases=("处罚决定书文号",)),
    Field("行政相对人名称", "XF_XDR_MC", "subject_name", "org_name"),
    Field("统一社会信用代码", "XF_XDR_SHXYM", "uscc", "code", aliases=("信用代码",)),
    Field("处罚决定日期", "XF_CFJDRQ", "penalty_decided_on", "date"),
    Field("申请日期", "XF_SQRQ", "applied_on", "date"),
    Field("修复结果", "XF_JG", "result", "enum"),
    Field("修复决定日期", "XF_JDRQ", "decided_on", "date"),
    Field("修复机关", "XF_XFJG", "authority"),
    Field("备注", "XF_BZ", "remarks"),
)

# docs/domain.md §5: credit commitments and the result of checks on them.
COMMITMENT_FIELDS: tuple[Field, ...] = (
    Field("承诺编号", "CN_BH", "commitment_id"),
    Field("主体名称", "CN_ZTMC", "subject_name", "org_name"),
    Field("统一社会信用代码", "CN_SHXYM", "uscc", "code", aliases=("信用代码",)),
    Field("承诺类型", "CN_LX", "commitment_type", "enum"),
    Field("承诺事项", "CN_SX", "content"),
    Field("承诺日期", "CN_RQ", "committed_on", "date"),
    Field("核查结果", "CN_HCJG", "check_result", "enum"),
    Field("核查日期", "CN_HCRQ", "checked_on", "date"),
    Field("受理部门", "CN_SLBM", "department"),
)

# 外贸信用信息 — the foreign-trade departments' credit bulletin (外贸业务信用通报机制, docs/domain.md §5
# "Foreign trade"): customs classes, tax grades, foreign-exchange classes, outbound-investment bad
# conduct, foreign-investment information reports; one row per assessment.
TRADE_CREDIT_FIELDS: tuple[Field, ...] = (
    Field("记录编号", "WM_BH", "record_id"),
    Field("主体名称", "WM_ZTMC", "subject_name", "org_name"),
    Field("统一社会信用代码", "WM_SHXYM", "uscc", "code", aliases=("信用代码",)),
    Field("信息类别", "WM_LB", "kind", "enum"),
    Field("认定结果", "WM_JG", "result", "enum"),
    Field("认定日期", "WM_RQ", "assessed_on", "date"),
    Field("有效期至", "WM_YXQ", "valid_until", "date"),
    Field("认定部门", "WM_BM", "department"),
    Field("说明", "WM_SM", "detail"),
)

# 商协会会员信用信息 — industry associations' member credit records (docs/domain.md §5 "Industry
# associations"): joining and leaving, the association's honours and its self-discipline sanctions;
# market credit information, one row per record.
ASSOCIATION_FIELDS: tuple[Field, ...] = (
    Field("记录编号", "XH_BH", "record_id"),
    Field("协会名称", "XH_XHMC", "association_name", "org_name"),
    Field("协会统一社会信用代码", "XH_XHDM", "association_uscc", "code"),
    Field("会员名称", "XH_HYMC", "subject_name", "org_name", aliases=("会员单位",)),
    Field("会员统一社会信用代码", "XH_HYDM", "uscc", "code", aliases=("统一社会信用代码",)),
    Field("记录类别", "XH_LB", "kind", "enum"),
    Field("惩戒等级", "XH_DJ", "level", "enum"),
    Field("记录日期", "XH_RQ", "recorded_on", "date"),
    Field("有效期至", "XH_YXQ", "valid_until", "date"),
    Field("事由", "XH_SY", "detail"),
)

# 会展 — exhibitions (docs/domain.md §5 "Exhibitions"): the exhibitions held in the region with their
# organiser and its 诚信办展 commitment, the exhibitors with their 诚信参展 commitment, and the
# complaints received at each fair; one file per dataset and day.
EXHIBITION_FIELDS: tuple[Field, ...] = (
    Field("展会编号", "HZ_ZHBH", "exhibition_id", "code"),
    Field("展会名称", "HZ_ZHMC", "exhibition_name"),
    Field("主办单位", "HZ_ZBDW", "organiser_name", "org_name"),
    Field("主办单位统一社会信用代码", "HZ_ZBDM", "uscc", "code"),
    Field("举办场馆", "HZ_CG", "venue"),
    Field("开幕日期", "HZ_KMRQ", "starts_on", "date"),
    Field("闭幕日期", "HZ_BMRQ", "ends_on", "date"),
    Field("诚信办展承诺", "HZ_CN", "commitment_signed", "enum"),
)
EXHIBITOR_FIELDS: tuple[Field, ...] = (
    Field("展会编号", "HZ_ZHBH", "exhibition_id", "code"),
    Field("展位号", "HZ_ZWH", "booth_no", "code"),
    Field("参展企业名称", "HZ_CZQY", "subject_name", "org_name"),
    Field("统一社会信用代码", "HZ_SHXYM", "uscc", "code", aliases=("信用代码",)),
    Field("展品类别", "HZ_ZPLB", "category"),
    Field("诚信参展承诺", "HZ_CN", "commitment_signed", "enum"),
)
EXHIBITION_COMPLAINT_FIELDS: tuple[Field, ...] = (
    Field("投诉编号", "HZ_TSBH", "complaint_id", "code"),
    Field("展会编号", "HZ_ZHBH", "exhibition_id", "code"),
    Field("被投诉企业名称", "HZ_BTSQY", "subject_name", "org_name"),
    Field("统一社会信用代码", "HZ_SHXYM", "uscc", "code", aliases=("信用代码",)),
    Field("投诉类别", "HZ_TSLB", "category", "enum"),
    Field("受理日期", "HZ_SLRQ", "received_on", "date"),
    Field("处理结果", "HZ_CLJG", "result", "enum"),
    Field("办结日期", "HZ_BJRQ", "handled_on", "date"),
    Field("处理说明", "HZ_SM", "detail"),
)

# 商务备案 — the trades the commerce bureau supervises by filing (docs/domain.md §5 "Filed trades and
# prepaid cards"): the filing register of each trade with its status and annual check, re-sent when
# either changes; and the prepaid-card issuers' fund reports (预收资金余额 against 存管资金).
FILING_FIELDS: tuple[Field, ...] = (
    Field("备案编号", "BA_BABH", "filing_no", "code"),
    Field("备案行业", "BA_HY", "trade", "enum"),
    Field("企业名称", "BA_QYMC", "subject_name", "org_name"),
    Field("统一社会信用代码", "BA_SHXYM", "uscc", "code", aliases=("信用代码",)),
    Field("备案日期", "BA_BARQ", "filed_on", "date"),
    Field("备案状态", "BA_ZT", "status", "enum"),
    Field("状态变更日期", "BA_ZTRQ", "status_on", "date"),
    Field("年检年度", "BA_NJND", "check_year", "int"),
    Field("年检结果", "BA_NJJG", "check_result", "enum"),
    Field("年检日期", "BA_NJRQ", "checked_on", "date"),
    Field("备注", "BA_BZ", "remarks"),
)
PREPAID_FUND_FIELDS: tuple[Field, ...] = (
    Field("发卡企业名称", "YFK_QYMC", "subject_name", "org_name"),
    Field("统一社会信用代码", "YFK_SHXYM", "uscc", "code", aliases=("信用代码",)),
    Field("发卡企业类型", "YFK_LX", "issuer_class", "enum"),
    Field("报告日期", "YFK_BGRQ", "reported_on", "date"),
    Field("预收资金余额（元）", "YFK_YE", "prepaid_balance_yuan", "yuan", aliases=("预收资金余额",)),
    Field("存管资金（元）", "YFK_CG", "escrow_deposit_yuan", "yuan", aliases=("存管资金",)),
    Field("存管银行", "YFK_YH", "escrow_bank"),
)

# 信用信息异议 — objections to a credit record and their decisions (docs/domain.md §5 "Objections"):
# the objection desk's register, one row per objection, re-sent when its status changes.
OBJECTION_FIELDS: tuple[Field, ...] = (
    Field("异议编号", "YY_BH", "objection_id"),
    Field("主体名称", "YY_ZTMC", "subject_name", "org_name"),
    Field("统一社会信用代码", "YY_SHXYM", "uscc", "code", aliases=("信用代码",)),
    Field("异议信息类别", "YY_XXLB", "record_kind", "enum"),
    Field("异议信息编号", "YY_XXBH", "record_id", aliases=("决定文书号", "名单编号")),
    Field("异议理由", "YY_LY", "reason"),
    Field("申请日期", "YY_SQRQ", "filed_on", "date"),
    Field("办理状态", "YY_ZT", "status", "enum"),
    Field("办结日期", "YY_BJRQ", "decided_on", "date"),
    Field("处理结果", "YY_JG", "outcome", "enum"),
    Field("处理说明", "YY_SM", "decision_note"),
    Field("受理部门", "YY_SLBM", "department"),
)

# Wholesale markets: one file per market per dataset per day; headers vary by market.
MERCHANT_FIELDS: tuple[Field, ...] = (
    Field("市场编号", "market_id", "market_id", "code"),
    Field("摊位号", "stall_no", "stall_no", "code", aliases=("档口号", "铺位号")),
    Field("商户名称", "merchant_name", "merchant_name", "org_name", aliases=("经营者名称", "商户")),
    Field("统一社会信用代码", "uscc", "uscc", "code", aliases=("信用代码", "社会信用代码")),
    Field("经营类别", "category", "category", "enum", aliases=("经营品类",)),
    Field("入场日期", "entered_on", "entered_on", "date", aliases=("进场日期",)),
)
INSPECTION_FIELDS: tuple[Field, ...] = (
    Field("市场编号", "market_id", "market_id", "code"),
    Field("样品编号", "sample_no", "sample_no", "code", aliases=("抽检编号",)),
    Field("摊位号", "stall_no", "stall_no", "code", aliases=("档口号", "铺位号")),
    Field("抽检品种", "item", "item", aliases=("样品名称",)),
    Field("检测项目", "test_item", "test_item", aliases=("检验项目",)),
    Field("检测结果", "result", "result", "enum", aliases=("结果", "判定")),
    Field("抽检日期", "inspected_on", "inspected_on", "date", aliases=("检测日期",)),
)
TRADE_FIELDS: tuple[Field, ...] = (
    Field("市场编号", "market_id", "market_id", "code"),
    Field("摊位号", "stall_no", "stall_no", "code", aliases=("档口号", "铺位号")),
    Field("交易日期", "trade_date", "trade_date", "date", aliases=("日期",)),
    Field("交易笔数", "trades", "trades", "int", aliases=("笔数",)),
    Field("交易量（公斤）", "volume_kg", "volume_kg", "number", aliases=("交易量(kg)", "重量（公斤）")),
    Field("交易额（元）", "amount_yuan", "amount_yuan", "yuan", aliases=("金额（元）", "交易金额")),
)

# E-commerce platforms: platform A's JSON names first, platform B's as aliases.
SHOP_FIELDS: tuple[Field, ...] = (
    Field("platform", "platform", "platform", "code"),
    Field("shopId", "mall_id", "shop_id", "code"),
    Field("shopName", "mall_name", "shop_name", "org_name"),
    Field("creditCode", "social_credit_code", "uscc", "code"),
    Field("sellerType", "merchant_type", "seller_type", "enum"),
    Field("region", "area_code", "division_code", "code"),
    Field("openDate", "create_time", "opened_at", "timestamp"),
    Field("updatedAt", "modify_time", "updated_at", "timestamp"),
)
REVIEW_FIELDS: tuple[Field, ...] = (
    Field("platform", "platform", "platform", "code"),
    Field("reviewId", "comment_id", "review_id", "code"),
    Field("shopId", "mall_id", "shop_id", "code"),
    Field("buyerNick", "buyer_uid", "consumer_id"),
    Field("rating", "score", "rating", "int"),
    Field("content", "comment", "content"),
    Field("reviewedAt", "comment_time", "reviewed_at", "timestamp"),
    Field("updatedAt", "modify_time", "updated_at", "timestamp"),
)
DISPUTE_FIELDS: tuple[Field, ...] = (
    Field("platform", "platform", "platform", "code"),
    Field("disputeId", "refund_id", "dispute_id", "code"),
    Field("shopId", "mall_id", "shop_id", "code"),
    Field("buyerNick", "buyer_uid", "consumer_id"),
    Field("disputeType", "reason_type", "dispute_type", "enum"),
    Field("status", "refund_status", "status", "enum"),
    Field("amount", "refund_amount", "amount_yuan", "yuan"),
    Field("openedAt", "apply_time", "opened_at", "timestamp"),
    Field("updatedAt", "modify_time", "updated_at", "timestamp"),
)
VIOLATION_FIELDS: tuple[Field, ...] = (
    Field("platform", "platform", "platform", "code"),
    Field("violationId", "punish_id", "violation_id", "code"),
    Field("shopId", "mall_id", "shop_id", "code"),
    Field("violationType", "punish_reason", "violation_type", "enum"),
    Field("action", "punish_action", "action", "enum"),
    Field("occurredAt", "punish_time", "occurred_at", "timestamp"),
    Field("updatedAt", "modify_time", "updated_at", "timestamp"),
)

# Third-party credit raters (JSON API).
RATING_FIELDS: tuple[Field, ...] = (
    Field("ratingId", "rating_id", "rating_id", "code"),
    Field("agency", "agency", "agency"),
    Field("creditCode", "uscc", "uscc", "code"),
    Field("entityName", "entity_name", "entity_name", "org_name"),
    Field("rating", "grade", "rating", "code"),
    Field("outlook", "outlook", "outlook", "enum"),
    Field("ratedOn", "rated_on", "rated_on", "date"),
    Field("validUntil", "valid_until", "valid_until", "date"),
)

# 12312 commerce hotline complaints (JSON API); the business is often named only by name.
COMPLAINT_FIELDS: tuple[Field, ...] = (
    Field("complaintId", "complaint_id", "complaint_id", "code"),
    Field("receivedAt", "received_at", "received_at", "timestamp"),
    Field("businessName", "business_name", "business_name", "org_name"),
    Field("businessCreditCode", "business_uscc", "uscc", "code"),
    Field("areaCode", "division_code", "division_code", "code"),
    Field("category", "category", "category", "enum"),
    Field("summary", "summary", "summary"),
    Field("consumerPhone", "consumer_phone", "consumer_phone", "phone"),
    Field("status", "status", "status", "enum"),
    Field("amount", "amount_yuan", "amount_yuan", "yuan"),
)

# Household-service registry (JSON API): companies and workers (personal data: hashed at ingest).
HOUSEHOLD_COMPANY_FIELDS: tuple[Field, ...] = (
    Field("companyId", "company_id", "company_id", "code"),
    Field("creditCode", "uscc", "uscc", "code"),
    Field("name", "name", "name", "org_name"),
    Field("areaCode", "division_code", "division_code", "code"),
    Field("serviceTypes", "service_types", "service_types", "enum_list"),
    Field("registeredOn", "registered_on", "registered_on", "date"),
    Field("status", "status", "status", "enum"),
    Field("updatedAt", "updated_at", "updated_at", "timestamp"),
)
HOUSEHOLD_WORKER_FIELDS: tuple[Field, ...] = (
    Field("workerId", "worker_id", "worker_id", "code"),
    Field("name", "name", "name"),
    Field("idNumber", "id_number", "id_number", "id_number"),
    Field("phone", "phone", "phone", "phone"),
    Field("companyId", "company_id", "company_id", "code"),
    Field("backgroundCheck", "background_check", "background_check", "enum"),
    Field("trainingCertificates", "training_certificates", "training_certificates", "enum_list"),
    Field("healthCheckOn", "health_check_on", "health_check_on", "date"),
    Field("healthValidUntil", "health_valid_until", "health_valid_until", "date"),
    Field("insured", "insured", "insured", "enum"),
    Field("ratingAvg", "rating_avg", "rating_avg", "number"),
    Field("evaluations", "evaluations", "evaluations", "int"),
    Field("complaints", "complaints", "complaints", "int"),
    Field("updatedAt", "updated_at", "updated_at", "timestamp"),
)
