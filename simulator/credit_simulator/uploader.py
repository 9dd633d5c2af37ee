"""The bureaus' and markets' uploader: writes each file source's drop for a day into the centre's inbox,
as their own upload clients would (a file appears whole: written under a dot-name, then renamed).

The centre never calls this; it only sees files appear in `inbox/<source>/<day>/`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from credit.ingest.layouts import LICENSE_FIELDS
from credit_simulator import exchange, gov_penalties, wholesale
from credit_simulator.files import write_drop_file

# source -> (inbox, seed, day, scale) -> files written
UPLOADERS: dict[str, Callable[[Path, int, dt.date, float], list[Path]]] = {
    "gov_penalties": gov_penalties.write_drop,
    **{
        sid: (lambda inbox, seed, day, scale=1.0, _sid=sid: exchange.write_drop(_sid, inbox, seed, day, scale))
        for sid in exchange.EXCHANGES
    },
    "wholesale": wholesale.write_drop,
}
FILE_SOURCES = tuple(UPLOADERS)

# Faults an uploader can make on a given day (what bureaus really do).
TEMPLATE_CHANGE = "template_change"  # the licence bureau switches template: 许可类别 is now 许可种类
DAY_FAULTS = (TEMPLATE_CHANGE,)


def upload(
    inbox: Path,
    seed: int,
    day: dt.date,
    scale: float = 1.0,
    sources: Iterable[str] | None = None,
    faults: Iterable[str] = (),
) -> list[Path]:
    """Every chosen file source's upload for `day`; returns the files written."""
    written: list[Path] = []
    faults = set(faults)
    for sid in sources or FILE_SOURCES:
        if sid == "gov_licenses" and TEMPLATE_CHANGE in faults:
            written.append(changed_licence_template(inbox, seed, day))
            continue
        written += UPLOADERS[sid](inbox, seed, day, scale)
    return written


def changed_licence_template(inbox: Path, seed: int, day: dt.date) -> Path:
    """A bureau switches to a new template overnight: 许可类别 is now headed 许可种类, and that day's
    upload is only this file. The centre's gate should block that batch and let the rest publish."""
    path = inbox / "gov_licenses" / day.isoformat() / f"淮安市_行政许可_新模板_{day:%Y%m%d}.csv"
    return write_drop_file(
        path,
        LICENSE_FIELDS,
        exchange.license_records(seed, day),
        "csv-gbk",
        day,
        spelling={"license_category": "许可种类"},
    )
