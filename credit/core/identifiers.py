"""Identifier validators: USCC (GB 32100-2015), organisation code (GB 11714), resident ID (GB 11643).

Written here rather than taken from python-stdnum because stdnum.cn.uscc rejects legal codes whose
first 8 characters are not all digits (N2..., Y1..., A1...) and ignores the embedded organisation
code (docs/domain.md §1.1).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum

# docs/domain.md §1.1: the 31-character USCC alphabet; I, O, Z, S, V never occur.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
# docs/domain.md §1.1: Wi = 3^(i-1) mod 31 for i = 1..17.
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
# docs/domain.md §1.1: registration authority codes (position 1).
USCC_AUTHORITIES = frozenset("123456789ANY")
# docs/domain.md §1.1: GB 11714 weights over positions 9-16; letters take the FULL alphabet A=10..Z=35.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# docs/domain.md §1.2: weights 2^(17-i) mod 11 and the check-character table.
RESIDENT_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7, 9, 10, 5, ... 4, 2
RESIDENT_ID_CHECK = "10X98765432"

_WHITESPACE = re.compile(r"\s+")
# Characters that sources use to mask digits (after NFKC, full-width ＊ is already *).
_MASK_CHARS = frozenset("*●×")


class IdStatus(StrEnum):
    """Outcome of validating one identifier. Only VALID and ORGCODE_MISMATCH identify an entity."""

    VALID = "valid"
    # The USCC check character is right but the embedded GB 11714 check is not. Policy (docs/domain.md
    # §1.1 asks us to decide): accepted and joined, reported as a data-quality flag, because codes
    # issued during the 2015-2017 transition carry such organisation codes.
    ORGCODE_MISMATCH = "orgcode_mismatch"
    MISSING = "missing"
    MASKED = "masked"
    BAD_LENGTH = "bad_length"
    BAD_CHARSET = "bad_charset"
    BAD_AUTHORITY = "bad_authority"
    BAD_BIRTHDATE = "bad_birthdate"
    BAD_CHECK = "bad_check"


ACCEPTED_USCC_STATUSES = frozenset({IdStatus.VALID, IdStatus.ORGCODE_MISMATCH})


def normalise_code(value: object) -> str:
    """Unambiguous normalisation of a code: full-width to ASCII (NFKC), no whitespace, upper case."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return _WHITESPACE.sub("", text).upper()


def uscc_check_char(first17: str) -> str:
    """The 18th character for the first 17 (docs/domain.md §1.1: C18 = 31 - (sum mod 31), 31 -> 0)."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """GB 11714 check character over 8 characters (docs/domain.md §1.1: 10 -> X, 11 -> 0)."""
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _is_masked(code: str) -> bool:
    return any(c in _MASK_CHARS for c in code)


def uscc_status(code: str) -> IdStatus:
    """Validate an already-normalised USCC."""
    if not code:
        return IdStatus.MISSING
    if _is_masked(code):
        return IdStatus.MASKED
    if len(code) != 18:
        return IdStatus.BAD_LENGTH
    if any(c not in _USCC_VALUE for c in code):
        return IdStatus.BAD_CHARSET
    if code[0] not in USCC_AUTHORITIES:
        return IdStatus.BAD_AUTHORITY
    if uscc_check_char(code[:17]) != code[17]:
        return IdStatus.BAD_CHECK
    if org_code_check_char(code[8:16]) != code[16]:
        return IdStatus.ORGCODE_MISMATCH
    return IdStatus.VALID


def is_valid_uscc(value: object) -> bool:
    return uscc_status(normalise_code(value)) in ACCEPTED_USCC_STATUSES


def resident_id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK[total % 11]


def resident_id_status(code: str) -> IdStatus:
    """Validate an already-normalised 18-character resident identity number (docs/domain.md §1.2)."""
    if not code:
        return IdStatus.MISSING
    if _is_masked(code):
        return IdStatus.MASKED
    if len(code) != 18:
        return IdStatus.BAD_LENGTH
    if not code[:17].isdigit() or code[17] not in "0123456789X":
        return IdStatus.BAD_CHARSET
    try:
        dt.date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return IdStatus.BAD_BIRTHDATE
    if resident_id_check_char(code[:17]) != code[17]:
        return IdStatus.BAD_CHECK
    return IdStatus.VALID


def is_valid_resident_id(value: object) -> bool:
    return resident_id_status(normalise_code(value)) is IdStatus.VALID
