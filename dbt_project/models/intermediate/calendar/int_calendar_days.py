"""工作日历: one row per day, is it a Chinese working day (State Council calendar, make-up weekends
included), and on what basis: state_council (chinesecalendar), extension_seed (seed
calendar_extension) or weekday_estimate (beyond both: Monday-Friday, flagged). docs/domain.md §2.

A Python model because the calendar is the chinesecalendar package's data (credit/core/workdays.py);
it spans the 双公示 decisions of the lake (and those repair applications cite) plus 60 days, so
every deadline falls inside it."""

import datetime as dt


def model(dbt, session):
    dbt.config(materialized="table")
    import pandas as pd

    from credit.core.workdays import calendar

    extension = {day: bool(flag) for day, flag, *_ in dbt.ref("calendar_extension").fetchall()}
    bounds = [
        *dbt.ref("stg_gov_penalties__penalties").aggregate("min(decided_on), max(decided_on)").fetchone(),
        *dbt.ref("stg_gov_licenses__licenses").aggregate("min(decided_on), max(decided_on)").fetchone(),
        *dbt.ref("stg_gov_penalties__repairs").aggregate("min(penalty_decided_on), max(penalty_decided_on)").fetchone(),
    ]
    days = [d for d in bounds if d is not None] or [dt.date.today()]
    start = min(min(days), dt.date(2026, 1, 1)) - dt.timedelta(days=7)
    end = max(days) + dt.timedelta(days=60)
    rows = calendar(start, end, extension)
    return pd.DataFrame(
        {
            "calendar_date": [r.day for r in rows],
            "is_workday": [r.is_workday for r in rows],
            "basis": [r.basis for r in rows],
            "is_estimated": [r.is_estimated for r in rows],
        }
    )
