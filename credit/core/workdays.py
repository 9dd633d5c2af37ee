"""The Chinese working-day calendar the 双公示 deadline counts in (docs/domain.md §2).

State Council calendar from `chinesecalendar` (holidays and make-up working weekends, 2004-2026 in
the installed release); beyond its coverage, days from the seed `calendar_extension.csv` (the
next year's notice, added when the State Council publishes it); beyond both, Monday-Friday with
`is_estimated` set, so a deadline computed on it is flagged as estimated instead of crashing.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import chinese_calendar

from credit.core.config import DBT_PROJECT_DIR

EXTENSION_SEED = DBT_PROJECT_DIR / "seeds" / "calendar_extension.csv"


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    is_workday: bool
    basis: str  # "state_council" | "extension_seed" | "weekday_estimate"

    @property
    def is_estimated(self) -> bool:
        return self.basis == "weekday_estimate"


def read_extension(path: Path = EXTENSION_SEED) -> dict[dt.date, bool]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {
            dt.date.fromisoformat(row["day"]): row["is_workday"].strip().lower() == "true" for row in csv.DictReader(fh)
        }


def calendar_day(day: dt.date, extension: dict[dt.date, bool]) -> CalendarDay:
    if day in extension:
        return CalendarDay(day, extension[day], "extension_seed")
    try:
        return CalendarDay(day, chinese_calendar.is_workday(day), "state_council")
    except NotImplementedError:  # outside the package's years: fall back, visibly
        return CalendarDay(day, day.weekday() < 5, "weekday_estimate")


def calendar(start: dt.date, end: dt.date, extension: dict[dt.date, bool] | None = None) -> list[CalendarDay]:
    """Every day from `start` to `end` inclusive."""
    ext = read_extension() if extension is None else extension
    return [calendar_day(start + dt.timedelta(days=n), ext) for n in range((end - start).days + 1)]


def deadline(decided: dt.date, working_days: int = 7, extension: dict[dt.date, bool] | None = None) -> CalendarDay:
    """The `working_days`-th working day after the decision day (the decision day itself never
    counts, whether or not it is a working day: chinesecalendar's find_workday would count a
    non-working start day as day 0)."""
    ext = read_extension() if extension is None else extension
    day, left, estimated = decided, working_days, False
    while left:
        day += dt.timedelta(days=1)
        info = calendar_day(day, ext)
        estimated = estimated or info.is_estimated
        left -= info.is_workday
    return CalendarDay(day, True, "weekday_estimate" if estimated else calendar_day(day, ext).basis)
