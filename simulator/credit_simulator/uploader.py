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

# source -> (inbox, seed, day, scale, plant) -> files written
UPLOADERS: dict[str, Callable[..., list[Path]]] = {
    "gov_penalties": gov_penalties.write_drop,
    **{
        sid: (
            lambda inbox, seed, day, scale=1.0, plant=None, _sid=sid: exchange.write_drop(
                _sid, inbox, seed, day, scale, plant
            )
        )
        for sid in (*exchange.EXCHANGES, *exchange.MULTI_EXCHANGES)
    },
    "wholesale": wholesale.write_drop,
}
FILE_SOURCES = tuple(UPLOADERS)

# Faults an uploader can make on a given day (what bureaus really do).
TEMPLATE_CHANGE = "template_change"  # the licence bureau switches template: 许可类别 is now 许可种类
PII_IN_TEXT = "pii_in_text"  # clerks type an ID, mobiles, a landline and a bank card into every text column
DAY_FAULTS = (TEMPLATE_CHANGE, PII_IN_TEXT)
PLANTED_ID = "320803199001011237"
PLANTED_NUMBERS = (PLANTED_ID, "13812345678", "13987654321", "83456789", "6222021234567890128")
PLANTED_TEXT = f"（身份证{PLANTED_ID}，手机138-1234-5678、+86 13987654321，电话0517-83456789，卡号6222021234567890128）"


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
        plant = PLANTED_TEXT if PII_IN_TEXT in faults else None
        written += UPLOADERS[sid](inbox, seed, day, scale, plant)
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
