"""The JSON-API connector: httpx + tenacity, one endpoint per dataset, every page drained before the
partition is written (a fetch that fails halfway leaves the previous partition untouched).

The window is the run's day in Beijing time, [day 00:00, day+1 00:00): re-running a day asks for the
same changes, so it is idempotent. Each API's cursor state (the window fetched and the newest change
seen) is kept per endpoint in `lake/state/`, so a gap between windows is visible.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
from tenacity import (
    RetryCallState,
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from credit.core import config
from credit.core.lake import Manifest, write_raw
from credit.core.scrub import ScrubCounts
from credit.ingest.catalog import Dataset, Source
from credit.ingest.file_readers import SheetRows
from credit.ingest.normalise import BEIJING
from credit.ingest.tabular import build_table

log = logging.getLogger(__name__)


class ApiError(RuntimeError):
    """The API answered in a way retrying will not fix (auth, 4xx, a body that is not the API's shape)."""


class RetryableHttpError(RuntimeError):
    def __init__(self, status: int, retry_after: float | None, url: str) -> None:
        super().__init__(f"HTTP {status} from {url}")
        self.status = status
        self.retry_after = retry_after


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, RetryableHttpError | httpx.TransportError | json.JSONDecodeError)


def _wait(state: RetryCallState) -> float:
    """Honour Retry-After on 429; otherwise exponential backoff (CREDIT_HTTP_BACKOFF scales it)."""
    exc = state.outcome.exception() if state.outcome else None
    if isinstance(exc, RetryableHttpError) and exc.retry_after is not None:
        return exc.retry_after
    base = config.settings().http_backoff
    return wait_exponential(multiplier=base, max=30 * base)(state)


@dataclass(frozen=True)
class Endpoint:
    base_url: str
    token: str

    @classmethod
    def from_connection(cls, conn_id: str) -> Endpoint:
        """Base URL and bearer token from an Airflow Connection (never from code)."""
        from airflow.sdk import Connection

        try:
            conn = Connection.get(conn_id)
        except Exception as exc:
            raise ApiError(
                f"Airflow connection {conn_id!r} is not defined: add it in the UI or as AIRFLOW_CONN_"
                f"{conn_id.upper()} (host, port, and the bearer token as password)"
            ) from exc
        scheme = conn.schema or "http"
        port = f":{conn.port}" if conn.port else ""
        return cls(base_url=f"{scheme}://{conn.host}{port}", token=conn.password or "")


class Client:
    def __init__(self, endpoint: Endpoint, timeout: float | None = None) -> None:
        self.endpoint = endpoint
        timeout = timeout if timeout is not None else config.settings().http_timeout
        self.http = httpx.Client(
            base_url=endpoint.base_url,
            headers={"Authorization": f"Bearer {endpoint.token}", "Accept": "application/json"},
            timeout=timeout,
        )
        self.requests = 0
        self.retries = 0

    def close(self) -> None:
        self.http.close()

    def get(self, path: str, params: dict[str, object]) -> dict:
        attempts = config.settings().http_attempts

        def before_sleep(state: RetryCallState) -> None:
            self.retries += 1
            log.warning("retrying GET %s?%s after %s", path, urlencode(params), state.outcome.exception())

        @retry(
            retry=retry_if_exception(_retryable),
            stop=stop_after_attempt(attempts),
            wait=_wait,
            before_sleep=before_sleep,
            reraise=True,
        )
        def once() -> dict:
            self.requests += 1
            resp = self.http.get(path, params=params)
            if resp.status_code == 429 or resp.status_code >= 500:
                after = resp.headers.get("Retry-After")
                raise RetryableHttpError(resp.status_code, float(after) if after else None, str(resp.url))
            if resp.status_code >= 400:
                raise ApiError(f"HTTP {resp.status_code} from {resp.url}: {resp.text[:300]}")
            return resp.json()

        return once()


@dataclass(frozen=True)
class Api:
    """One dataset's endpoint: how to ask for a window and how to walk its pages."""

    conn_id: str
    path: str
    pages: Callable[[Client, str, dt.datetime, dt.datetime], Iterator[tuple[str, list[dict]]]]
    constants: dict[str, object]


def day_window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(day.year, day.month, day.day, tzinfo=BEIJING)
    return start, start + dt.timedelta(days=1)


def _items(body: dict, *path: str) -> list[dict]:
    node: object = body
    for key in path:
        if not isinstance(node, dict) or key not in node:
            raise ApiError(f"response has no {'.'.join(path)}: {json.dumps(body, ensure_ascii=False)[:300]}")
        node = node[key]
    if not isinstance(node, list):
        raise ApiError(f"{'.'.join(path)} is not a list")
    return node


def cursor_pages(items_key: str, cursor_key: str, limit: int = 100):
    """Opaque-cursor pagination with ISO-8601 `updated_since` / `updated_until`."""

    def pages(client: Client, path: str, since: dt.datetime, until: dt.datetime) -> Iterator[tuple[str, list]]:
        cursor = None
        while True:
            params: dict[str, object] = {
                "updated_since": since.isoformat(),
                "updated_until": until.isoformat(),
                "limit": limit,
            }
            if cursor:
                params["cursor"] = cursor
            body = client.get(path, params)
            yield f"GET {path}?{urlencode(params)}", _items(body, items_key)
            cursor = body.get(cursor_key)
            if not cursor:
                return

    return pages


def page_number_pages(limit: int = 50):
    """Platform B: `page` / `page_size`, the window in epoch milliseconds, items under result.list."""

    def pages(client: Client, path: str, since: dt.datetime, until: dt.datetime) -> Iterator[tuple[str, list]]:
        page, seen = 1, 0
        while True:
            params = {
                "modified_after": int(since.timestamp() * 1000),
                "modified_before": int(until.timestamp() * 1000),
                "page": page,
                "page_size": limit,
            }
            body = client.get(path, params)
            if body.get("code") != 0:
                raise ApiError(f"platform error {body.get('code')}: {body.get('msg')}")
            items = _items(body, "result", "list")
            yield f"GET {path}?{urlencode(params)}", items
            seen += len(items)
            if not items or seen >= int(body["result"]["total"]):
                return
            page += 1

    return pages


def offset_pages(limit: int = 100):
    """Raters: one business date, `offset` / `limit`, `total` in the body."""

    def pages(client: Client, path: str, since: dt.datetime, until: dt.datetime) -> Iterator[tuple[str, list]]:
        offset = 0
        day = since.astimezone(BEIJING).date()
        while True:
            params = {"date": day.isoformat(), "offset": offset, "limit": limit}
            body = client.get(path, params)
            items = _items(body, "items")
            yield f"GET {path}?{urlencode(params)}", items
            offset += len(items)
            if not items or offset >= int(body["total"]):
                return

    return pages


def page_no_pages(limit: int = 100):
    """12312: `pageNo` / `pageSize`, `hasMore` in the body."""

    def pages(client: Client, path: str, since: dt.datetime, until: dt.datetime) -> Iterator[tuple[str, list]]:
        page = 1
        while True:
            params = {"start": since.isoformat(), "end": until.isoformat(), "pageNo": page, "pageSize": limit}
            body = client.get(path, params)
            yield f"GET {path}?{urlencode(params)}", _items(body, "rows")
            if not body.get("hasMore"):
                return
            page += 1

    return pages


def to_sheet(name: str, items: list[dict], constants: dict[str, object]) -> SheetRows:
    """A page as rows: the header is every field the page's items carry, in first-seen order."""
    header: list[str] = []
    for pos, item in enumerate(items):
        if not isinstance(item, dict):
            raise ApiError(f"{name}: item {pos + 1} is {type(item).__name__}, not a JSON object")
        for key in item:
            if key not in header:
                header.append(key)
    rows = [(i + 1, [_cell(item.get(k)) for k in header]) for i, item in enumerate(items)]
    return SheetRows(name=name, header=header, rows=rows, constants=dict(constants))


def _cell(value: object) -> object:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


@dataclass(frozen=True)
class ApiSource:
    source: Source
    apis: dict[str, tuple[Api, ...]]  # dataset -> its endpoints (one per platform)

    def ingest(self, day: dt.date, cfg: config.Settings | None = None) -> list[Manifest]:
        cfg = cfg or config.settings()
        since, until = day_window(day)
        fetched: list[tuple[Dataset, list[SheetRows], list[dict], list[tuple[Api, dict[str, object]]]]] = []
        for ds in self.source.datasets:
            sheets, inputs, cursors = [], [], []
            for api in self.apis[ds.name]:
                client = Client(Endpoint.from_connection(api.conn_id))
                started, items_total, newest = time.perf_counter(), 0, None
                try:
                    for name, items in api.pages(client, api.path, since, until):
                        sheets.append(to_sheet(name, items, api.constants))
                        items_total += len(items)
                        inputs.append({"name": name, "sha256": _digest(items), "items": str(len(items))})
                        newest = max([newest or "", *(_change_time(i) for i in items)]) or None
                finally:
                    client.close()
                log.info(
                    "%s %s: %d records in %d requests (%d retries), %.1f s",
                    api.conn_id,
                    api.path,
                    items_total,
                    client.requests,
                    client.retries,
                    time.perf_counter() - started,
                )
                cursors.append(
                    (
                        api,
                        {
                            "records": items_total,
                            "newest_change": newest,
                            "requests": client.requests,
                            "retries": client.retries,
                        },
                    )
                )
            fetched.append((ds, sheets, inputs, cursors))
        # Every page of every dataset arrived: only now touch the lake.
        manifests = []
        for ds, sheets, inputs, cursors in fetched:
            manifests.append(write_sheets(ds, day, sheets, inputs, cfg))
            for api, stats in cursors:
                _save_cursor(cfg, ds, api, since, until, stats)
        return manifests


def write_sheets(ds: Dataset, day: dt.date, sheets: list[SheetRows], inputs: list[dict], cfg: config.Settings):
    """Pages as one raw partition of the dataset for the day."""
    scrubbed = ScrubCounts()
    table = build_table(sheets, ds.layout, config.pii_key(cfg), scrubbed)
    return write_raw(cfg.lake, ds.source, ds.name, day, table, inputs, scrubbed=scrubbed.as_dict())


def write_pages(
    ds: Dataset, day: dt.date, pages: list[tuple[str, list[dict]]], constants: dict[str, object], cfg: config.Settings
) -> Manifest:
    """Saved API pages (a replay, or a test's corpus) through the same path as a live fetch."""
    sheets = [to_sheet(name, items, constants) for name, items in pages]
    inputs = [{"name": name, "sha256": _digest(items), "items": str(len(items))} for name, items in pages]
    return write_sheets(ds, day, sheets, inputs, cfg)


def _digest(items: list[dict]) -> str:
    import hashlib

    return hashlib.sha256(json.dumps(items, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _change_time(item: dict) -> str:
    for key in ("updatedAt", "modify_time", "receivedAt", "ratedOn"):
        if key in item and item[key] is not None:
            value = item[key]
            if isinstance(value, int):
                return dt.datetime.fromtimestamp(value / 1000, dt.UTC).isoformat()
            return str(value)
    return ""


def cursor_path(cfg: config.Settings, ds: Dataset, api: Api):
    tag = api.path.strip("/").replace("/", "_")
    return cfg.lake / "state" / ds.source / f"{ds.name}__{tag}.json"


def _save_cursor(cfg, ds: Dataset, api: Api, since, until, stats: dict[str, object]) -> None:
    """Per endpoint: every window fetched, with its count and newest change (a missing day shows)."""
    path = cursor_path(cfg, ds, api)
    state = json.loads(path.read_text()) if path.exists() else {"windows": {}}
    state["windows"][since.date().isoformat()] = {
        "updated_since": since.isoformat(),
        "updated_until": until.isoformat(),
        **stats,
    }
    days = sorted(state["windows"])
    state["updated_since_next"] = state["windows"][days[-1]]["updated_until"]
    gaps = [
        b
        for a, b in itertools.pairwise(days)
        if dt.date.fromisoformat(b) - dt.date.fromisoformat(a) > dt.timedelta(days=1)
    ]
    state["gaps_before"] = gaps
    if gaps:
        log.warning("%s %s: windows missing before %s (backfill those days)", ds.id, api.path, gaps)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=2, sort_keys=True))
    tmp.replace(path)
