"""The credit report (市场主体信用报告) as an official document: what "凡办必查" reads before a licence,
a subsidy or a procurement decision, and what anyone can verify afterwards.

`assemble` gathers one entity's report from the published warehouse: identity (name, USCC, type,
legal representative, division by name; founding date and registered capital are shown as not
collected, because no source the centre reads carries them), grade and score with a breakdown that
adds up (the base, every contribution, the clamp), the score history, licences, awards, penalties
(only those inside their publication window and not repaired: what may be published), red and
black list entries with their exit days, commitments, a complaints summary, and the guidance on
credit repair and objections. Codes are shown by their Chinese labels (reference.code_labels).

A report is issued (given its number and verification code) by the platforms' ledger
(credit/platforms/ledger.py); `render_html` lays the issued content out as a printable page (A4,
header and page numbers on every printed page, the chart's values on the chart), and `render_pdf`
prints that page with Debian's Chromium. No personal data: the report is about an entity, and
nothing in it reads a clear identity or phone number.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import tempfile
from collections import Counter
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from credit.core import config, labels
from credit.core.identifiers import normalise_code

GRADE_COLOURS = {"A": "#1a7f37", "B": "#2f6fb3", "C": "#c7780a", "D": "#c62828"}
TEMPLATES = Path(__file__).with_name("templates")
NOT_COLLECTED = "未采集（本中心数据来源不含此项）"
GUIDANCE = {
    "repair": (
        "信用修复：失信信息公示期满前，当事人已纠正失信行为、履行法定义务并作出信用承诺的，可在最短公示期满后"
        "向作出处罚决定的部门或信用主管部门申请信用修复；修复后停止公示并不再用于信用评价（依据《信用修复管理办法》，"
        "2026年4月1日起施行）。"
    ),
    "objection": (
        "异议申请：对本报告所列信息有异议的，可持本报告编号向出具机构或信息来源部门提出异议申请；"
        "核查期间相关信息标注为“异议处理中”，核查结果书面告知。"
    ),
}


class ReportError(LookupError):
    """The entity is not in the published warehouse, or there is no published warehouse."""


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


def _in_force(ev: dict[str, Any], day: dt.date) -> bool:
    return (
        (ev["publish_from"] is None or ev["publish_from"] <= day)
        and (ev["publish_until"] is None or day < ev["publish_until"])
        and (ev["ended_on"] is None or day < ev["ended_on"])
    )


def _status(ev: dict[str, Any], day: dt.date) -> str:
    if ev["ended_on"] is not None and ev["ended_on"] <= day:
        return labels.zh("end_reason", ev["end_reason"]) or "已终止"
    if ev["publish_until"] is not None and day >= ev["publish_until"]:
        return "已期满"
    if ev["publish_from"] is not None and day < ev["publish_from"]:
        return "未生效"
    return "有效"


def assemble(
    reader,
    uscc: str,
    *,
    as_of: dt.date | None = None,
    purpose: str = "",
    requester: str = "",
    department: str = "",
    issuer: str = "",
) -> dict[str, Any]:
    """The report's content for `uscc` from a reader of the published warehouse (JSON-able)."""
    code = normalise_code(uscc)
    entity = reader.one("select * from marts.dim_market_entity where uscc = ?", [code])
    if entity is None:
        raise ReportError(f"{code} 不在已发布数仓的市场主体库中（not in the market-entity library)")
    day = as_of or entity["scored_on"]
    history = reader.rows(
        """select score_date, score, grade from marts.fct_entity_credit_daily
           where uscc = ? and score_date <= ? order by score_date""",
        [code, day],
    )
    current = history[-1] if history else None
    profile = reader.one(
        "select scored_on, base_score, explanation, grade_ceiling, score_grade from marts.entity_credit_profile"
        " where uscc = ?",
        [code],
    )
    exact = profile is not None and profile["scored_on"] == day
    events = reader.rows(
        """select event_id, event_type, outcome, polarity, severity, occurred_on, published_on, publish_from,
                  publish_min_until, publish_until, ended_on, end_reason, base_points, detail, authority,
                  source, source_record_id
           from marts.fct_credit_event
           where subject_type = 'entity' and subject_key = ? and known_on <= ?
           order by occurred_on desc, event_id""",
        [code, day],
    )
    # objections under review on the day: the record still counts and is flagged (docs/domain.md §5 "Objections")
    under_review = {
        (o["record_kind"], o["record_id"]): o["filed_on"]
        for o in reader.rows(
            """select record_kind, record_id, filed_on, decided_on from marts.objections
               where subject_key = ? and received_on <= ?""",
            [code, day],
        )
        if o["decided_on"] is None or o["decided_on"] > day
    }
    for ev in events:
        kind = {"penalty": "penalty", "list_entry": "black_list"}.get(ev["event_type"])
        since = under_review.get((kind, ev["source_record_id"]))
        ev["objection"] = f"异议处理中（{since} 提出）" if since else None
        ev["status"] = _status(ev, day)
        ev["type_label"] = labels.zh("event_type", ev["event_type"])
        ev["severity_label"] = labels.zh("severity", ev["severity"])
        ev["source_label"] = labels.zh("source", ev["source"])

    def of(kind: str) -> list[dict[str, Any]]:
        return [e for e in events if e["event_type"] == kind]

    lines = list(profile["explanation"]) if exact and profile else []
    for line in lines:
        line["type_label"] = labels.zh("event_type", line["event_type"])
    base = float(profile["base_score"]) if profile else None
    total = round(sum(float(line["points"]) for line in lines), 1)
    raw = round(base + total, 1) if base is not None else None
    complaints = of("complaint")
    year_ago = day - dt.timedelta(days=365)
    content = {
        "title": "市场主体信用报告",
        "issuer": issuer,
        "uscc": code,
        "as_of": day,
        "purpose": purpose,
        "requester": requester,
        "department": department,
        "identity": {
            "name": entity["name"],
            "entity_type": entity["entity_type"],
            "registration_authority": entity["registration_authority"],
            "division_code": entity["division_code"],
            "division_name": entity["division_name"] or entity["division_code"],
            "legal_representative": entity["legal_representative"] or NOT_COLLECTED,
            "legal_representative_on": entity["legal_representative_on"],
            "founding_date": NOT_COLLECTED,
            "registered_capital": NOT_COLLECTED,
            "industry": entity["industry"],
            "sources": [labels.zh("source", s) for s in entity["sources_seen"] or []],
            "first_seen_on": entity["first_seen_on"],
            "list_status": labels.zh("list_status", entity["list_status"]),
        },
        "grade": current["grade"] if current else None,
        "grade_label": labels.zh("grade", current["grade"]) if current else None,
        "score": current["score"] if current else None,
        "score_grade": profile["score_grade"] if exact and profile else None,
        "grade_ceiling": profile["grade_ceiling"] if exact and profile else None,
        "breakdown": {
            "explained": exact,
            "base": base,
            "lines": lines,
            "total": total,
            "raw": raw,
            "clamped_to": None if raw is None or 0 <= raw <= 1000 else (0 if raw < 0 else 1000),
        },
        "history": history,
        "licences": [e for e in of("license") if e["status"] == "有效"],
        "awards": [e for e in of("award") if e["status"] == "有效"],
        # published penalties only: inside their publication window and not repaired
        "penalties": [e for e in of("penalty") if _in_force(e, day)],
        "penalties_withheld": sum(1 for e in of("penalty") if not _in_force(e, day)),
        "lists": of("list_entry"),
        "commitments": of("commitment"),
        "complaints": {
            "in_force": sum(1 for e in complaints if _in_force(e, day)),
            "last_12_months": sum(1 for e in complaints if e["occurred_on"] > year_ago),
            "by_kind": sorted(Counter((e["detail"] or "").split("（")[0] for e in complaints).items()),
        },
        "reviews": {
            "count": len(of("review")),
            "brushing_excluded": sum(1 for e in of("review") if e["end_reason"] == "brushing"),
        },
        "guidance": GUIDANCE,
    }
    return _jsonable(content)


def load(uscc: str, as_of: dt.date | None = None, cfg: config.Settings | None = None, **kw: Any) -> dict[str, Any]:
    """`assemble` on the published warehouse of a data dir (the CLI's way in)."""
    from credit.warehouse.published import NotPublished, PublishedWarehouse

    cfg = cfg or config.settings()
    wh = PublishedWarehouse(cfg.published_warehouse)
    try:
        with wh.reader() as reader:
            return assemble(reader, uscc, as_of=as_of, issuer=cfg.issuer, **kw)
    except NotPublished as exc:
        raise ReportError(f"{exc}: run `make demo` or `credit build` first") from None
    finally:
        wh.close()


def score_chart(history: list[dict[str, Any]], width: int = 640, height: int = 230) -> str:
    """The score history as inline SVG, with each point's value written on the chart (it prints)."""
    pad_l, pad_r, pad_t, pad_b = 44, 16, 22, 28
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
        step = max(1, n // 12)  # at most a dozen values written, the last always
        for i, r in enumerate(history):
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(r["score"]):.1f}" r="3.5" fill="{GRADE_COLOURS[r["grade"]]}"/>'
            )
            if i % step == 0 or i == n - 1:
                parts.append(
                    f'<text x="{x(i):.1f}" y="{y(r["score"]) - 8:.1f}" text-anchor="middle" font-size="10" '
                    f'fill="#222">{r["score"]}</text>'
                )
        for i, anchor in sorted({(0, "start"), (n - 1, "end")}):
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - 8}" text-anchor="{anchor}" font-size="10" fill="#555">'
                f"{history[i]['score_date']}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


@lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.globals.update(GRADE_COLOURS=GRADE_COLOURS, label=labels.zh)
    return env


def render_html(content: dict[str, Any], verify_url: str = "") -> str:
    """The issued report as a printable page (self-contained: inline style and SVG, nothing fetched)."""
    from markupsafe import Markup

    template = _env().get_template("credit_report.html")
    return template.render(r=content, chart=Markup(score_chart(content["history"])), verify_url=verify_url)


class PdfUnavailable(RuntimeError):
    """No Chromium here to print the page with (the HTML page prints from any browser)."""


def render_pdf(page_html: str, timeout: float = 60) -> bytes:
    """The page printed to PDF by Debian's Chromium (headless), headers and page numbers included."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise PdfUnavailable("PDF needs Chromium (apt-get install chromium); print the HTML page instead")
    with tempfile.TemporaryDirectory(prefix="report-") as tmp:
        page = Path(tmp) / "report.html"
        pdf = Path(tmp) / "report.pdf"
        page.write_text(page_html, encoding="utf-8")
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={tmp}/profile",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return pdf.read_bytes()


def write(content: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """The report's JSON and HTML into `out_dir` (named by its number once issued)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = content.get("report_no") or f"{content['uscc']}-{content['as_of']}"
    json_path, html_path = out_dir / f"{stem}.json", out_dir / f"{stem}.html"
    json_path.write_text(json.dumps(content, ensure_ascii=False, indent=2), encoding="utf-8")
    html_path.write_text(render_html(content), encoding="utf-8")
    return json_path, html_path
