"""Every setting the centre reads, in one place (docs/architecture.md "Configuration").

Settings come from the environment and are read when `settings()` is called, never at import. No
other product module reads `os.environ` for a setting: `tests/core/test_config.py` walks the code
and the README's configuration table and fails when a variable is read elsewhere or listed wrongly.
The defaults are the production ones: nothing here turns on a demo, a simulator or a shortcut.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from dataclasses import dataclass, field
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
    Variable(
        "CREDIT_ENGINE",
        "duckdb",
        "what `build_warehouse` builds on: `duckdb` (the embedded file) or `spark` (the Thrift Server below; "
        "docs/engines.md)",
    ),
    Variable("CREDIT_SPARK_HOST", "127.0.0.1", "the Spark Thrift Server (or Kyuubi) the Spark engine builds on"),
    Variable("CREDIT_SPARK_PORT", "10000", "its port (`make spark` serves on this one)"),
    Variable("CREDIT_DBT_FAIL_FAST", None, "set (any value): a build stops at its first failing node"),
    Variable(
        "CREDIT_ALERT_WEBHOOK",
        None,
        "URL that every failed task of the centre's DAGs POSTs a JSON alert to (a blocked batch, a source down, "
        "a failed build); unset: no alert beyond Airflow's own",
    ),
    Variable("CREDIT_ISSUER", "商务信用数据中心", "issuing body printed on every credit report (出具机构)"),
    Variable("CREDIT_REGION", "320800", "division code in every credit report number (XYBG-<region>-<day>-<n>)"),
    Variable("CREDIT_REPORT_VALID_DAYS", "30", "days a credit report stays valid after it is issued"),
    Variable("CREDIT_PLATFORM_HOST", "127.0.0.1", "address `make serve` binds the two platforms to"),
    Variable("CREDIT_PLATFORM_PORT", "8700", "port of the two platforms (`make serve`)"),
    Variable(
        "CREDIT_HISTORY_FROM",
        None,
        "`source.dataset=YYYY-MM-DD,…`: the day from which a department's first delivery carried its records "
        "(declared when its feed began); unset: a dataset's records begin with its first accepted batch "
        '(docs/domain.md §5 "Only what the records support")',
    ),
    Variable(
        "CREDIT_PLATFORM_SESSION_KEY",
        None,
        "key that signs supervisors' login cookies; without it a random key is made once in "
        "`<data dir>/.secrets/platform_session_key`",
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
    engine: str = "duckdb"
    spark_host: str = "127.0.0.1"
    spark_port: int = 10000
    dbt_fail_fast: bool = False
    alert_webhook: str | None = None
    issuer: str = "商务信用数据中心"
    region: str = "320800"
    report_valid_days: int = 30
    platform_host: str = "127.0.0.1"
    platform_port: int = 8700
    history_from: dict[str, dt.date] = field(default_factory=dict)

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
        engine=parse_engine(_env("CREDIT_ENGINE")),
        spark_host=str(_env("CREDIT_SPARK_HOST")),
        spark_port=int(str(_env("CREDIT_SPARK_PORT"))),
        dbt_fail_fast=_env("CREDIT_DBT_FAIL_FAST") is not None,
        alert_webhook=_env("CREDIT_ALERT_WEBHOOK"),
        issuer=str(_env("CREDIT_ISSUER")),
        region=str(_env("CREDIT_REGION")),
        report_valid_days=int(str(_env("CREDIT_REPORT_VALID_DAYS"))),
        platform_host=str(_env("CREDIT_PLATFORM_HOST")),
        platform_port=int(str(_env("CREDIT_PLATFORM_PORT"))),
        history_from=parse_history_from(_env("CREDIT_HISTORY_FROM")),
    )


ENGINES = ("duckdb", "spark")


def parse_engine(value: str | None) -> str:
    """`duckdb` or `spark` (any case); anything else stops the caller with the choices."""
    engine = (value or "duckdb").strip().lower()
    if engine not in ENGINES:
        raise ValueError(f"CREDIT_ENGINE: {value!r} is not an engine of the centre; choose one of {', '.join(ENGINES)}")
    return engine


_HISTORY_ITEM = re.compile(r"^([a-z0-9_]+)\.([a-z0-9_]+)=(\d{4}-\d{2}-\d{2})$")


def parse_history_from(value: str | None) -> dict[str, dt.date]:
    """`gov_penalties.penalties=2021-01-01,gov_lists.list_entries=2021-01-01` -> {dataset key: day}.
    A malformed item stops the caller with what is wrong and how it should read."""
    declared: dict[str, dt.date] = {}
    for item in (value or "").split(","):
        if not item.strip():
            continue
        match = _HISTORY_ITEM.match(item.strip())
        try:
            day = dt.date.fromisoformat(match.group(3)) if match else None
        except ValueError:
            day = None
        if match is None or day is None:
            raise ValueError(
                f"CREDIT_HISTORY_FROM: {item.strip()!r} is not `source.dataset=YYYY-MM-DD` "
                "(e.g. gov_penalties.penalties=2021-01-01; items separated by commas)"
            )
        declared[f"{match.group(1)}.{match.group(2)}"] = day
    return declared


def _secret_file(cfg: Settings, name: str) -> bytes:
    """A random key made once in `<data dir>/.secrets/<name>` (never in git); the first writer wins,
    and a concurrent process reads the same key."""
    path = cfg.data_dir / ".secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(secrets.token_hex(32))
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    return path.read_text().strip().encode()


def pii_key(cfg: Settings | None = None) -> bytes:
    """The key for hashing personal identifiers: CREDIT_PII_KEY, or a key file made once per data dir.

    The key never lives in git; a deployment sets CREDIT_PII_KEY (an Airflow secret or env var).
    """
    if env := _env("CREDIT_PII_KEY"):
        return env.encode()
    return _secret_file(cfg or settings(), "pii_key")


def platform_session_key(cfg: Settings | None = None) -> str:
    """The key that signs the supervision platform's login cookies (docs/architecture.md "The two
    platforms"): CREDIT_PLATFORM_SESSION_KEY, or a key file made once per data dir."""
    if env := _env("CREDIT_PLATFORM_SESSION_KEY"):
        return env
    return _secret_file(cfg or settings(), "platform_session_key").decode()
