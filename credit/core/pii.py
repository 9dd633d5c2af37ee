"""Personal data: keyed hash for joins and a masked form for display (docs/architecture.md "Personal data")."""

from __future__ import annotations

import hashlib
import hmac


def keyed_hash(value: str, key: bytes) -> str | None:
    """HMAC-SHA256 of a normalised identifier; stable for joins, useless without the key."""
    if not value:
        return None
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def mask_id(value: str) -> str | None:
    """`320803199001011234` -> `3208**********1234`: division prefix and last four only."""
    if not value:
        return None
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str | None:
    """`13812345678` -> `138****5678`."""
    if not value:
        return None
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
