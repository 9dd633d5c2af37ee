"""The day's publishable files for officials, from the published warehouse (read-only):
`exports/<date>/` holds the red list, black list, overdue 双公示 records, green channel, early
warnings, the inspection draw, the commitment check draw, the foreign-trade credit bulletin, the
exhibition-enterprise credit files, the filed-trade register, the prepaid-card issuers' funds and
refund complaints, the objections and their decisions, and the entities the centre cannot judge for want of history
(insufficient history), each as CSV (UTF-8 with BOM) and XLSX with Chinese headers, plus
`overview.html`, one page with the day's figures and charts drawn as inline SVG (no script, no
CDN). The quarterly joint reward/punishment report (`exports/quarterly/<quarter>.xlsx`) is written
by the `quarterly_report` DAG.

Nothing personal is exported: each query names its columns (no `select *`), none of them a
resident ID or phone number, clear, hashed or masked; `scan_for_personal_data` checks the files.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from credit.core import config, labels
from credit.core.identifiers import is_valid_resident_id
from credit.publish.charts import bar_chart
from credit.publish.credit_report import GRADE_COLOURS
from credit.publish.spreadsheets import write_csv, write_xlsx
from credit.warehouse.published import LAST_SCORED_DAY


@dataclass(frozen=True)
class Export:
    name: str  # file stem
    title: str  # sheet and page title
    columns: tuple[tuple[str, str], ...]  # (SQL expression, Chinese header)
    source: str  # from ... where ... (SQL after the select list)
    order: str


EXPORTS: tuple[Export, ...] = (
    Export(
        "red_list",
        "红名单（诚信典型）",
        (
            ("subject_key", "统一社会信用代码"),
            ("subject_name", "主体名称"),
            ("reason", "列入事由"),
            ("entered_on", "列入日期"),
            ("scheduled_exit_on", "计划移出日期"),
            (labels.sql("source", "source"), "数据来源"),
        ),
        "from marts.credit_list where list_type = 'red' and is_active",
        "entered_on, subject_key",
    ),
    Export(
        "black_list",
        "黑名单（严重失信主体）",
        (
            ("subject_key", "统一社会信用代码"),
            ("subject_name", "主体名称"),
            ("reason", "列入事由"),
            ("entered_on", "列入日期"),
            ("scheduled_exit_on", "计划移出日期"),
            ("repair_allowed_from", "可申请信用修复日期"),
            (labels.sql("source", "source"), "数据来源"),
        ),
        "from marts.credit_list where list_type = 'black' and is_active",
        "entered_on, subject_key",
    ),
    Export(
        "disclosure_overdue",
        "双公示逾期未公示及迟报",
        (
            ("record_id", "决定书文号"),
            (labels.sql("disclosure_kind", "kind"), "类别"),
            ("department", "决定机关"),
            ("decided_on", "决定日期"),
            ("deadline_on", "公示期限（7个工作日）"),
            ("case when deadline_estimated then '是' else '否' end", "期限为估算"),
            ("published_on", "公示日期"),
            (labels.sql("disclosure_status", "status"), "状态"),
            ("days_past_deadline", "超期天数"),
        ),
        "from marts.disclosure_compliance where status in ('overdue', 'late')",
        "status desc, department, decided_on",
    ),
    Export(
        "green_channel",
        "绿色通道（容缺受理）主体",
        (
            ("uscc", "统一社会信用代码"),
            ("name", "主体名称"),
            ("division_code", "行政区划"),
            ("grade", "信用等级"),
            ("clean_since", "无失信记录起始"),
            ("records_begin_on", "本中心记录起始日"),
            ("basis", "依据"),
        ),
        "from marts.green_channel",
        "uscc",
    ),
    Export(
        "foreign_trade_bulletin",
        "外贸信用通报（海关、税务、外汇、商务）",
        (
            ("subject_key", "统一社会信用代码"),
            ("subject_name", "主体名称"),
            ("detail", "认定结果"),
            (labels.sql("severity", "severity"), "严重程度"),
            ("occurred_on", "认定日期"),
            ("publish_until", "有效期至"),
            ("authority", "认定部门"),
            ("source_record_id", "记录编号"),
        ),
        # the bad results in force on the day, for the departments concerned (docs/domain.md §5 "Foreign trade")
        f"""from marts.fct_credit_event
           where event_type = 'foreign_trade' and polarity = 'negative' and subject_type = 'entity'
             and publish_until > {LAST_SCORED_DAY}
             and (ended_on is null or ended_on > {LAST_SCORED_DAY})""",
        "severity desc, subject_key, occurred_on",
    ),
    Export(
        "exhibition_credit_files",
        "会展企业信用档案",
        (
            ("subject_key", "统一社会信用代码"),
            ("subject_name", "企业名称"),
            ("exhibitions_organised", "主办展会数"),
            ("exhibitions_attended", "参展次数"),
            ("commitments_signed", "签署诚信承诺次数"),
            ("complaints_received", "展会投诉数"),
            ("complaints_upheld", "投诉成立数"),
            ("commitments_broken", "违反诚信参展承诺数"),
            ("grade", "信用等级"),
            ("summary", "档案摘要"),
        ),
        # docs/domain.md §5 "Exhibitions"
        "from marts.exhibition_credit_file",
        "commitments_broken desc, complaints_upheld desc, subject_key",
    ),
    Export(
        "filed_trade_register",
        "商务备案行业名录（年检与撤销）",
        (
            ("filing_no", "备案编号"),
            ("trade", "备案行业"),
            ("subject_key", "统一社会信用代码"),
            ("subject_name", "企业名称"),
            ("filed_on", "备案日期"),
            (labels.sql("filing_status", "status"), "备案状态"),
            ("check_year", "年检年度"),
            (labels.sql("filing_check", "check_result"), "年检结果"),
            ("grade", "信用等级"),
        ),
        # docs/domain.md §5 "Filed trades and prepaid cards"
        "from marts.filed_trade_register",
        "trade, filing_no",
    ),
    Export(
        "prepaid_card_risk",
        "单用途预付卡发卡企业资金存管与退款投诉",
        (
            ("uscc", "统一社会信用代码"),
            ("name", "发卡企业名称"),
            ("issuer_class", "发卡企业类型"),
            ("reported_on", "报告日期"),
            ("prepaid_balance_yuan", "预收资金余额（元）"),
            ("escrow_deposit_yuan", "存管资金（元）"),
            ("round(100 * deposit_share, 1)", "存管比例（%）"),
            ("round(100 * deposit_ratio_required)", "应存管比例（%）"),
            ("case when deposit_short then '是' else '否' end", "存管不足"),
            ("refund_complaints_recent", "近期退款投诉（件）"),
            ("prepaid_warnings_open", "预警数"),
        ),
        # docs/domain.md §5 "Filed trades and prepaid cards"
        "from marts.prepaid_card_issuers",
        "deposit_short desc, refund_complaints_recent desc, uscc",
    ),
    Export(
        "objections",
        "信用信息异议办理情况",
        (
            ("objection_id", "异议编号"),
            ("subject_key", "统一社会信用代码"),
            ("subject_name", "主体名称"),
            (labels.sql("objection_record_kind", "record_kind"), "异议信息类别"),
            ("record_id", "异议信息编号"),
            ("case when record_held then '是' else '否（本中心无此记录）' end", "本中心有此记录"),
            ("filed_on", "申请日期"),
            (labels.sql("objection_status", "status"), "办理状态"),
            ("decided_on", "办结日期"),
            (labels.sql("objection_outcome", "outcome"), "处理结果"),
            ("removed_from", "撤销生效日"),
            ("department", "受理部门"),
        ),
        "from marts.objections",
        "status desc, filed_on, objection_id",
    ),
    Export(
        "insufficient_history",
        "历史不足、不予认定主体（绿色通道、红名单）",
        (
            (labels.sql("history_rule", "rule"), "规则"),
            ("uscc", "统一社会信用代码"),
            ("name", "主体名称"),
            ("needed_from", "规则所需起始日"),
            ("records_begin_on", "本中心记录起始日"),
            ("short_of", "不足之处"),
            ("basis", "说明"),
        ),
        "from marts.insufficient_history",
        "rule, uscc",
    ),
    Export(
        "early_warnings",
        "信用预警",
        (
            ("uscc", "统一社会信用代码"),
            ("name", "主体名称"),
            (labels.sql("warning_reason", "reason"), "预警类型"),
            (labels.sql("warning_level", "level"), "预警级别"),
            ("evidence", "依据"),
            ("raised_on", "预警日期"),
        ),
        f"from marts.early_warning where raised_on = {LAST_SCORED_DAY}",
        "level, reason, uscc",
    ),
    Export(
        "inspection_draw",
        "双随机抽查名单",
        (
            ("period", "抽查期"),
            ("uscc", "统一社会信用代码"),
            ("name", "主体名称"),
            ("grade", "风险分类"),
            ("risk_class", "风险等级"),
            ("array_to_string(inspector_ids, '、')", "抽取执法人员"),
            ("draw_seed", "公开随机种子"),
            ("drawn_on", "抽取日期"),
        ),
        "from marts.inspection_plan where period = (select max(period) from marts.inspection_plan)",
        "grade, draw_rank",
    ),
    Export(
        "commitment_check_draw",
        "信用承诺随机抽查名单",
        (
            ("period", "抽查期"),
            ("commitment_id", "承诺编号"),
            ("uscc", "统一社会信用代码"),
            ("subject_name", "主体名称"),
            ("commitment_type", "承诺类型"),
            ("committed_on", "承诺日期"),
            ("department", "受理部门"),
            ("draw_seed", "公开随机种子"),
            ("drawn_on", "抽取依据日期"),
            ("check_result", "核查结果"),
        ),
        "from marts.commitment_check_draw",
        "commitment_type, draw_rank",
    ),
)

# 18-character resident IDs (valid check digit) and mainland mobile numbers, anywhere in a text
_ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<![0-9A-Fa-f])1[3-9]\d{9}(?![0-9A-Fa-f])")  # hex-aware: not inside a hash


def scan_for_personal_data(text: str) -> list[str]:
    """Resident ID numbers (with a valid check digit) and mobile numbers found in `text`."""
    found = [m for m in _ID_CANDIDATE.findall(text) if is_valid_resident_id(m)]
    return found + _PHONE.findall(text)


# A list longer than this is published as CSV only: an XLSX of a province's green channel (most of a
# million rows) takes minutes to write and more to open, and the CSV (UTF-8 with BOM) opens in
# Excel and WPS all the same. The manifest and the overview say which lists have which files.
WORKBOOK_MAX_ROWS = 100_000


def export_day(cfg: config.Settings | None = None) -> Path:
    """Write the exports of the published warehouse's as-of day; returns the folder."""
    import duckdb

    cfg = cfg or config.settings()
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        from credit.warehouse.published import scored_day

        day = scored_day(con)
        folder = cfg.exports / day.isoformat()
        counts, formats = {}, {}
        for ex in EXPORTS:
            select = ", ".join(expr for expr, _ in ex.columns)
            rows = con.execute(f"select {select} {ex.source} order by {ex.order}").fetchall()
            headers = [h for _, h in ex.columns]
            write_csv(folder / f"{ex.name}.csv", headers, rows)
            xlsx = folder / f"{ex.name}.xlsx"
            if len(rows) <= WORKBOOK_MAX_ROWS:
                write_xlsx(xlsx, headers, rows, sheet=ex.title[:31])
                formats[ex.name] = ["csv", "xlsx"]
            else:
                xlsx.unlink(missing_ok=True)  # an earlier, shorter day's file must not stand in for today's
                formats[ex.name] = ["csv"]
            counts[ex.name] = len(rows)
        overview = _overview_figures(con, day)
    overview["exports"], overview["formats"] = counts, formats
    (folder / "overview.html").write_text(render_overview(day, overview), encoding="utf-8")
    (folder / "manifest.json").write_text(
        json.dumps({"day": day.isoformat(), "rows": counts, "formats": formats}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    return folder


def _overview_figures(con, day: dt.date) -> dict:
    def pairs(sql: str) -> list[tuple]:
        return con.execute(sql).fetchall()

    return {
        "grades": pairs("select grade, count(*) from marts.dim_market_entity group by 1 order by 1"),
        "lists": pairs("select list_type, count(*) from marts.credit_list where is_active group by 1 order by 1 desc"),
        "overdue_by_department": pairs(
            """select department || case kind when 'penalty' then '（处罚）' else '（许可）' end,
                      overdue, late, coalesce(round(100 * on_time_rate, 1), 0)
               from marts.rpt_disclosure_by_department order by 2 desc, 3 desc, 1"""
        ),
        "warnings": pairs(
            f"""select reason, count(*) from marts.early_warning where raised_on = date '{day}'
                group by 1 order by 2 desc"""
        ),
        "entities": con.execute("select count(*) from marts.dim_market_entity").fetchone()[0],
        # docs/domain.md §5 "Only what the records support": how far back the records reach
        "history": pairs(
            """select k.label_zh, f.records_begin_on, f.declared_history_from is not null
               from reference.bad_record_kinds k
               left join quality.source_freshness f on f.source = k.source and f.dataset = k.dataset
               order by k.event_type"""
        ),
        "insufficient": pairs(
            f"""select {labels.sql("history_rule", "rule")}, count(*) from marts.insufficient_history
                group by rule order by rule"""
        ),
    }


def render_overview(day: dt.date, f: dict) -> str:
    dept_rows = "".join(
        f"<tr><td>{html.escape(d)}</td><td class=num>{o}</td><td class=num>{late}</td><td class=num>{rate}%</td></tr>"
        for d, o, late, rate in f["overdue_by_department"]
    )
    files = "".join(
        f"<li>{html.escape(ex.title)}：{f['exports'][ex.name]} 条 — "
        + " · ".join(f'<a href="{ex.name}.{kind}">{ex.name}.{kind}</a>' for kind in f["formats"][ex.name])
        + "</li>"
        for ex in EXPORTS
    )
    history_line = "；".join(
        f"{html.escape(label)}：" + (f"{begin} 起" + ("（部门申报）" if declared else "") if begin else "尚无记录")
        for label, begin, declared in f["history"]
    )
    insufficient_line = (
        "因记录跨度不足而不予认定："
        + "，".join(f"{html.escape(label)} {n} 户" for label, n in f["insufficient"])
        + "（名单见 insufficient_history）"
        if f["insufficient"]
        else "需要历史跨度的规则（绿色通道、红名单）均有足够记录支撑。"
    )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>信用监管日报 {day}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; margin: 24px auto;
       max-width: 980px; color: #222; }}
h1 {{ font-size: 22px; }} h2 {{ font-size: 17px; border-bottom: 1px solid #ddd; }}
.grid {{ display: grid; grid-template-columns: 1fr 1fr; gap: 12px 32px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; }}
th, td {{ border: 1px solid #ddd; padding: 4px 6px; }} th {{ background: #f4f6f8; }} td.num {{ text-align: right; }}
.muted {{ color: #666; font-size: 12px; }}
</style></head><body>
<h1>商务信用监管日报 · {day}</h1>
<p class=muted>市场主体 {f["entities"]} 户 · 数据来自已发布数仓（只读） · 不含任何个人身份信息</p>
<div class=grid>
<div><h2>信用等级分布</h2>{bar_chart(f["grades"], GRADE_COLOURS)}</div>
<div><h2>红黑名单（在列）</h2>{bar_chart(f["lists"], {"red": "#c62828", "black": "#222"}, domain="list_type")}</div>
<div><h2>今日预警</h2>{bar_chart(f["warnings"], domain="warning_reason")}</div>
<div><h2>逾期未公示（按部门）</h2>{bar_chart([(d, o) for d, o, _, _ in f["overdue_by_department"] if o])}</div>
</div>
<h2>双公示时效（按部门）</h2>
<table><tr><th>部门</th><th>逾期未公示</th><th>迟报</th><th>按时率</th></tr>{dept_rows}</table>
<h2>记录跨度</h2>
<p>{history_line}</p>
<p>{insufficient_line}</p>
<h2>今日导出文件</h2><ul>{files}</ul>
</body></html>
"""
