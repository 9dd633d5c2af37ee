"""The 凡办必查 API (docs/architecture.md "The two platforms"): department keys with scopes, a query
log of every call, rate limits per key, clear errors, and parameterised queries only."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from urllib.parse import quote

import duckdb
import pytest

from credit.platforms import access
from credit.platforms.access import ApiKey, RateLimiter
from credit.platforms.ledger import ledger_path
from tests.platforms.conftest import DEPARTMENT, SUPERVISOR, Platforms

PURPOSE = "行政许可：食品经营许可审批"


def query_log(p: Platforms) -> list[dict]:
    with sqlite3.connect(ledger_path(p.cfg)) as con:
        con.row_factory = sqlite3.Row
        return [dict(r) for r in con.execute("select * from query_log order by rowid")]


def test_check_without_a_key_is_refused(platforms: Platforms) -> None:
    r = platforms.client.get(f"/api/v1/check/{platforms.black}", params={"purpose": PURPOSE})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    r = platforms.client.get(
        f"/api/v1/check/{platforms.black}", params={"purpose": PURPOSE}, headers={"Authorization": "Bearer nope"}
    )
    assert r.status_code == 401


@pytest.mark.parametrize(
    ("key", "path", "allowed"),
    [
        ("public", "/api/v1/entities/{uscc}", True),
        ("public", "/api/v1/check/{uscc}", False),
        ("check", "/api/v1/check/{uscc}", True),
        ("check", "/api/v1/entities/{uscc}", False),
        ("report", "/api/v1/check/{uscc}", False),
        ("report", "/api/v1/entities/{uscc}", False),
    ],
)
def test_each_scope_reaches_only_its_own_endpoints(platforms: Platforms, key: str, path: str, allowed: bool) -> None:
    r = platforms.api(path.format(uscc=platforms.green), key=key, purpose=PURPOSE)
    assert r.status_code == (200 if allowed else 403), r.text
    if not allowed:
        assert "权限" in r.json()["error"]["message"]


def test_report_scope_reads_an_issued_report_and_only_it_does(platforms: Platforms) -> None:
    checked = platforms.api(f"/api/v1/check/{platforms.green}", key="check", purpose=PURPOSE).json()
    number = checked["report_no"]
    assert platforms.api(f"/api/v1/reports/{number}", key="check").status_code == 403
    report = platforms.api(f"/api/v1/reports/{number}", key="report").json()
    assert report["report_no"] == number and report["uscc"] == platforms.green and report["purpose"] == PURPOSE
    assert platforms.api("/api/v1/reports/XYBG-000000-20260101-000001", key="report").status_code == 404


def test_a_black_listed_entity_is_restricted_with_its_measures(platforms: Platforms) -> None:
    body = platforms.api(f"/api/v1/check/{platforms.black}", purpose=PURPOSE).json()
    assert body["verdict"] == "restricted" and body["verdict_label"].startswith("限制")
    assert body["grade"] == "D" and 0 <= body["score"] <= 1000
    assert any(r["kind"] == "black_list" and r["kind_label"] == "列入黑名单" for r in body["reasons"])
    assert body["measures"], "the joint punishment measures that apply"
    assert body["report_no"].startswith(f"XYBG-{platforms.cfg.region}-") and len(body["verification_code"]) == 12


def test_a_green_channel_entity_is_eligible(platforms: Platforms) -> None:
    body = platforms.api(f"/api/v1/check/{platforms.green}", purpose=PURPOSE).json()
    assert body["verdict"] == "eligible" and "容缺受理" in body["verdict_label"]
    assert body["green_channel_basis"] and not [r for r in body["reasons"] if r["kind"] == "black_list"]


def test_the_check_says_when_a_rule_is_not_claimed_for_want_of_history(platforms: Platforms) -> None:
    """docs/domain.md §5 "Only what the records support": the region has three scored days, so a
    red-list candidate is insufficient history, and the check says so in Chinese."""
    with duckdb.connect(str(platforms.cfg.published_warehouse), read_only=True) as con:
        row = con.execute(
            "select uscc, records_begin_on from marts.insufficient_history"
            " where rule = 'red_list' order by uscc limit 1"
        ).fetchone()
    assert row, "the region has no red-list candidate on its three days"
    body = platforms.api(f"/api/v1/check/{row[0]}", purpose=PURPOSE).json()
    short = [h for h in body["insufficient_history"] if h["rule"] == "red_list"]
    assert short and short[0]["rule_label"] == "红名单（诚信典型）"
    assert short[0]["records_begin_on"] == row[1].isoformat() and "历史不足，不予认定" in short[0]["basis"]


def test_the_check_flags_a_record_under_objection(platforms: Platforms) -> None:
    """docs/domain.md §5 "Objections": under review, the record still counts and is flagged."""
    with duckdb.connect(str(platforms.cfg.published_warehouse), read_only=True) as con:
        row = con.execute(
            """select o.subject_key, o.record_id from marts.objections o
               join marts.dim_market_entity e on e.uscc = o.subject_key
               where o.status = 'under_review' and o.record_held order by o.objection_id limit 1"""
        ).fetchone()
    assert row, "no record the centre holds is under objection in the region"
    body = platforms.api(f"/api/v1/check/{row[0]}", purpose=PURPOSE).json()
    flagged = [o for o in body["objections_under_review"] if o["record_id"] == row[1]]
    assert flagged and flagged[0]["record_kind_label"] in ("行政处罚", "黑名单")


def test_check_needs_a_purpose(platforms: Platforms) -> None:
    assert platforms.api(f"/api/v1/check/{platforms.green}").status_code == 422


def test_an_invalid_uscc_says_why(platforms: Platforms) -> None:
    wrong_check = platforms.unknown[:-1] + ("0" if platforms.unknown[-1] != "0" else "1")
    for code, why in [(wrong_check, "校验码错误"), ("9132080", "应为18位"), ("91320800MA1UNKNWNO", "字符")]:
        r = platforms.api(f"/api/v1/check/{code}", purpose=PURPOSE)
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_uscc", code
        assert why in r.json()["error"]["message"], r.json()


def test_an_unknown_entity_says_so(platforms: Platforms) -> None:
    r = platforms.api(f"/api/v1/check/{platforms.unknown}", purpose=PURPOSE)
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "unknown_entity" and "尚无" in r.json()["error"]["message"]
    assert platforms.api(f"/api/v1/entities/{platforms.unknown}", key="public").status_code == 404


def test_every_call_is_in_the_query_log(platforms: Platforms) -> None:
    before = len(query_log(platforms))
    body = platforms.api(f"/api/v1/check/{platforms.black}", key="check", purpose=PURPOSE).json()
    platforms.api(f"/api/v1/check/{platforms.unknown}", key="check", purpose=PURPOSE)
    platforms.api(f"/api/v1/check/{platforms.black}", key="public", purpose=PURPOSE)
    platforms.client.get(f"/api/v1/check/{platforms.black}", params={"purpose": PURPOSE})
    logged = query_log(platforms)[before:]
    assert [(q["status"], q["verdict"]) for q in logged] == [(200, "restricted"), (404, None), (403, None), (401, None)]
    first = logged[0]
    assert (first["department"], first["uscc"], first["purpose"], first["report_no"]) == (
        DEPARTMENT,
        platforms.black,
        PURPOSE,
        body["report_no"],
    )
    assert first["at"] and first["channel"] == "api" and first["principal"].startswith("k")


def test_keys_are_stored_hashed(platforms: Platforms) -> None:
    stored = access.access_path(platforms.cfg).read_text(encoding="utf-8")
    assert all(secret not in stored for secret in platforms.keys.values())
    assert SUPERVISOR[2] not in stored and "pbkdf2_sha256$" in stored
    assert oct(access.access_path(platforms.cfg).stat().st_mode)[-3:] == "600"


def test_rate_limit_per_key(platforms: Platforms) -> None:
    _, secret = access.add_key("限流测试部门", ["public"], per_minute=3, path=access.access_path(platforms.cfg))
    headers = {"Authorization": f"Bearer {secret}"}
    codes = [
        platforms.client.get("/api/v1/entities", params={"q": "公司"}, headers=headers).status_code for _ in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    assert platforms.api("/api/v1/entities", key="public", q="公司").status_code == 200, "other keys are not limited"


def test_rate_limit_refills_over_time() -> None:
    limiter, key = RateLimiter(), ApiKey("k1", "d", "h", ("public",), per_minute=60)
    assert all(limiter.allow(key, now=0.0) for _ in range(60)) and not limiter.allow(key, now=0.0)
    assert limiter.allow(key, now=1.0) and not limiter.allow(key, now=1.0)  # one a second


def test_openapi_documents_the_check(platforms: Platforms) -> None:
    spec = platforms.client.get("/api/openapi.json").json()
    check = spec["paths"]["/api/v1/check/{uscc}"]["get"]
    assert {p["name"] for p in check["parameters"]} >= {"uscc", "purpose"}
    assert platforms.client.get("/api/docs").status_code == 200


INJECTIONS = [
    "' OR '1'='1",
    "1' OR 1=1 --",
    "'; DROP TABLE marts.dim_market_entity; --",
    "%' UNION SELECT uscc, name, name, name, name FROM marts.dim_market_entity --",
    '" OR ""="',
    "1); select * from quality.quarantine; --",
    "<script>alert('x')</script>",
    "../../../../etc/passwd",
]


def _endpoints(p: Platforms, s: str) -> list[tuple[str, str, dict]]:
    q = quote(s, safe="")
    return [
        ("get", f"/api/v1/check/{q}", {"purpose": PURPOSE}),
        ("get", f"/api/v1/check/{p.green}", {"purpose": s, "requester": s}),
        ("get", f"/api/v1/reports/{q}", {}),
        ("get", "/api/v1/entities", {"q": s}),
        ("get", f"/api/v1/entities/{q}", {}),
        ("get", "/search", {"q": s}),
        ("get", f"/entities/{q}", {}),
        ("get", f"/lists/{q}", {}),
        ("get", f"/verify/{q}", {}),
        ("get", "/verify", {"code": s}),
        ("get", f"/supervision/entities/{q}", {}),
        ("get", f"/supervision/reports/{q}", {}),
        ("post", "/supervision/reports", {"uscc": s, "purpose": PURPOSE}),
        ("post", "/supervision/reports", {"uscc": p.green, "purpose": s}),
    ]


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_strings_at_every_parameter_are_only_data(platforms: Platforms, attack: str) -> None:
    platforms.login()
    headers = {"Authorization": f"Bearer {platforms.keys['all']}"}
    for method, path, params in _endpoints(platforms, attack):
        if method == "get":
            r = platforms.client.get(path, params=params, headers=headers)
        else:
            r = platforms.client.post(path, data=params, headers=headers)
        assert r.status_code < 500, (path, params, r.status_code, r.text[-500:])
        if r.headers.get("content-type", "").startswith("text/html"):
            assert "<script>alert" not in r.text, f"{path} echoes markup unescaped"
        if path in ("/api/v1/entities", "/search"):
            found = r.json()["results"] if path.startswith("/api") else r.text.count('href="/entities/')
            assert not found, f"{path}?q={attack!r} matched entities: the string became SQL"
    bad = platforms.client.post(
        "/supervision/login", data={"username": attack, "password": attack, "next": "/supervision/"}
    )
    assert bad.status_code == 401
    with duckdb.connect(str(platforms.cfg.published_warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_market_entity").fetchone()[0] > 0


def test_a_report_issued_with_a_hostile_purpose_keeps_it_as_text(platforms: Platforms) -> None:
    body = platforms.api(f"/api/v1/check/{platforms.green}", purpose=INJECTIONS[2]).json()
    with sqlite3.connect(ledger_path(platforms.cfg)) as con:
        stored = con.execute("select content from reports where report_no = ?", [body["report_no"]]).fetchone()[0]
        assert con.execute("select count(*) from query_log").fetchone()[0] > 0
    assert json.loads(stored)["purpose"] == INJECTIONS[2]


def test_the_quarterly_report_counts_checks_by_department(platforms: Platforms) -> None:
    from openpyxl import load_workbook

    from credit.publish import quarterly
    from tests.conftest import DAY

    platforms.api(f"/api/v1/check/{platforms.green}", key="check", purpose=PURPOSE)
    issued = [q for q in query_log(platforms) if q["department"] == DEPARTMENT and q["endpoint"] == "/api/v1/check"]
    issued = [q for q in issued if q["status"] == 200]
    today = dt.date.today()  # the query log's calls are today's
    day = DAY if quarterly.quarter_of(DAY)[0] == quarterly.quarter_of(today)[0] else today
    wb = load_workbook(quarterly.write_quarter(day, platforms.cfg), read_only=True)
    rows = {r[0]: r[1:] for r in wb["凡办必查"].iter_rows(min_row=2, values_only=True)}
    assert rows[DEPARTMENT] == (len(issued), len(issued)), "each check issued its report"
