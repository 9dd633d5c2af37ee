"""The national 双公示 field layouts (DOMAIN.md §2): Chinese header, machine code, lake column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    header: str  # Chinese header as in the national template
    code: str  # machine-export code (CF_...)
    column: str  # our lake column name
    kind: str = "text"  # text | code | date | amount | id_number | enum


# DOMAIN.md §2, in the national order.
PENALTY_FIELDS: tuple[Field, ...] = (
    Field("行政相对人名称", "CF_XDR_MC", "subject_name"),
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
    Field("处罚类别", "CF_CFLB", "penalty_types", "enum"),
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


def header_map(fields: tuple[Field, ...]) -> dict[str, str]:
    """Every accepted spelling of a header (Chinese, code; width- and space-insensitive) -> column."""
    import unicodedata

    out: dict[str, str] = {}
    for f in fields:
        for spelling in (f.header, f.code):
            key = "".join(unicodedata.normalize("NFKC", spelling).split()).upper()
            out[key] = f.column
    return out
