"""The quarterly report of joint reward and punishment work (联合奖惩工作季度报告, docs/domain.md §5),
due by the 10th of the quarter's first month: one XLSX per quarter from the published warehouse
(read-only): the figures of `marts.rpt_quarterly_joint_measures`, and the list entries, repairs
and overdue 双公示 records behind them, and the 凡办必查 checks and credit reports each department
asked the platforms for (their query log). No personal data: entities by USCC and name only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from credit.core import config, labels
from credit.platforms.ledger import Ledger, ledger_path
from credit.publish.spreadsheets import write_workbook

FIGURES = (
    ("red_entered", "新列入红名单"),
    ("red_active_at_end", "季末在列红名单"),
    ("black_entered", "新列入黑名单"),
    ("black_exited", "移出黑名单"),
    ("black_repaired", "其中信用修复移出"),
    ("black_active_at_end", "季末在列黑名单"),
    ("penalties", "行政处罚"),
    ("serious_penalties", "其中严重失信"),
    ("repairs_applied", "信用修复（准予并生效）"),
    ("repairs_flagged_early", "信用修复（未满最短公示期，未生效）"),
    ("disclosures", "双公示记录"),
    ("disclosure_on_time_rate", "双公示按时率"),
    ("green_channel_entities_now", "绿色通道主体（报告日）"),
    ("green_channel_insufficient_history_now", "绿色通道历史不足、不予认定（报告日）"),
    ("warnings_raised", "发出预警"),
    ("inspections_planned", "双随机抽查计划（户）"),
)


def quarter_of(day: dt.date) -> tuple[str, dt.date, dt.date]:
    """('2026-Q3', first day, last day) of the quarter holding `day`."""
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    end = (dt.date(day.year + (q == 3), (3 * q + 3) % 12 + 1, 1)) - dt.timedelta(days=1)
    return f"{day.year}-Q{q + 1}", start, end


def last_full_quarter_day(moment: dt.datetime) -> dt.date:
    """A day in the last quarter that ended before `moment` (Beijing time)."""
    import pendulum

    local = pendulum.instance(moment).in_timezone("Asia/Shanghai").date()
    return quarter_of(local)[1] - dt.timedelta(days=1)


def write_quarter(day_in_quarter: dt.date, cfg: config.Settings | None = None) -> Path:
    import duckdb

    cfg = cfg or config.settings()
    quarter, start, end = quarter_of(day_in_quarter)
    with duckdb.connect(str(cfg.published_warehouse), read_only=True) as con:
        cols = ", ".join(c for c, _ in FIGURES)
        row = con.execute(
            f"select is_partial, as_of_date, {cols} from marts.rpt_quarterly_joint_measures where quarter = ?",
            [quarter],
        ).fetchone()
        entries = con.execute(
            f"""select {labels.sql("list_type", "list_type")}, subject_key, subject_name, reason,
                      entered_on, exited_on, {labels.sql("end_reason", "exit_reason")}
               from marts.credit_list
               where entered_on between ? and ? or exited_on between ? and ?
               order by list_type, entered_on, subject_key""",
            [start, end, start, end],
        ).fetchall()
        overdue = con.execute(
            f"""select record_id, department, decided_on, deadline_on, published_on,
                      {labels.sql("disclosure_status", "status")}
               from marts.disclosure_compliance
               where decided_on between ? and ? and status in ('overdue', 'late')
               order by department, decided_on""",
            [start, end],
        ).fetchall()
    checks = []
    if (log := ledger_path(cfg)).exists():  # the platforms' query log, where they have served
        since, until = start.isoformat(), (end + dt.timedelta(days=1)).isoformat()
        checks = [[c["department"], c["checks"], c["reports"]] for c in Ledger(log).counts_by_department(since, until)]
    if row is None:
        summary: list[list[object]] = [["说明", "本季度无任何记录"]]
    else:
        partial, as_of, *values = row
        summary = [["数据截至", as_of.isoformat() + ("（季度未结束）" if partial else "")]]
        summary += [[label, value] for (_, label), value in zip(FIGURES, values, strict=True)]
    return write_workbook(
        cfg.exports / "quarterly" / f"{quarter}.xlsx",
        [
            ("季度统计", [f"{quarter} 联合奖惩工作统计", f"{start} 至 {end}"], summary),
            ("名单变动", ["名单", "统一社会信用代码", "主体名称", "事由", "列入日期", "移出日期", "移出原因"], entries),
            ("双公示迟报逾期", ["决定书文号", "决定机关", "决定日期", "公示期限", "公示日期", "状态"], overdue),
            ("凡办必查", ["查询部门", "信用核查（次）", "出具信用报告（份）"], checks),
        ],
    )
