"""Every setting the centre reads, in one place (docs/architecture.md "Configuration").

Settings come from the environment and are read when `settings()` is called, never at import. No
other product module reads `os.environ` for a setting: `tests/core/test_config.py` walks the code
and the README's configuration table and fails when a variable is read elsewhere or listed wrongly.
The defaults are the production ones: nothing here turns on a demo, a simulator or a shortcut.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import credit

# Where the project's own files sit: the dbt project, the GX suites and the seeds beside them.
PROJECT_ROOT = Path(credit.__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
DOCS_DIR = PROJECT_ROOT / "docs"


@dataclass(frozen=True)
class Variable:
    name: str
    default: str | None  # None: no default (the behaviour without it is in `meaning`)
    meaning: str


# The README's configuration table lists exactly these, with these defaults.
VARIABLES: tuple[Variable, ...] = (
    Variable("CREDIT_DATA_DIR", "./data", "root of inbox, lake, warehouse, exports and docs"),
    Variable(
        "CREDIT_PII_KEY",
        None,
        "key of the identity- and phone-number hash; without it a random key is made once in "
        "`<data dir>/.secrets/pii_key` (keep it: a new key breaks joins with earlier loads)",
    ),
    Variable("CREDIT_RETENTION_DAYS", "400", "inbox, raw and quarantine partitions older than this are pruned"),
    Variable("CREDIT_HTTP_ATTEMPTS", "6", "tries of one API request (429 honours Retry-After)"),
    Variable("CREDIT_HTTP_BACKOFF", "1.0", "seconds that scale the exponential backoff between tries"),
    Variable("CREDIT_HTTP_TIMEOUT", "30", "seconds before one API request times out"),
    Variable("CREDIT_DUCKDB_MEMORY", "2800MB", "DuckDB's memory cap in a warehouse build"),
    Variable("CREDIT_DBT_FAIL_FAST", None, "set (any value): a build stops at its first failing node"),
    Variable(
        "CREDIT_ALERT_WEBHOOK",
        None,
        "URL that every failed task of the centre's DAGs POSTs a JSON alert to (a blocked batch, a source down, "
        "a failed build); unset: no alert beyond Airflow's own",
    ),
)
_DEFAULTS = {v.name: v.default for v in VARIABLES}


def _env(name: str) -> str | None:
    if name not in _DEFAULTS:
        raise KeyError(f"{name} is not a declared setting (credit/core/config.py VARIABLES)")
    value = os.environ.get(name)
    return value if value not in (None, "") else _DEFAULTS[name]


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    # raw, quarantine and inbox partitions older than this are removed by the maintenance DAG;
    # accepted and audit partitions (what the warehouse is rebuilt from) are kept
    retention_days: int = 400
    http_attempts: int = 6
    http_backoff: float = 1.0
    http_timeout: float = 30.0
    duckdb_memory: str = "2800MB"
    dbt_fail_fast: bool = False
    alert_webhook: str | None = None

    @property
    def inbox(self) -> Path:
        return self.data_dir / "inbox"

    @property
    def lake(self) -> Path:
        return self.data_dir / "lake"

    @property
    def warehouse_dir(self) -> Path:
        return self.data_dir / "warehouse"

    @property
    def published_warehouse(self) -> Path:
        return self.warehouse_dir / "credit.duckdb"

    @property
    def docs(self) -> Path:
        return self.data_dir / "docs"

    @property
    def exports(self) -> Path:
        return self.data_dir / "exports"


def settings() -> Settings:
    return Settings(
        data_dir=Path(str(_env("CREDIT_DATA_DIR"))).resolve(),
        retention_days=int(str(_env("CREDIT_RETENTION_DAYS"))),
        http_attempts=int(str(_env("CREDIT_HTTP_ATTEMPTS"))),
        http_backoff=float(str(_env("CREDIT_HTTP_BACKOFF"))),
        http_timeout=float(str(_env("CREDIT_HTTP_TIMEOUT"))),
        duckdb_memory=str(_env("CREDIT_DUCKDB_MEMORY")),
        dbt_fail_fast=_env("CREDIT_DBT_FAIL_FAST") is not None,
        alert_webhook=_env("CREDIT_ALERT_WEBHOOK"),
    )


def pii_key(cfg: Settings | None = None) -> bytes:
    """The key for hashing personal identifiers: CREDIT_PII_KEY, or a key file made once per data dir.

    The key never lives in git; a deployment sets CREDIT_PII_KEY (an Airflow secret or env var).
    """
    if env := _env("CREDIT_PII_KEY"):
        return env.encode()
    cfg = cfg or settings()
    path = cfg.data_dir / ".secrets" / "pii_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_hex(32))
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)  # first writer wins; a concurrent task reads the same key
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_text().strip().encode()
