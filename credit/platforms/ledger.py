"""What the platforms themselves record, beside the read-only warehouse: the query log and the
credit reports they issued (`<CREDIT_DATA_DIR>/platforms/ledger.sqlite`).

- `query_log`: every 凡办必查 check, report and public API call — when, which department (key or
  login), what for, which entity, what verdict, the report number, the HTTP status. An audit reads
  it, and the quarterly report counts it.
- `reports`: every credit report issued — its number, its verification code (what a printed report
  carries, checked at /verify/<code>), who asked and why, the day its data is as of, when it was
  issued and until when it is valid, and the document's content as issued (JSON), so a report can
  be shown and verified as it was, whatever was published since.

SQLite in WAL mode: the service's workers write concurrently; it is the service's own store, never
the warehouse (which only builds write).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sqlite3
import threading
from pathlib import Path
from typing import Any

from credit.core import config

SCHEMA = """
create table if not exists query_log (
    at text not null, channel text not null, department text, principal text, endpoint text not null,
    uscc text, purpose text, verdict text, report_no text, status integer not null
);
create table if not exists reports (
    report_no text primary key, code text unique not null, uscc text not null, name text,
    department text, requester text, purpose text, as_of text, issued_at text not null,
    valid_until text not null, grade text, score integer, content text not null
);
create table if not exists sequences (day text primary key, last integer not null);
"""
# 信用报告编号: XYBG-<region>-<day>-<sequence of the day>
BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper


def ledger_path(cfg: config.Settings | None = None) -> Path:
    cfg = cfg or config.settings()
    return cfg.data_dir / "platforms" / "ledger.sqlite"


class Ledger:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._con() as con:
            con.executescript(SCHEMA)

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            con.execute("pragma journal_mode = wal")
            con.row_factory = sqlite3.Row
            self._local.con = con
        return con

    def log(
        self,
        *,
        channel: str,
        endpoint: str,
        status: int,
        department: str | None = None,
        principal: str | None = None,
        uscc: str | None = None,
        purpose: str | None = None,
        verdict: str | None = None,
        report_no: str | None = None,
    ) -> None:
        self._con().execute(
            "insert into query_log values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                channel,
                department,
                principal,
                endpoint,
                uscc,
                purpose,
                verdict,
                report_no,
                status,
            ],
        )

    def queries(self, limit: int = 200) -> list[dict[str, Any]]:
        rows = self._con().execute("select * from query_log order by rowid desc limit ?", [limit]).fetchall()
        return [dict(r) for r in rows]

    def issue(self, content: dict[str, Any], *, region: str, valid_days: int) -> tuple[str, str]:
        """Give a report its number and verification code and keep it; returns (number, code)."""
        now = dt.datetime.now(BEIJING)  # a report's times are Beijing's, as printed
        day = now.date()
        con = self._con()
        con.execute("begin immediate")
        try:
            row = con.execute("select last from sequences where day = ?", [day.isoformat()]).fetchone()
            seq = (row[0] if row else 0) + 1
            con.execute("insert or replace into sequences values (?, ?)", [day.isoformat(), seq])
            number = f"XYBG-{region}-{day:%Y%m%d}-{seq:06d}"
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
            content = {
                **content,
                "report_no": number,
                "verification_code": code,
                "issued_at": now.isoformat(timespec="seconds"),
                "valid_until": (day + dt.timedelta(days=valid_days)).isoformat(),
            }
            con.execute(
                "insert into reports values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    number,
                    code,
                    content["uscc"],
                    content["identity"]["name"],
                    content.get("department"),
                    content.get("requester"),
                    content.get("purpose"),
                    content.get("as_of"),
                    content["issued_at"],
                    content["valid_until"],
                    content.get("grade"),
                    content.get("score"),
                    json.dumps(content, ensure_ascii=False, default=str),
                ],
            )
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        return number, code

    def report(self, *, number: str | None = None, code: str | None = None) -> dict[str, Any] | None:
        if number:
            row = self._con().execute("select content from reports where report_no = ?", [number]).fetchone()
        else:
            row = self._con().execute("select content from reports where code = ?", [(code or "").upper()]).fetchone()
        return json.loads(row[0]) if row else None

    def counts_by_department(self, since: str, until: str) -> list[dict[str, Any]]:
        """Checks and reports per department in [since, until) (ISO days): what the quarterly report shows."""
        rows = (
            self._con()
            .execute(
                """select coalesce(department, '（公众）') as department,
                      sum(endpoint = '/api/v1/check') as checks,
                      sum(report_no is not null and endpoint in ('/api/v1/check', '/supervision/reports')) as reports
               from query_log where at >= ? and at < ? and status < 400
               group by 1 order by 1""",
                [since, until],
            )
            .fetchall()
        )
        return [dict(r) for r in rows]
