"""Runtime configuration, read from the environment at call time (never at import)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    seed: int
    simulator: bool
    region: str
    sim_scale: float = 1.0  # the simulator's volume multiplier (benchmarks)
    # raw, quarantine and inbox partitions older than this are removed by the maintenance DAG;
    # accepted and audit partitions (what the warehouse is rebuilt from) are kept
    retention_days: int = 400

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
        data_dir=Path(os.environ.get("CREDIT_DATA_DIR", "data")).resolve(),
        seed=int(os.environ.get("CREDIT_SEED", "20260401")),
        # SPEC.md: every source is served by the bundled simulator by default.
        simulator=os.environ.get("CREDIT_SIMULATOR", "on").lower() not in {"0", "off", "false", "no"},
        region=os.environ.get("CREDIT_REGION", "320800"),
        sim_scale=float(os.environ.get("CREDIT_SIM_SCALE", "1.0")),
        retention_days=int(os.environ.get("CREDIT_RETENTION_DAYS", "400")),
    )


def pii_key(cfg: Settings | None = None) -> bytes:
    """The key for hashing personal identifiers: CREDIT_PII_KEY, or a key file made once per data dir.

    The key never lives in git; a deployment sets CREDIT_PII_KEY (an Airflow secret or env var).
    """
    if env := os.environ.get("CREDIT_PII_KEY"):
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
