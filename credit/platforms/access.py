"""Who may ask the platforms what: department API keys with scopes, supervisors' logins, rate limits.

Keys and users live in `<CREDIT_DATA_DIR>/.secrets/platform_access.json` (never in git), written
by `credit platform-key add` and `credit platform-user add`. A key is shown once, when it is made;
the file keeps only its SHA-256. A password is kept as PBKDF2-SHA256 with a salt.

Scopes (docs/architecture.md "The two platforms"):
  public      what the public platform shows: an entity's public record (its licences, its
              penalties inside their publication window, list status);
  check       凡办必查: the verdict, grade, score and the reasons, for a stated purpose;
  report      an authorised query: a credit report issued with a number and a verification code.
Every call of a key is rate limited per minute (token bucket, per key, in this process).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from credit.core import config

SCOPES = ("public", "check", "report")
ACCESS_FILE = "platform_access.json"
PBKDF2_ROUNDS = 200_000


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    department: str
    sha256: str
    scopes: tuple[str, ...]
    per_minute: int = 120


@dataclass(frozen=True)
class User:
    username: str
    department: str
    password: str  # pbkdf2_sha256$rounds$salt$hash


def access_path(cfg: config.Settings | None = None) -> Path:
    cfg = cfg or config.settings()
    return cfg.data_dir / ".secrets" / ACCESS_FILE


def _load(path: Path) -> dict:
    if not path.exists():
        return {"keys": [], "users": []}
    return json.loads(path.read_text(encoding="utf-8"))


def _save(path: Path, doc: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def add_key(department: str, scopes: list[str], per_minute: int = 120, path: Path | None = None) -> tuple[str, str]:
    """A new key for a department: returns (key id, the secret, shown this once)."""
    unknown = set(scopes) - set(SCOPES)
    if unknown or not scopes:
        raise ValueError(f"scopes must be some of {', '.join(SCOPES)}; got {scopes}")
    path = path or access_path()
    doc = _load(path)
    key_id = f"k{secrets.token_hex(4)}"
    secret = f"ccdc_{key_id}_{secrets.token_urlsafe(24)}"
    key = ApiKey(key_id, department, _sha256(secret), tuple(scopes), per_minute)
    doc["keys"].append({**asdict(key), "scopes": list(key.scopes)})
    _save(path, doc)
    return key_id, secret


def hash_password(password: str, salt: str | None = None, rounds: int = PBKDF2_ROUNDS) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), rounds).hex()
    return f"pbkdf2_sha256${rounds}${salt}${digest}"


def add_user(username: str, department: str, password: str, path: Path | None = None) -> None:
    path = path or access_path()
    doc = _load(path)
    doc["users"] = [u for u in doc["users"] if u["username"] != username]
    doc["users"].append(asdict(User(username, department, hash_password(password))))
    _save(path, doc)


@dataclass
class Access:
    """The keys and users of a data dir, reloaded when the file changes."""

    path: Path
    _mtime: float = -1.0
    _keys: dict[str, ApiKey] = field(default_factory=dict)
    _users: dict[str, User] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _refresh(self) -> None:
        try:
            mtime = os.stat(self.path).st_mtime
        except FileNotFoundError:
            mtime = 0.0
        with self._lock:
            if mtime == self._mtime:
                return
            doc = _load(self.path)
            self._keys = {
                k["sha256"]: ApiKey(k["key_id"], k["department"], k["sha256"], tuple(k["scopes"]), k["per_minute"])
                for k in doc["keys"]
            }
            self._users = {u["username"]: User(**u) for u in doc["users"]}
            self._mtime = mtime

    def key(self, secret: str | None) -> ApiKey | None:
        """The key a secret is (looked up by its hash: the secret itself is never stored)."""
        if not secret:
            return None
        self._refresh()
        return self._keys.get(_sha256(secret))

    def user(self, username: str, password: str) -> User | None:
        self._refresh()
        found = self._users.get(username)
        if found is None:
            hash_password(password, "x" * 32)  # the same work whether or not the user exists
            return None
        _, rounds, salt, digest = found.password.split("$")
        candidate = hash_password(password, salt, int(rounds)).split("$")[-1]
        return found if hmac.compare_digest(candidate, digest) else None


class RateLimiter:
    """A token bucket per key: `per_minute` calls a minute, with bursts up to that many."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: ApiKey, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        rate = key.per_minute / 60.0
        with self._lock:
            tokens, last = self._buckets.get(key.key_id, (float(key.per_minute), now))
            tokens = min(float(key.per_minute), tokens + (now - last) * rate)
            if tokens < 1:
                self._buckets[key.key_id] = (tokens, now)
                return False
            self._buckets[key.key_id] = (tokens - 1, now)
            return True
