"""Cell normalisation shared by connectors: text, codes, dates, amounts. Pure functions, no I/O."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from credit.core.identifiers import normalise_code

__all__ = ["ParseError", "clean_text", "normalise_code", "parse_amount_wan", "parse_date", "split_list"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_LIST_SEPARATORS = re.compile(r"[;；,，、/|\s]+")
_AMOUNT = re.compile(r"^([+-]?\d+(?:\.\d+)?)(万元|万)?$")


class ParseError(ValueError):
    """A cell that cannot be read as its declared kind; the message says what was expected."""


def clean_text(value: object) -> str | None:
    """Strip, drop control characters (NUL included); empty -> None. Free text keeps its punctuation."""
    if value is None:
        return None
    text = _CONTROL.sub("", str(value)).strip()
    return text or None


def parse_date(value: object) -> dt.date | None:
    """Dates as bureaus write them: ISO, slashes, 年月日, compact, Excel datetimes and serial numbers."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_excel_serial(float(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        if m := pattern.match(text):
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError as exc:
                raise ParseError(f"impossible date {text!r}") from exc
    if re.fullmatch(r"\d{5}(?:\.0+)?", text):
        return _from_excel_serial(float(text))
    raise ParseError(f"unreadable date {text!r}")


def _from_excel_serial(serial: float) -> dt.date:
    if not 1 <= serial < 2958466:
        raise ParseError(f"Excel serial date out of range: {serial}")
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_amount_wan(value: object) -> float | None:
    """An amount in 万元: `1,234.5`, `1234.5万`, `１２.５`. Amounts in yuan are not guessed at."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).replace(",", "").replace(" ", "").strip()
    if not text:
        return None
    if m := _AMOUNT.match(text):
        return float(m[1])
    raise ParseError(f"unreadable amount {text!r} (expected a number of 万元)")


def split_list(value: object) -> list[str]:
    """`罚款；没收违法所得、警告` -> ['罚款', '没收违法所得', '警告']."""
    text = clean_text(value)
    if not text:
        return []
    text = unicodedata.normalize("NFKC", text)
    return [part for part in _LIST_SEPARATORS.split(text) if part]


_EPOCH_MS = re.compile(r"^\d{12,13}$")


def parse_timestamp(value: object) -> dt.datetime | None:
    """ISO-8601 (with or without zone; naive means Beijing time) or epoch milliseconds -> UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        ts = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        ts = _from_epoch_ms(float(value))
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if not text:
            return None
        if _EPOCH_MS.match(text):
            ts = _from_epoch_ms(float(text))
        else:
            try:
                ts = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError as exc:
                raise ParseError(f"unreadable timestamp {text!r}") from exc
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=BEIJING)
    return ts.astimezone(dt.UTC)


BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


def _from_epoch_ms(ms: float) -> dt.datetime:
    if not 946684800000 <= ms < 32503680000000:  # 2000-01-01 .. 3000-01-01: else it is not epoch ms
        raise ParseError(f"epoch milliseconds out of range: {ms}")
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


def parse_number(value: object) -> float | None:
    """A plain number, thousands separators allowed (`1,234.5`); units are not guessed at."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ParseError(f"expected a number, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).replace(",", "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError as exc:
        raise ParseError(f"unreadable number {text!r}") from exc


def parse_int(value: object) -> int | None:
    number = parse_number(value)
    if number is None:
        return None
    if number != int(number):
        raise ParseError(f"expected a whole number, got {value!r}")
    return int(number)


def normalise_phone(value: object) -> str:
    """Digits only, without a +86/0086 country prefix."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", str(value or "")))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix) :]
    return digits


# Entity resolution (a record that names a business without a USCC): the spelling variants
# that do not change which business is meant.
_SHOP_SUFFIXES = re.compile(r"(官方旗舰店|旗舰店|专营店|专卖店|官方店)$")
_LEGAL_FORMS = re.compile(r"(股份有限公司|有限责任公司|有限公司|公司)$")
_ORG_NOISE = re.compile(r"[\s()\[\]{}<>《》【】「」'\"“”‘’·・.,，、:：;；-]")


def org_name_key(value: object) -> str | None:
    """A key that the names of one organisation share however they are written: width-folded (NFKC),
    no brackets, spaces or punctuation, upper case, without a platform shop suffix (旗舰店...) and
    without the legal form (有限公司 / 有限责任公司 / 股份有限公司: callers and clerks drop or swap it).
    Equal keys are candidates, not proof: the linker also checks the division and flags ties."""
    text = clean_text(value)
    if not text:
        return None
    key = _ORG_NOISE.sub("", unicodedata.normalize("NFKC", text)).upper()
    key = _LEGAL_FORMS.sub("", _SHOP_SUFFIXES.sub("", key))
    return key or None
