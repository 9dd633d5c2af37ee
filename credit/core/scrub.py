"""Personal data inside free text: identity, phone and bank-card numbers found anywhere in a value are
replaced in place by their masked form (docs/architecture.md "Personal data").

Declared identity and phone columns are hashed and masked by the layout (credit/ingest/tabular.py);
this module is for everything else a clerk can type a number into: 违法事实, 备注, an address, a
footer line, a header, an unknown column, an error message. What it finds:

- resident IDs: 18 characters whose check character is right and whose digits 7-14 are a real birth
  date (docs/domain.md §1.2), and old 15-digit IDs whose digits 7-12 are a real date (yymmdd);
- mobile numbers: 1[3-9] and 9 more digits, alone or after +86/0086, with spaces or dashes between
  the groups (`138 1234 5678`, `+86-138-1234-5678`);
- landlines with an area code: 0 + 2-3 digits, a dash, a space or brackets, then 7-8 digits
  (`0517-83456789`, `（0517）83456789`);
- bank-card numbers: 16-19 digits (spaces or dashes between groups of four allowed) that pass Luhn.

The cost of a false positive is a masked run of digits in a text value: an 18-digit product code
that happens to carry a valid check character and a real date is masked in the lake like an ID. The
code is not lost (the bureau's original file stays in the inbox for the retention period), it is not
used as a key, and codes in declared code columns (USCC, decision numbers, sample numbers) are never
scrubbed. A miss would publish a person's number; a masked product code costs a re-read of the file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from credit.core.identifiers import RESIDENT_ID_CHECK, RESIDENT_ID_WEIGHTS
from credit.core.pii import mask_id, mask_phone

_SEP = r"[ \-]?"
# Digits not glued to other digits or ASCII letters (a code like AB13812345678 is left alone), and
# not the fraction of a decimal number (0.016876220703125 is a measurement, not an old ID).
_LEFT = r"(?<![0-9A-Za-z])(?<!\d\.)"
_RIGHT = r"(?![0-9A-Za-z])"
_ID18 = re.compile(_LEFT + r"(\d{6})(\d{8})(\d{3})([0-9Xx])" + _RIGHT)
_ID15 = re.compile(_LEFT + r"(\d{6})(\d{6})(\d{3})" + _RIGHT)
_MOBILE = re.compile(_LEFT + r"(?:(?:\+|00)86[ \-]?)?(1[3-9]\d)" + _SEP + r"(\d{4})" + _SEP + r"(\d{4})" + _RIGHT)
_LANDLINE = re.compile(_LEFT + r"[(（]?(0\d{2,3})[)）]?[ \-]?(\d{3,4})[ \-]?(\d{4})" + _RIGHT)
_CARD = re.compile(_LEFT + r"(\d{4}(?:[ \-]?\d{4}){2}[ \-]?\d{4,7})" + _RIGHT)


@dataclass
class ScrubCounts:
    """How many numbers of each kind were masked, per column (kept in the batch's manifest)."""

    by_column: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, column: str, found: Counter[str]) -> None:
        if found:
            self.by_column.setdefault(column, Counter()).update(found)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {col: dict(sorted(c.items())) for col, c in sorted(self.by_column.items())}


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        return dt.date(1900, 1, 1) <= dt.date(year, month, day) <= dt.date.today()
    except ValueError:
        return False


def _is_resident_id(m: re.Match[str]) -> bool:
    text = m[0].upper()
    if not _valid_date(int(text[6:10]), int(text[10:12]), int(text[12:14])):
        return False
    total = sum(int(c) * w for c, w in zip(text[:17], RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK[total % 11] == text[17]


def _is_old_id(m: re.Match[str]) -> bool:
    yy, mm, dd = int(m[2][:2]), int(m[2][2:4]), int(m[2][4:6])
    return _valid_date(1900 + yy, mm, dd)  # 15-digit IDs were issued to people born in the 1900s


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def scrub_text(text: str) -> tuple[str, Counter[str]]:
    """`text` with every identity, phone and bank-card number in it masked, and what was found."""
    found: Counter[str] = Counter()
    if not text or not any(c.isdigit() for c in text):
        return text, found
    # Full-width digits are digits to a reader: look for numbers in the NFKC form, keep the rest.
    folded = unicodedata.normalize("NFKC", text) if any("０" <= c <= "９" for c in text) else text

    def ids(m: re.Match[str]) -> str:
        if _is_resident_id(m):
            found["resident_id"] += 1
            return str(mask_id(m[0].upper()))
        return m[0]

    def old_ids(m: re.Match[str]) -> str:
        if _is_old_id(m):
            found["resident_id"] += 1
            return str(mask_id(m[0]))
        return m[0]

    def cards(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m[0])
        if 16 <= len(digits) <= 19 and _luhn(digits):
            found["bank_card"] += 1
            return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]
        return m[0]

    def mobiles(m: re.Match[str]) -> str:
        found["mobile"] += 1
        return str(mask_phone(m[1] + m[2] + m[3]))

    def landlines(m: re.Match[str]) -> str:
        found["landline"] += 1
        return f"{m[1]}-{'*' * len(m[2])}{m[3]}"

    out = _ID18.sub(ids, folded)
    out = _CARD.sub(cards, out)
    out = _ID15.sub(old_ids, out)
    out = _MOBILE.sub(mobiles, out)
    out = _LANDLINE.sub(landlines, out)
    return (out if found else text), found


def scrub_value(value: object) -> tuple[object, Counter[str]]:
    """A cell's value scrubbed when it is text; numbers typed as numbers are checked as text too
    (Excel stores a phone number typed into a cell as a number)."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 10**10:
        text, found = scrub_text(str(value))
        return (text if found else value), found
    return value, Counter()


def scrub(text: str) -> str:
    """Only the scrubbed text (for log lines and error messages)."""
    return scrub_text(text)[0]
