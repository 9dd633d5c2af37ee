"""The simulator's HTTP server: the JSON APIs of every API source, with faults on request.

    python -m credit_simulator serve --port 8765 --token T

Each API is as awkward as the real one: platform A pages by opaque cursor and writes ISO times;
platform B pages by page number and writes epoch milliseconds in other field names; raters page by
offset; 12312 by page number with `hasMore`. All need `Authorization: Bearer <token>`.

Faults (per source, set with POST /_control/faults or `--faults`): `error_rate` (500/503),
`rate_limit_rate` (429 with Retry-After), `slow_rate` + `slow_seconds`, `truncate_rate` (the body
stops halfway). They are transient: the same request succeeds by its fourth attempt, so a client that
retries ends with exactly the data of a clean run. `drift` (a renamed field) and `malformed_rate`
(impossible values in some records) are not transient: they are what the quality gate is for.
`pii_in_text` has people type an identity number, mobiles, a landline and a bank card into every
free-text field (a review, a complaint's summary): what ingest must mask.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from credit.ingest.normalise import parse_timestamp
from credit_simulator import apis
from credit_simulator.uploader import PLANTED_TEXT

BEIJING = apis.BEIJING
MAX_WINDOW_DAYS = 31


@dataclass
class Faults:
    error_rate: float = 0.0
    rate_limit_rate: float = 0.0
    retry_after: int = 1
    slow_rate: float = 0.0
    slow_seconds: float = 2.0
    truncate_rate: float = 0.0
    drift: bool = False
    malformed_rate: float = 0.0
    pii_in_text: bool = False


@dataclass
class SimulatorState:
    seed: int
    token: str
    scale: float = 1.0
    faults: dict[str, Faults] = field(default_factory=dict)
    attempts: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def attempt(self, key: str) -> int:
        with self.lock:
            self.attempts[key] += 1
            return self.attempts[key]


# route -> (source, dataset, platform, pagination, time field used for the window)
ROUTES: dict[str, tuple[str, str, str | None, str]] = {
    "/platform-a/v2/shops": ("ecommerce", "shops", "A", "cursor"),
    "/platform-a/v2/reviews": ("ecommerce", "reviews", "A", "cursor"),
    "/platform-a/v2/disputes": ("ecommerce", "disputes", "A", "cursor"),
    "/platform-a/v2/violations": ("ecommerce", "violations", "A", "cursor"),
    "/platform-b/open/malls": ("ecommerce", "shops", "B", "page"),
    "/platform-b/open/comments": ("ecommerce", "reviews", "B", "page"),
    "/platform-b/open/refunds": ("ecommerce", "disputes", "B", "page"),
    "/platform-b/open/punishments": ("ecommerce", "violations", "B", "page"),
    "/raters/v1/ratings": ("raters", "ratings", None, "offset"),
    "/12312/api/complaints": ("complaints_12312", "complaints", None, "pageno"),
    "/household/api/companies": ("household", "companies", None, "cursor"),
    "/household/api/workers": ("household", "workers", None, "cursor"),
}
_CHANGE_FIELDS = ("updatedAt", "modify_time", "_at")


@lru_cache(maxsize=256)
def day_records(seed: int, source: str, dataset: str, platform: str | None, day: dt.date, scale: float) -> tuple:
    if source == "ecommerce":
        rows = apis.ecommerce(seed, platform or "A", dataset, day, scale)
    elif source == "raters":
        rows = apis.ratings(seed, day, scale)
    elif source == "complaints_12312":
        rows = apis.complaints(seed, day, scale)
    else:
        rows = apis.household(seed, dataset, day, scale)
    return tuple(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows)


def _changed_at(rec: dict) -> dt.datetime:
    for name in _CHANGE_FIELDS:
        if name in rec:
            return parse_timestamp(rec[name])
    raise KeyError("record without a change time")


def window_records(state: SimulatorState, route: str, since: dt.datetime, until: dt.datetime) -> tuple[str, ...]:
    """The window's records as JSON texts in change order (cached: pages are slices of it)."""
    faults = state.faults.get(ROUTES[route][0], Faults())
    return _window(
        state.seed, state.scale, route, since, until, faults.drift, faults.malformed_rate, faults.pii_in_text
    )


# the fields of the APIs' records that people type freely into
FREE_TEXT_FIELDS = ("content", "comment", "summary")


@lru_cache(maxsize=64)
def _window(
    seed: int,
    scale: float,
    route: str,
    since: dt.datetime,
    until: dt.datetime,
    drift: bool,
    malformed_rate: float,
    pii_in_text: bool = False,
) -> tuple[str, ...]:
    source, dataset, platform, _ = ROUTES[route]
    first = since.astimezone(BEIJING).date()
    last = (until - dt.timedelta(microseconds=1)).astimezone(BEIJING).date()
    if (last - first).days > MAX_WINDOW_DAYS:
        raise ValueError(f"window longer than {MAX_WINDOW_DAYS} days")
    out = []
    day = first
    while day <= last:
        for text in day_records(seed, source, dataset, platform, day, scale):
            rec = json.loads(text)
            if since <= _changed_at(rec) < until:
                out.append(rec)
        day += dt.timedelta(days=1)
    out.sort(key=lambda r: (_changed_at(r), json.dumps(r, sort_keys=True)))
    for rec in out:
        rec.pop("_at", None)
        if malformed_rate and _chance(seed, json.dumps(rec, sort_keys=True), malformed_rate):
            _malform(rec)
        if drift:
            _drift(rec)
        if pii_in_text:
            for name in FREE_TEXT_FIELDS:
                if isinstance(rec.get(name), str):
                    rec[name] += PLANTED_TEXT
    return tuple(json.dumps(r, ensure_ascii=False) for r in out)


def _chance(seed: int, key: str, rate: float) -> bool:
    h = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(h[:8], "big") / 2**64 < rate


def _malform(rec: dict) -> None:
    for name in ("rating", "score"):
        if name in rec:
            rec[name] = 7  # outside 1-5
            return
    for name in ("updatedAt", "receivedAt", "modify_time"):
        if name in rec:
            rec[name] = "2026-02-30T10:00:00"
            return


def _drift(rec: dict) -> None:
    """A platform release renamed a field."""
    for old, new in (
        ("shopId", "storeId"),
        ("mall_id", "store_id"),
        ("creditCode", "uscc_code"),
        ("businessName", "merchantName"),
        ("workerId", "staffId"),
    ):
        if old in rec:
            rec[new] = rec.pop(old)
            return


def paginate(route: str, texts: tuple[str, ...], query: dict[str, str]) -> dict:
    kind = ROUTES[route][3]

    def page_of(start: int, stop: int) -> list[dict]:
        return [json.loads(t) for t in texts[start:stop]]

    records = texts
    if kind == "cursor":
        limit = int(query.get("limit", 100))
        start = int(base64.urlsafe_b64decode(query["cursor"]).decode()) if query.get("cursor") else 0
        page = page_of(start, start + limit)
        nxt = start + limit
        cursor = base64.urlsafe_b64encode(str(nxt).encode()).decode() if nxt < len(records) else None
        key = "data"
        return {key: page, "next_cursor" if route.startswith("/platform-a") else "next": cursor}
    if kind == "page":
        size = int(query.get("page_size", 50))
        page_no = int(query.get("page", 1))
        page = page_of((page_no - 1) * size, page_no * size)
        return {"code": 0, "msg": "success", "result": {"total": len(records), "page": page_no, "list": page}}
    if kind == "offset":
        limit = int(query.get("limit", 100))
        offset = int(query.get("offset", 0))
        return {"items": page_of(offset, offset + limit), "total": len(records), "offset": offset}
    size = int(query.get("pageSize", 100))
    page_no = int(query.get("pageNo", 1))
    page = page_of((page_no - 1) * size, page_no * size)
    return {"rows": page, "pageNo": page_no, "hasMore": page_no * size < len(records)}


def window(route: str, query: dict[str, str]) -> tuple[dt.datetime, dt.datetime]:
    """Each API names its window its own way."""
    if route.startswith("/platform-b"):
        since = dt.datetime.fromtimestamp(int(query["modified_after"]) / 1000, dt.UTC)
        until = dt.datetime.fromtimestamp(int(query["modified_before"]) / 1000, dt.UTC)
    elif route.startswith("/raters"):
        day = dt.date.fromisoformat(query["date"])
        since = dt.datetime(day.year, day.month, day.day, tzinfo=BEIJING)
        until = since + dt.timedelta(days=1)
    elif route.startswith("/12312"):
        since, until = parse_timestamp(query["start"]), parse_timestamp(query["end"])
    else:
        since, until = parse_timestamp(query["updated_since"]), parse_timestamp(query["updated_until"])
    return since, until


def make_handler(state: SimulatorState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in separate writes: no 40 ms delayed-ACK stall

        def log_message(self, format: str, *args: object) -> None:  # quiet: tests read their own logs
            return

        def _send(self, status: int, body: dict, headers: dict[str, str] | None = None, truncate: bool = False):
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if truncate:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(data[: len(data) // 2] if truncate else data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path == "/_health":
                return self._send(200, {"status": "ok", "seed": state.seed})
            if url.path not in ROUTES:
                return self._send(404, {"error": f"no such endpoint {url.path}"})
            if self.headers.get("Authorization") != f"Bearer {state.token}":
                return self._send(401, {"error": "missing or wrong bearer token"})
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            source = ROUTES[url.path][0]
            faults = state.faults.get(source, Faults())
            attempt = state.attempt(self.path)
            if attempt < 4:  # transient faults only: the 4th try of any request succeeds
                roll = random.Random(f"{state.seed}:{self.path}:{attempt}").random()
                edges = (faults.error_rate, faults.rate_limit_rate, faults.slow_rate, faults.truncate_rate)
                acc = 0.0
                for kind, rate in zip(("error", "limit", "slow", "truncate"), edges, strict=True):
                    acc += rate
                    if roll < acc:
                        if kind == "error":
                            return self._send(503 if attempt % 2 else 500, {"error": "upstream unavailable"})
                        if kind == "limit":
                            return self._send(
                                429, {"error": "too many requests"}, {"Retry-After": str(faults.retry_after)}
                            )
                        if kind == "slow":
                            time.sleep(faults.slow_seconds)
                        if kind == "truncate":
                            return self._send(200, self._page(url.path, query), truncate=True)
                        break
            try:
                body = self._page(url.path, query)
            except (KeyError, ValueError) as exc:
                return self._send(400, {"error": f"bad request: {exc}"})
            return self._send(200, body)

        def _page(self, route: str, query: dict[str, str]) -> dict:
            since, until = window(route, query)
            return paginate(route, window_records(state, route, since, until), query)

        def do_POST(self) -> None:
            if urlparse(self.path).path != "/_control/faults":
                return self._send(404, {"error": "no such endpoint"})
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            state.faults = {src: Faults(**cfg) for src, cfg in body.items()}
            state.attempts.clear()
            day_records.cache_clear()
            _window.cache_clear()
            return self._send(200, {"faults": {k: vars(v) for k, v in state.faults.items()}})

    return Handler


def serve(
    port: int,
    seed: int,
    token: str,
    scale: float = 1.0,
    host: str = "127.0.0.1",
    faults: dict[str, Faults] | None = None,
) -> ThreadingHTTPServer:
    """Start the server on a background thread and return it (port 0 picks a free port)."""
    state = SimulatorState(seed=seed, token=token, scale=scale, faults=faults or {})
    httpd = ThreadingHTTPServer((host, port), make_handler(state))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, name="credit-simulator", daemon=True).start()
    return httpd


def main(argv: list[str] | None = None) -> int:
    import os

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SIMULATOR_SEED", "20260401")))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--token", default=os.environ.get("SIMULATOR_TOKEN"))
    parser.add_argument("--faults", default="{}", help='JSON, e.g. {"ecommerce": {"error_rate": 0.2}}')
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("set --token or SIMULATOR_TOKEN (the bearer token clients must send)")
    faults = {k: Faults(**v) for k, v in json.loads(args.faults).items()}
    httpd = serve(args.port, args.seed, args.token, args.scale, args.host, faults)
    print(f"simulator serving on http://{args.host}:{httpd.server_address[1]} (seed {args.seed})", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
