"""Cell normalisation shared by connectors: text, codes, dates, amounts. Pure functions, no I/O."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from credit.core.identifiers import normalise_code

__all__ = [
    "ParseError",
    "clean_text",
    "normalise_code",
    "parse_amount_wan",
    "parse_amount_yuan",
    "parse_date",
    "parse_money",
    "split_list",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TIME = r"(?:[ T]?\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?|\s*\d{1,2}时(?:\d{1,2}分(?:\d{1,2}秒)?)?)?"
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + "$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?" + _TIME + "$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})" + _TIME + "$"),
)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_LIST_SEPARATORS = re.compile(r"[;；,，、/|\s]+")


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
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):  # an Excel serial stored as text (a time is a fraction)
        return _from_excel_serial(float(text))
    raise ParseError(f"unreadable date {text!r}")


def _from_excel_serial(serial: float) -> dt.date:
    if not 1 <= serial < 2958466:
        raise ParseError(f"Excel serial date out of range: {serial}")
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


# Amounts as clerks write them: a currency sign or word, thousands separators, a unit (元, 万, 亿),
# a negative in brackets or with 负. Each unit's factor, in yuan.
_UNITS = {"": None, "元": 1, "万元": 10_000, "万": 10_000, "亿元": 100_000_000, "亿": 100_000_000}
_CURRENCY = re.compile(r"^(?:RMB|CNY|人民币|¥)|(?:RMB|CNY)$", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
_MONEY = re.compile(r"^(.*?)(亿元|万元|亿|万|元)?$")


def parse_money(value: object, unit: str) -> float | None:
    """An amount in the column's `unit` (`元` or `万元`): `￥4,800.00`, `1.2万` and `RMB 3,000` in a 元
    column; `4800元` in a 万元 column is 0.48. A value that cannot be read exactly is an error that
    shows the raw text, never a guess (`1,2` is not 1.2 and not 12)."""
    factor = _UNITS[unit]
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ParseError(f"expected an amount in {unit}, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).replace(" ", "").replace("\u2212", "-").strip()
    if not text:
        return None
    negative = False
    if text[0] in "(" and text[-1] == ")":  # accounting style: (1,234.00)
        negative, text = True, text[1:-1]
    if text.startswith("负"):
        negative, text = True, text[1:]
    if text.startswith("-"):
        negative, text = not negative, text[1:]
    stripped = _CURRENCY.sub("", text)
    currency, text = stripped != text, stripped
    if text.startswith("-"):  # ¥-1,200
        negative, text = not negative, text[1:]
    m = _MONEY.match(text)
    number, written_unit = (m[1], m[2] or "") if m else (text, "")
    if not (_PLAIN.match(number) or _GROUPED.match(number)):
        raise ParseError(f"unreadable amount {str(value)!r} (expected a number of {unit})")
    amount = Decimal(number.replace(",", ""))
    if written_unit:
        amount = amount * _UNITS[written_unit] / factor
    elif currency and factor != 1:  # ¥ says money, not which unit: in a 万元 column that is a guess
        raise ParseError(f"ambiguous amount {str(value)!r}: a currency sign but no unit in a {unit} column")
    amount = -amount if negative else amount
    return float(amount)


def parse_amount_wan(value: object) -> float | None:
    """An amount in 万元 (the 双公示 layout's unit): `1,234.5`, `1234.5万`, `１２.５`, `4800元`."""
    return parse_money(value, "万元")


def parse_amount_yuan(value: object) -> float | None:
    """An amount in 元: `￥4,800.00`, `1.2万`, `(300)`."""
    return parse_money(value, "元")


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
    """A plain number: thousands separators in groups of three (`1,234.5`, `１，２３４`), a percentage
    (`12.5%` is 0.125); units are not guessed at."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ParseError(f"expected a number, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).replace(" ", "").replace("\u2212", "-").strip()
    if not text:
        return None
    percent = text.endswith("%")
    sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
    body = body.removesuffix("%")
    if not (_PLAIN.match(body) or _GROUPED.match(body)):
        raise ParseError(f"unreadable number {str(value)!r}")
    number = Decimal(sign + body.replace(",", ""))
    return float(number / 100 if percent else number)


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
