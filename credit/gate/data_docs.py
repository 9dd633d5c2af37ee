"""Data Docs: a page per gated batch and an index of every batch, as static HTML that works offline.

Each batch's suite result is kept in GX's validation-result shape beside its audit row
(`lake/audit/<source>/<dataset>/dt=<day>/validation.json`, with the values its `$PARAMETER`s took).
This module renders those results itself rather than through GX's site builder, whose pages load
their styles and scripts from CDNs (unstyled and script-less on a bureau's closed network) and show
`{'$PARAMETER': 'volume_min'}` where the bound belongs. A page shows the verdict and why, the
conservation of rows, the files read, every expectation with its severity, its resolved parameters,
what was observed and examples of unexpected values, and the lines skipped as not records. Every
value shown comes from the lake, where personal numbers are already masked, and is scrubbed again
here (docs/architecture.md "Personal data"). Styles are inline; nothing is fetched.

Pages: `<CREDIT_DATA_DIR>/docs/gx/<source>/<dataset>/<day>.html`; index: `docs/gx/index.html`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import html
import json
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from credit.core import config, labels
from credit.core.lake import PART, partition_dir
from credit.core.scrub import scrub
from credit.gate.batches import NO_BOUND, VALIDATION_REPORT, recorded_audits

log = logging.getLogger(__name__)

SITE = "gx"  # docs/gx/: the folder the runbooks and the README name
VERDICT_COLOURS = {
    "passed": "#1a7f37",
    "passed_with_warnings": "#b26a00",
    "blocked": "#c62828",
    "not_uploaded": "#6e7781",
}
STYLE = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;margin:24px;color:#1f2328}
h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #d0d7de}
.muted{color:#6e7781;font-size:12px} .badge{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff}
table{border-collapse:collapse;width:100%;font-size:13px} th,td{border:1px solid #d0d7de;padding:4px 6px;
vertical-align:top;text-align:left} th{background:#f6f8fa} td.num{text-align:right} tr.failed td{background:#fff1f0}
code{font-size:12px;word-break:break-all} .ok{color:#1a7f37;font-weight:bold} .ko{color:#c62828;font-weight:bold}
.box{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;background:#f6f8fa}
@media print{body{margin:0} a{color:inherit;text-decoration:none}}
"""


def site_dir(cfg: config.Settings) -> Path:
    return cfg.docs / SITE


def page_path(cfg: config.Settings, source: str, dataset: str, day: dt.date) -> Path:
    """Where the Data Docs page of a batch is (the gate task's log names it)."""
    return site_dir(cfg) / source / dataset / f"{day.isoformat()}.html"


def _esc(value: object) -> str:
    return html.escape(scrub("" if value is None else str(value)))


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _resolved(kwargs: dict, parameters: dict) -> dict:
    """The expectation's arguments with each `{"$PARAMETER": name}` replaced by the value it took."""
    out = {}
    for key, value in kwargs.items():
        if isinstance(value, dict) and set(value) == {"$PARAMETER"}:
            value = parameters.get(value["$PARAMETER"], value)
            if isinstance(value, int) and value >= NO_BOUND:
                value = "不限 none (too little history yet)"
        out[key] = value
    return out


def _page(source: str, dataset: str, day: dt.date, audit: dict, doc: dict) -> str:
    verdict = audit["verdict"]
    parameters = doc.get("suite_parameters") or {}
    rows = []
    for n, r in enumerate(doc.get("results", []), 1):
        conf = r["expectation_config"]
        meta = conf.get("meta") or {}
        kwargs = {k: v for k, v in _resolved(conf.get("kwargs") or {}, parameters).items() if k != "batch_id"}
        res = r.get("result") or {}
        if "observed_value" in res:
            observed = f"观察值 observed: {_esc(_json(res['observed_value']))}"
        elif res.get("element_count") is not None:
            pct = res.get("unexpected_percent")
            observed = f"{res.get('unexpected_count', 0)} / {res['element_count']} 行不符 unexpected" + (
                f"（{pct:.1f}%）" if pct else ""
            )
        else:
            observed = ""
        if r.get("exception_info", {}).get("raised_exception"):
            observed += (
                f"<br><span class=ko>检查出错 error: {_esc(r['exception_info'].get('exception_message'))}</span>"
            )
        examples = list(dict.fromkeys(str(v) for v in res.get("partial_unexpected_list") or []))[:8]
        severity = conf.get("severity", "")
        rows.append(
            f"<tr class={'passed' if r['success'] else 'failed'}><td class=num>{n}</td>"
            f"<td><b>{_esc(meta.get('rule'))}</b><br><span class=muted>{_esc(meta.get('description'))}</span></td>"
            f"<td><code>{_esc(conf['type'])}</code><br><code>{_esc(_json(kwargs))}</code></td>"
            f"<td>{_esc(labels.zh('gate_severity', severity))}<br><span class=muted>{_esc(severity)}</span></td>"
            f"<td class={'ok' if r['success'] else 'ko'}>{'✓ 通过' if r['success'] else '✗ 未通过'}</td>"
            f"<td>{observed}</td><td>{'<br>'.join(f'<code>{_esc(e)}</code>' for e in examples)}</td></tr>"
        )
    inputs = json.loads(audit.get("inputs") or "[]")
    input_rows = "".join(
        f"<tr><td>{_esc(i.get('name'))}</td><td>{_esc(i.get('uploaded') or i.get('request') or '')}</td>"
        f"<td class=num>{_esc(i.get('rows', ''))}</td><td class=num>{_esc(i.get('skipped', ''))}</td>"
        f"<td>{_esc(i.get('encoding', ''))}</td><td><code>{_esc(str(i.get('sha256', ''))[:16])}</code></td>"
        f"<td class=ko>{_esc(i.get('error', ''))}</td></tr>"
        for i in inputs
    )
    skipped = json.loads(audit.get("skipped_lines") or "[]")
    skipped_rows = "".join(
        f"<tr><td>{_esc(s.get('location'))}</td><td>{_esc(s.get('reason'))}</td><td>{_esc(s.get('text'))}</td></tr>"
        for s in skipped
    )
    counts = json.loads(audit.get("rule_counts") or "{}")
    reported = json.loads(audit.get("reported_counts") or "{}")
    rule_lines = "".join(f"<li>隔离 quarantined by <b>{_esc(k)}</b>: {v}</li>" for k, v in sorted(counts.items()))
    rule_lines += "".join(f"<li>仅报告 reported by <b>{_esc(k)}</b>: {v}</li>" for k, v in sorted(reported.items()))
    colour = VERDICT_COLOURS.get(verdict, "#6e7781")
    query = (
        f"select rule, location, record from quality.quarantine where source = '{source}' "
        f"and dataset = '{dataset}' and batch_id = '{audit['batch_id']}';"
    )
    stats = doc.get("statistics") or {}
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>数据质量报告 {_esc(source)}/{_esc(dataset)} {day}</title><style>{STYLE}</style></head><body>
<p class=muted><a href="../../index.html">← 全部批次 all batches</a></p>
<h1>数据质量报告 Data Docs：{_esc(labels.zh("source", source))} · {_esc(dataset)} · 数据日 {day}</h1>
<p class=muted>批次 batch <code>{_esc(audit["batch_id"])}</code> · 规则集 suite
<code>expectations/{_esc(audit["suite"])}.json</code> · 校验于 validated {_esc(audit.get("validated_at"))} (UTC)</p>
<div class=box><span class=badge style="background:{colour}">{_esc(labels.zh("verdict", verdict))}</span>
<b>{_esc(verdict)}</b>
<p>接收 received <b>{audit["rows_received"]}</b> = 通过 accepted <b>{audit["rows_accepted"]}</b>
+ 隔离 quarantined <b>{audit["rows_quarantined"]}</b> + 跳过 skipped <b>{audit["rows_skipped"]}</b></p>
{f"<p><b>原因 reason:</b> {_esc(audit.get('reason'))}</p>" if audit.get("reason") else ""}
<ul>{rule_lines}</ul>
<p class=muted>期望 {stats.get("evaluated_expectations", 0)} 项，通过 {stats.get("successful_expectations", 0)} 项。
被隔离或阻断的行 rows held: <code>{html.escape(query)}</code></p></div>
<h2>读取的文件或请求 inputs</h2>
<table><tr><th>名称 name</th><th>上传/请求 uploaded</th><th>行 rows</th><th>跳过 skipped</th><th>编码 encoding</th>
<th>sha256</th><th>错误 error</th></tr>{input_rows or "<tr><td colspan=7>无 none (not uploaded)</td></tr>"}</table>
<h2>期望 expectations</h2>
<table><tr><th>#</th><th>规则 rule</th><th>检查 check (parameters)</th><th>级别 severity</th><th>结果 result</th>
<th>观察 observed</th><th>不符示例 unexpected examples</th></tr>{"".join(rows) or "<tr><td colspan=7>未校验</td></tr>"}
</table>
<h2>跳过的非记录行 lines skipped as not records</h2>
<table><tr><th>位置 location</th><th>原因 reason</th><th>内容 text</th></tr>
{skipped_rows or "<tr><td colspan=3>无 none</td></tr>"}</table>
<p class=muted>严重级别：阻断 critical — 整批不发布；隔离 warning — 不符的行隔离，其余发布；
仅报告 info — 记录在 quality.load_audit.reported_counts。
Rendered by the centre from the gate's result; works offline.</p>
</body></html>
"""


def _index(audits: list[dict]) -> str:
    rows = []
    for a in audits:
        day = a["batch_date"]
        href = f"{a['source']}/{a['dataset']}/{day}.html"
        colour = VERDICT_COLOURS.get(a["verdict"], "#6e7781")
        rows.append(
            f"<tr><td>{day}</td><td>{_esc(labels.zh('source', a['source']))}<br><span class=muted>{_esc(a['source'])}"
            f"</span></td><td>{_esc(a['dataset'])}</td><td><span class=badge style='background:{colour}'>"
            f"{_esc(labels.zh('verdict', a['verdict']))}</span></td><td class=num>{a['rows_received']}</td>"
            f"<td class=num>{a['rows_accepted']}</td><td class=num>{a['rows_quarantined']}</td>"
            f"<td class=num>{a['rows_skipped']}</td><td><a href='{html.escape(href)}'>查看 view</a></td>"
            f"<td class=muted>{_esc((a.get('reason') or '')[:160])}</td></tr>"
        )
    blocked = sum(a["verdict"] == "blocked" for a in audits)
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>数据质量报告 Data Docs</title><style>{STYLE}</style></head>
<body><h1>数据质量报告 Data Docs</h1>
<p class=muted>每个批次一页：校验结果、观察值、不符示例、跳过的行。共 {len(audits)} 个批次，其中已阻断 {blocked} 个。
Every gated batch, newest first.</p>
<table><tr><th>数据日 day</th><th>来源 source</th><th>数据集 dataset</th><th>结论 verdict</th><th>接收</th>
<th>通过</th><th>隔离</th><th>跳过</th><th>页面 page</th><th>原因 reason</th></tr>{"".join(rows)}</table>
</body></html>
"""


@contextmanager
def _lock(root: Path) -> Iterator[None]:
    """Parallel ingest runs write the same index: one writer at a time."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def render(batches: Iterable[tuple[str, str, dt.date]], cfg: config.Settings | None = None) -> Path | None:
    """Render the page of each (source, dataset, day) batch that has a result, then the index; returns
    the index page (None when none of the batches had a result)."""
    import pyarrow.parquet as pq

    cfg = cfg or config.settings()
    written = 0
    with _lock(site_dir(cfg)):
        for source, dataset, day in batches:
            folder = partition_dir(cfg.lake, "audit", source, dataset, day)
            if not (folder / VALIDATION_REPORT).exists() or not (folder / PART).exists():
                continue
            audit = pq.read_table(folder / PART).to_pylist()[0]
            doc = json.loads((folder / VALIDATION_REPORT).read_text(encoding="utf-8"))
            _write(page_path(cfg, source, dataset, day), _page(source, dataset, day, audit, doc))
            written += 1
        if not written:
            return None
        index = site_dir(cfg) / "index.html"
        _write(index, _index(recorded_audits(cfg)))
    log.info("Data Docs: %d batch page(s) and the index at %s", written, index)
    return index
