"""The published warehouse as the platforms read it: read-only, and replaced under them by a publish.

A build never writes the published file: it writes a private one and renames it over the
published path (credit/warehouse/build.py). So the service opens the file read-only and, before each
request, looks at the path's inode: when a publish has replaced the file, new requests get a
connection to the new file while requests already running finish on the old one (its open file
stays valid after the rename), which is closed when the last of them is done. Nothing here can hold
up a build, and no request fails across a swap.

The file is ATTACHed to a private in-memory database rather than opened with `duckdb.connect(path)`:
DuckDB caches open databases by path in a process, so a second `connect` to the same path after a
publish would hand back the replaced file while any request still held it.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

CATALOG = "published"


class NotPublished(RuntimeError):
    """There is no published warehouse yet."""


class NothingScored(RuntimeError):
    """The published warehouse scores no day yet: the lake held no batch when it was built."""


# the newest day the warehouse scores (its as-of day), as a scalar subquery for other queries: a
# run's last day is the day before its valid_to (docs/contract.md fct_entity_credit_spans)
LAST_SCORED_DAY = "(select max(valid_to) - 1 from marts.fct_entity_credit_spans)"


def last_scored_day(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """LAST_SCORED_DAY of the warehouse open on `con`, None when it scores none."""
    return con.execute(f"select {LAST_SCORED_DAY}").fetchone()[0]


def scored_day(con: duckdb.DuckDBPyConnection) -> dt.date:
    """last_scored_day, or NothingScored with what to do about it."""
    day = last_scored_day(con)
    if day is None:
        raise NothingScored(
            "the published warehouse scores no day yet (it was built before any batch reached the lake):"
            " nothing to export until a build after the first ingest"
        )
    return day


@dataclass
class _Opened:
    con: duckdb.DuckDBPyConnection
    inode: int
    as_of: str | None
    users: int = 0
    retired: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def release(self) -> None:
        with self.lock:
            self.users -= 1
            done = self.retired and self.users == 0
        if done:
            self.con.close()


@dataclass
class Reader:
    """Parameterised reads on one published file (a value is always a parameter, never pasted in)."""

    cur: duckdb.DuckDBPyConnection
    as_of: str | None

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        rel = self.cur.execute(sql, params or [])
        names = [d[0] for d in rel.description]
        return [dict(zip(names, r, strict=True)) for r in rel.fetchall()]

    def one(self, sql: str, params: list[Any] | None = None) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def value(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.cur.execute(sql, params or []).fetchone()
        return row[0] if row else None


class PublishedWarehouse:
    """Read-only connections to the published file, following its publishes."""

    def __init__(self, path: Path, memory_limit: str = "1GB", threads: int = 2) -> None:
        self.path = path
        self.memory_limit = memory_limit
        self.threads = threads
        self._lock = threading.Lock()
        self._opened: _Opened | None = None

    def _open(self, inode: int) -> _Opened:
        con = duckdb.connect(":memory:", config={"memory_limit": self.memory_limit, "threads": self.threads})
        # ATTACH takes no parameter; the path is the deployment's own, its quotes doubled
        con.execute(f"attach '{str(self.path).replace(chr(39), chr(39) * 2)}' as {CATALOG} (read_only)")
        con.execute(f"use {CATALOG}")
        row = con.execute("select max(scored_on) from marts.dim_market_entity").fetchone()
        return _Opened(con, inode, str(row[0]) if row and row[0] else None)

    def _current(self) -> _Opened:
        try:
            inode = os.stat(self.path).st_ino
        except FileNotFoundError:
            raise NotPublished(f"no published warehouse at {self.path}") from None
        with self._lock:
            opened = self._opened
            if opened is None or opened.inode != inode:
                fresh = self._open(inode)
                if opened is not None:
                    with opened.lock:
                        opened.retired = True
                        close_now = opened.users == 0
                    if close_now:
                        opened.con.close()
                self._opened = opened = fresh
            with opened.lock:
                opened.users += 1
            return opened

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        """One request's view: every query of it reads the same published file."""
        opened = self._current()
        cur = opened.con.cursor()
        try:
            cur.execute(f"use {CATALOG}")
            yield Reader(cur, opened.as_of)
        finally:
            cur.close()
            opened.release()

    def as_of(self) -> str | None:
        """The scored day of the file published now."""
        with self.reader() as r:
            return r.as_of

    def close(self) -> None:
        with self._lock:
            if self._opened is not None:
                self._opened.retired = True
                if self._opened.users == 0:
                    self._opened.con.close()
                self._opened = None
