"""docs/domain.md §2: the 双公示 deadline is 7 Chinese working days after the decision, make-up weekends
included; past chinesecalendar's coverage it falls back visibly instead of crashing."""

from __future__ import annotations

import datetime as dt

from credit.core.workdays import calendar, calendar_day, deadline


def test_spring_festival_2026_make_up_working_days() -> None:
    # Saturday 14 Feb and Saturday 28 Feb 2026 are working days; 16-23 Feb are the holiday
    days = {d.day: d.is_workday for d in calendar(dt.date(2026, 2, 13), dt.date(2026, 3, 2), {})}
    assert days[dt.date(2026, 2, 14)] and days[dt.date(2026, 2, 28)]
    assert not any(days[dt.date(2026, 2, d)] for d in range(15, 24))
    assert deadline(dt.date(2026, 2, 13), extension={}).day == dt.date(
        2026, 3, 2
    )  # docs/domain.md §2.1's worked example


def test_deadline_from_a_make_up_saturday_counts_from_the_next_day() -> None:
    # decided on the make-up Saturday 28 Feb: Mon 2 Mar is day 1, Tue 10 Mar day 7
    assert deadline(dt.date(2026, 2, 28), extension={}).day == dt.date(2026, 3, 10)


def test_a_non_working_decision_day_is_not_day_zero() -> None:
    # decided on Sunday 1 Mar 2026: Mon 2 Mar is the first working day, Tue 10 Mar the seventh
    assert deadline(dt.date(2026, 3, 1), extension={}).day == dt.date(2026, 3, 10)


def test_a_2027_date_falls_back_to_weekdays_flagged_as_estimated() -> None:
    info = calendar_day(dt.date(2027, 1, 4), {})
    assert info.is_workday and info.is_estimated
    due = deadline(dt.date(2027, 3, 1), extension={})
    assert due.day == dt.date(2027, 3, 10) and due.is_estimated


def test_a_deadline_running_into_2027_is_estimated() -> None:
    due = deadline(dt.date(2026, 12, 28), extension={})
    assert due.is_estimated and due.day.year == 2027


def test_the_extension_seed_covers_a_year_past_the_package() -> None:
    # the State Council's 2027 notice, once added to the seed, replaces the estimate
    ext = {dt.date(2027, 1, 1): False, dt.date(2027, 1, 4): False}
    info = calendar_day(dt.date(2027, 1, 4), ext)
    assert not info.is_workday and not info.is_estimated
    # 1 and 4 Jan closed by the seed, the rest by the weekday fallback: day 7 is Wed 13 Jan
    assert deadline(dt.date(2026, 12, 31), extension=ext).day == dt.date(2027, 1, 13)
