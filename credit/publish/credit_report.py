"""`credit report <USCC>`: one entity's credit report (信用报告), as JSON and as a self-contained HTML
page — what "凡办必查" looks at before a licence, a subsidy or a procurement decision.

It reads the published warehouse read-only (so it runs while analysts and builds run) and shows:
identity, today's (or `--as-of`) score and grade with what explains it, the score history as an
inline SVG chart (no script, no CDN: it renders offline and prints), every credit event with its
publication window, and list status. Personal data never appears: person-subject events are not
part of an entity's report, and nothing here reads a clear identity or phone number.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from credit.core import config, labels
from credit.core.identifiers import normalise_code

GRADE_COLOURS = {"A": "#1a7f37", "B": "#2f6fb3", "C": "#c7780a", "D": "#c62828"}


class ReportError(LookupError):
    """The entity is not in the published warehouse, or there is no published warehouse."""


@dataclass
class CreditReport:
    uscc: str
    as_of: str
    identity: dict[str, Any]
    score: int | None
    grade: str | None
    score_grade: str | None
    grade_ceiling: str | None
    explanation: list[dict[str, Any]]
    explanation_note: str
    history: list[dict[str, Any]]
    events: list[dict[str, Any]]
    lists: list[dict[str, Any]]
    generated_from: str
    grade_history: list[dict[str, Any]] = field(default_factory=list)


def _rows(con, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def load(uscc: str, as_of: dt.date | None = None, cfg: config.Settings | None = None) -> CreditReport:
    """Everything the report shows for one entity, from the published warehouse."""
    import duckdb

    cfg = cfg or config.settings()
    code = normalise_code(uscc)
    path = cfg.published_warehouse
    if not path.exists():
        raise ReportError(f"no published warehouse at {path}: run `make demo` or `credit build` first")
    with duckdb.connect(str(path), read_only=True) as con:
        entity = _rows(con, "select * from marts.dim_market_entity where uscc = ?", [code])
        if not entity:
            raise ReportError(f"{code} is not in the market-entity library of the published warehouse")
        ident = entity[0]
        day = as_of or ident["scored_on"]
        history = _rows(
            con,
            """select score_date, score, grade from marts.fct_entity_credit_daily
               where uscc = ? and score_date <= ? order by score_date""",
            [code, day],
        )
        current = history[-1] if history else None
        profile = _rows(
            con,
            "select scored_on, explanation, grade_ceiling, score_grade from marts.entity_credit_profile where uscc = ?",
            [code],
        )
        events = _rows(
            con,
            """select event_id, event_type, outcome, polarity, severity, occurred_on, published_on,
                      publish_from, publish_min_until, publish_until, ended_on, end_reason, base_points,
                      detail, authority, source, source_record_id
               from marts.fct_credit_event
               where subject_type = 'entity' and subject_key = ? and known_on <= ?
               order by occurred_on desc, event_id""",
            [code, day],
        )
        grade_history = _rows(
            con,
            """select grade, list_status, name, dbt_valid_from as valid_from, dbt_valid_to as valid_to
               from snapshots.snap_market_entity where uscc = ? order by dbt_valid_from""",
            [code],
        )
    for ev in events:
        ev["status"] = _event_status(ev, day)
    exact = bool(profile) and profile[0]["scored_on"] == day
    lists = [ev for ev in events if ev["event_type"] == "list_entry"]
    return CreditReport(
        uscc=code,
        as_of=day.isoformat(),
        identity={
            k: ident[k]
            for k in (
                "name",
                "entity_type",
                "registration_authority",
                "division_code",
                "industry",
                "sources_seen",
                "first_seen_on",
                "name_history",
                "list_status",
                "active_penalties",
                "active_serious_penalties",
            )
        },
        score=current["score"] if current else None,
        grade=current["grade"] if current else None,
        score_grade=profile[0]["score_grade"] if exact else None,
        grade_ceiling=profile[0]["grade_ceiling"] if exact else None,
        explanation=list(profile[0]["explanation"]) if exact else [],
        explanation_note=(
            "逐项说明为该日评分的全部构成（基础分 + 各项 = 评分，0-1000 截断）。"
            if exact
            else "逐项说明仅对最新评分日提供；此处列出该日有效的事件及其基础分值。"
        ),
        history=history,
        events=events,
        lists=lists,
        generated_from=path.name,
        grade_history=grade_history,
    )


def _event_status(ev: dict[str, Any], day: dt.date) -> str:
    if ev["ended_on"] is not None and ev["ended_on"] <= day:
        return {"brushing": "已剔除（刷单）", "superseded": "已被新评级取代", "not_accepted": "不予受理"}.get(
            ev["end_reason"] or "", f"已终止（{ev['end_reason'] or '—'}）"
        )
    if ev["publish_until"] is not None and day >= ev["publish_until"]:
        return "已期满"
    if ev["publish_from"] is not None and day < ev["publish_from"]:
        return "未生效"
    return "有效"


def to_json(report: CreditReport) -> str:
    return json.dumps(_jsonable(asdict(report)), ensure_ascii=False, indent=2)


def score_chart(history: list[dict[str, Any]], width: int = 640, height: int = 220) -> str:
    """The score history as inline SVG: grade bands behind, one line and dot per scored day."""
    pad_l, pad_r, pad_t, pad_b = 44, 12, 10, 28
    w, h = width - pad_l - pad_r, height - pad_t - pad_b

    def y(score: float) -> float:
        return pad_t + h * (1 - score / 1000)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="信用分历史">'
    ]
    for grade, lo, hi in (("A", 750, 1000), ("B", 500, 750), ("C", 250, 500), ("D", 0, 250)):
        parts.append(
            f'<rect x="{pad_l}" y="{y(hi):.1f}" width="{w}" height="{y(lo) - y(hi):.1f}" '
            f'fill="{GRADE_COLOURS[grade]}" fill-opacity="0.08"/>'
            f'<text x="{pad_l + w - 4}" y="{y(hi) + 14:.1f}" text-anchor="end" font-size="11" '
            f'fill="{GRADE_COLOURS[grade]}">{grade}</text>'
        )
    for tick in (0, 250, 500, 750, 1000):
        parts.append(
            f'<text x="{pad_l - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="10" fill="#555">{tick}</text>'
        )
    n = len(history)
    if n:

        def x(i: int) -> float:
            return pad_l + (w * i / (n - 1) if n > 1 else w / 2)

        points = " ".join(f"{x(i):.1f},{y(r['score']):.1f}" for i, r in enumerate(history))
        parts.append(f'<polyline points="{points}" fill="none" stroke="#333" stroke-width="2"/>')
        for i, r in enumerate(history):
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(r["score"]):.1f}" r="3.5" fill="{GRADE_COLOURS[r["grade"]]}">'
                f"<title>{r['score_date']} {r['score']} {r['grade']}</title></circle>"
            )
        for i, anchor in sorted({(0, "start"), (n - 1, "end")}):
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - 8}" text-anchor="{anchor}" font-size="10" fill="#555">'
                f"{history[i]['score_date']}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return html.escape("、".join(str(v) for v in value))
    return html.escape(str(value))


def to_html(report: CreditReport) -> str:
    ident = report.identity
    grade_colour = GRADE_COLOURS.get(report.grade or "", "#555")
    expl_rows = "".join(
        f"<tr><td>{_cell(labels.zh('event_type', e['event_type']))}</td><td>{_cell(e['detail'])}</td>"
        f"<td class=num>{e['points']:+.1f}</td></tr>"
        for e in report.explanation
    )
    event_rows = "".join(
        f"<tr class='{e['polarity']}'><td>{_cell(e['occurred_on'])}</td>"
        f"<td>{_cell(labels.zh('event_type', e['event_type']))}</td>"
        f"<td>{_cell(e['detail'])}</td><td>{_cell(labels.zh('severity', e['severity']))}</td>"
        f"<td>{_cell(e['publish_from'])} 至 {_cell(e['publish_until'])}</td>"
        f"<td>{_cell(e['status'])}</td><td>{_cell(e['authority'])}</td>"
        f"<td class=src>{_cell(e['source'])}:{_cell(e['source_record_id'])}</td></tr>"
        for e in report.events
        if e["event_type"] != "review"
    )
    reviews = [e for e in report.events if e["event_type"] == "review"]
    brushing = sum(1 for e in reviews if e["end_reason"] == "brushing")
    list_rows = "".join(
        f"<tr><td>{'黑名单' if e['outcome'] == 'black' else '红名单'}</td><td>{_cell(e['detail'])}</td>"
        f"<td>{_cell(e['publish_from'])}</td><td>{_cell(e['publish_until'])}</td>"
        f"<td>{_cell(e['ended_on'])}</td><td>{_cell(e['status'])}</td></tr>"
        for e in report.lists
    )
    cap = f"（评分对应 {report.score_grade}，受硬性规则限制为 {report.grade_ceiling}）" if report.grade_ceiling else ""
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>信用报告 {html.escape(report.uscc)} {html.escape(str(ident["name"]))}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
       margin: 24px auto; max-width: 980px; color: #222; }}
h1 {{ font-size: 22px; margin-bottom: 4px; }} h2 {{ font-size: 17px; border-bottom: 1px solid #ddd; }}
.grade {{ display: inline-block; font-size: 40px; font-weight: bold; color: #fff; background: {grade_colour};
         border-radius: 8px; padding: 4px 18px; margin-right: 16px; vertical-align: middle; }}
.score {{ font-size: 28px; vertical-align: middle; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 16px; }}
th, td {{ border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }}
th {{ background: #f4f6f8; white-space: nowrap; }} td:first-child {{ white-space: nowrap; }}
td.num {{ text-align: right; }} td.src {{ color: #777; font-size: 11px; }}
tr.negative td:first-child {{ border-left: 3px solid #c62828; }}
tr.positive td:first-child {{ border-left: 3px solid #1a7f37; }}
.muted {{ color: #666; font-size: 12px; }}
</style></head><body>
<h1>市场主体信用报告</h1>
<div class=muted>统一社会信用代码 {html.escape(report.uscc)} · 评分日 {html.escape(report.as_of)} ·
数据来源 {html.escape(report.generated_from)}（已发布数仓，只读）</div>
<h2>主体信息</h2>
<table>
<tr><th>名称</th><td>{_cell(ident["name"])}</td><th>主体类型</th><td>{_cell(ident["entity_type"])}</td></tr>
<tr><th>登记管理部门</th><td>{_cell(ident["registration_authority"])}</td>
<th>行政区划</th><td>{_cell(ident["division_code"])}</td></tr>
<tr><th>行业</th><td>{_cell(ident["industry"])}</td><th>数据来源</th><td>{_cell(ident["sources_seen"])}</td></tr>
<tr><th>名单状态</th><td>{_cell(ident["list_status"])}</td>
<th>有效处罚 / 其中严重</th><td>{ident["active_penalties"]} / {ident["active_serious_penalties"]}</td></tr>
</table>
<h2>信用等级与评分</h2>
<p><span class=grade>{_cell(report.grade)}</span><span class=score>{_cell(report.score)} / 1000</span>
<span class=muted>{html.escape(cap)}</span></p>
{score_chart(report.history)}
<h2>评分说明</h2>
<p class=muted>{html.escape(report.explanation_note)}</p>
<table><tr><th>类别</th><th>事项</th><th>分值</th></tr>
{expl_rows or "<tr><td colspan=3>无信用记录，按基础分</td></tr>"}</table>
<h2>红黑名单</h2>
<table><tr><th>名单</th><th>事由</th><th>列入</th><th>计划移出</th><th>实际移出</th><th>状态</th></tr>
{list_rows or "<tr><td colspan=6>未列入红黑名单</td></tr>"}</table>
<h2>信用事件及公示期</h2>
<p class=muted>消费评价 {len(reviews)} 条（其中刷单剔除 {brushing} 条），汇总计入评分，不逐条列出。</p>
<table><tr><th>日期</th><th>类别</th><th>事项</th><th>严重程度</th><th>公示/有效期</th><th>状态</th><th>机关/来源</th>
<th>来源记录</th></tr>{event_rows or "<tr><td colspan=8>无</td></tr>"}</table>
</body></html>
"""


def write(report: CreditReport, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{report.uscc}-{report.as_of}"
    json_path, html_path = out_dir / f"{stem}.json", out_dir / f"{stem}.html"
    json_path.write_text(to_json(report), encoding="utf-8")
    html_path.write_text(to_html(report), encoding="utf-8")
    return json_path, html_path
