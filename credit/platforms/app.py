"""The two platforms on the published warehouse (docs/architecture.md "The two platforms"):

- the public service platform (公众服务平台): look a business up by name or code, its public credit
  record (licences, penalties inside their publication window, awards, list status), the red and
  black lists, recent 双公示 records, and the verification of a printed credit report;
- the administrative supervision platform (行政监管平台, login): early warnings with their evidence,
  the inspection draw with its seed (and a re-draw that verifies it), 双公示 timeliness by
  department, the grade distribution and its trend, an entity's score history, open blocked
  batches, the query log, and credit reports issued for an approval;
- the 凡办必查 API for approval systems (`/api/v1/...`, OpenAPI at `/api/docs`): department keys
  with scopes, every call logged, rate limited per key.

It reads the published file only (credit/warehouse/published.py): a publish never waits for it,
and it follows each publish without a restart. Every query is parameterised.

    python -m credit.platforms        (make serve)
"""

import datetime as dt
import hashlib
import math
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from html import escape
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from credit.core import config, labels
from credit.platforms import checks
from credit.platforms.access import Access, ApiKey, RateLimiter, access_path
from credit.platforms.ledger import Ledger, ledger_path
from credit.publish import credit_report
from credit.publish.charts import bar_chart
from credit.warehouse.published import NotPublished, PublishedWarehouse, Reader

TEMPLATES = Path(__file__).with_name("templates")
SEARCH_LIMIT = 50


def _mask_person(name: str | None) -> str:
    """A natural person's name as the public may see it: the family name only (张**)."""
    if not name:
        return "—"
    return name[0] + "*" * max(1, len(name) - 1)


def line_chart(series: dict[str, list[tuple[str, float]]], colours: dict[str, str], width: int = 640) -> str:
    """A few lines over the same days as inline SVG, the last value of each written at its end."""
    days = sorted({d for points in series.values() for d, _ in points})
    if not days:
        return '<p class="muted">无数据</p>'
    label_len = max((len(name) for name in series), default=4)
    height, pad_l, pad_r, pad_t, pad_b = 220, 40, 50 + 12 * label_len, 12, 26
    width += 12 * label_len
    top = max((v for points in series.values() for _, v in points), default=1) or 1
    w, h = width - pad_l - pad_r, height - pad_t - pad_b

    def x(day: str) -> float:
        return pad_l + (w * days.index(day) / (len(days) - 1) if len(days) > 1 else w / 2)

    def y(v: float) -> float:
        return pad_t + h * (1 - v / top)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">']
    for tick in (0, top / 2, top):
        parts.append(
            f'<text x="{pad_l - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="10" fill="#555">{tick:g}</text>'
            f'<line x1="{pad_l}" x2="{pad_l + w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#eee"/>'
        )
    ends: list[tuple[float, str, str, str, float]] = []
    for name, points in series.items():
        colour = colours.get(name, "#333")
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for d, v in points:
            parts.append(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}"/>')
        if points:
            d, v = points[-1]
            ends.append((y(v), name, colour, d, v))
    last_y = -1e9
    for label_y, name, colour, d, v in sorted(ends):  # the last values, written apart from each other
        label_y = max(label_y, last_y + 12)
        last_y = label_y
        parts.append(
            f'<text x="{x(d) + 6:.1f}" y="{label_y + 4:.1f}" font-size="11" fill="{colour}">{escape(name)} {v:g}</text>'
        )
    for d in (days[0], days[-1]):
        parts.append(
            f'<text x="{x(d):.1f}" y="{height - 6}" font-size="10" text-anchor="middle" fill="#555">{d}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def redraw(reader: Reader, period: str) -> dict[str, Any]:
    """The inspection draw of `period` done again here, in Python, from its published seed and the
    grades on its draw day (inspection_plan's own rule: md5('<seed>:<period>:<uscc>') per class, the
    first ceil(n x share)), and compared with the published plan."""
    plan = reader.rows(
        "select uscc, draw_seed, drawn_on, inspector_ids from marts.inspection_plan where period = ?", [period]
    )
    if not plan:
        return {"period": period, "agrees": False, "drawn": 0, "expected": 0}
    seed, drawn_on = plan[0]["draw_seed"], plan[0]["drawn_on"]
    population = reader.rows("select uscc, grade from marts.fct_entity_credit_daily where score_date = ?", [drawn_on])
    shares = {r["grade"]: r["quarterly_share"] for r in reader.rows("select * from reference.inspection_shares")}
    expected: set[str] = set()
    for grade, share in shares.items():
        members = sorted(
            (p["uscc"] for p in population if p["grade"] == grade),
            key=lambda u: hashlib.md5(f"{seed}:{period}:{u}".encode()).hexdigest(),
        )
        expected |= set(members[: math.ceil(len(members) * share)])
    published = {p["uscc"] for p in plan}
    per_entity = reader.value(
        "select cast(value as integer) from reference.credit_parameters"
        " where parameter = 'inspection_inspectors_per_entity'"
    )
    roster = [i["inspector_id"] for i in reader.rows("select inspector_id from reference.inspectors")]
    inspectors_agree = all(
        list(p["inspector_ids"] or [])
        == sorted(roster, key=lambda i, u=p["uscc"]: hashlib.md5(f"{seed}:{period}:{u}:{i}".encode()).hexdigest())[
            :per_entity
        ]
        for p in plan
    )
    return {
        "period": period,
        "seed": seed,
        "drawn_on": drawn_on,
        "agrees": expected == published and inspectors_agree,
        "inspectors_agree": inspectors_agree,
        "drawn": len(published),
        "expected": len(expected),
    }


def create_app(
    cfg: config.Settings | None = None, *, access_file: Path | None = None, ledger_file: Path | None = None
) -> FastAPI:
    """The platforms on `cfg`'s published warehouse; keys, users and the ledger are the data dir's
    unless given (a test serves a shared warehouse with its own)."""
    cfg = cfg or config.settings()
    warehouse = PublishedWarehouse(cfg.published_warehouse)
    access = Access(access_file or access_path(cfg))
    limiter = RateLimiter()
    ledger = Ledger(ledger_file or ledger_path(cfg))
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals.update(label=labels.zh, GRADE_COLOURS=credit_report.GRADE_COLOURS, issuer=cfg.issuer)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        warehouse.close()

    app = FastAPI(
        title="商务信用数据中心 · 凡办必查接口 (credit check API)",
        description="公众服务平台与行政监管平台；接口需部门密钥（Authorization: Bearer <key>）。",
        version="1",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.add_middleware(SessionMiddleware, secret_key=config.platform_session_key(cfg), same_site="strict")
    app.state.warehouse, app.state.ledger = warehouse, ledger

    def reader() -> Iterator[Reader]:
        try:
            with warehouse.reader() as r:
                yield r
        except NotPublished as exc:
            raise HTTPException(503, {"code": "not_published", "message": f"数仓尚未发布：{exc}"}) from None

    ReaderDep = Annotated[Reader, Depends(reader)]

    # ---- the API: department keys, scopes, rate limits, the query log -------------------------

    def api_key(scope: str):
        def dependency(request: Request) -> ApiKey:
            header = request.headers.get("authorization", "")
            secret = header[7:].strip() if header.lower().startswith("bearer ") else request.headers.get("x-api-key")
            key = access.key(secret)
            endpoint = request.url.path
            if key is None:
                ledger.log(channel="api", endpoint=endpoint, status=401)
                raise HTTPException(401, {"code": "unauthorized", "message": "缺少或无效的部门密钥（API key）"})
            if scope not in key.scopes:
                ledger.log(
                    channel="api", endpoint=endpoint, status=403, department=key.department, principal=key.key_id
                )
                raise HTTPException(
                    403, {"code": "forbidden", "message": f"该密钥无 {scope} 权限（scopes: {', '.join(key.scopes)}）"}
                )
            if not limiter.allow(key):
                ledger.log(
                    channel="api", endpoint=endpoint, status=429, department=key.department, principal=key.key_id
                )
                raise HTTPException(
                    429,
                    {"code": "rate_limited", "message": f"超过调用频率限制（每分钟 {key.per_minute} 次）"},
                    headers={"Retry-After": "60"},
                )
            return key

        return dependency

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, dict) else {"code": "error", "message": str(exc.detail)}
        if exc.status_code == 303 and exc.headers:  # a page that needs a login: to the login page
            return RedirectResponse(exc.headers["Location"], status_code=303)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": detail}, status_code=exc.status_code, headers=exc.headers)
        return templates.TemplateResponse(
            request, "error.html", {"status": exc.status_code, "detail": detail}, status_code=exc.status_code
        )

    def _entity_code(uscc: str) -> str:
        try:
            return checks.valid_code(uscc)
        except checks.InvalidCode as exc:
            raise HTTPException(400, {"code": "invalid_uscc", "message": str(exc)}) from None

    def issue(r: Reader, code: str, purpose: str, department: str, requester: str) -> dict[str, Any]:
        content = credit_report.assemble(
            r, code, purpose=purpose, requester=requester, department=department, issuer=cfg.issuer
        )
        number, _ = ledger.issue(content, region=cfg.region, valid_days=cfg.report_valid_days)
        return ledger.report(number=number) or {}

    @app.get("/api/v1/check/{uscc}", tags=["凡办必查"], summary="信用核查：许可、补贴、采购前查询主体信用")
    def api_check(
        uscc: str,
        request: Request,
        purpose: Annotated[
            str, Query(min_length=2, max_length=200, description="查询用途，如“行政许可：食品经营许可”")
        ],
        key: Annotated[ApiKey, Depends(api_key("check"))],
        r: ReaderDep,
        requester: Annotated[str, Query(max_length=100, description="经办人（可选）")] = "",
    ) -> dict[str, Any]:
        """The verdict (eligible / normal / caution / restricted), grade, score, reasons and the
        measures that apply, with the number and verification code of the credit report issued for
        this check (the approval file cites it)."""
        code = _entity_code(uscc)
        try:
            result = checks.check(r, code)
        except checks.UnknownEntity as exc:
            ledger.log(
                channel="api", endpoint="/api/v1/check", status=404, department=key.department,
                principal=key.key_id, uscc=code, purpose=purpose,
            )  # fmt: skip
            raise HTTPException(404, {"code": "unknown_entity", "message": str(exc)}) from None
        report = issue(r, code, purpose, key.department, requester)
        ledger.log(
            channel="api", endpoint="/api/v1/check", status=200, department=key.department, principal=key.key_id,
            uscc=code, purpose=purpose, verdict=result["verdict"], report_no=report["report_no"],
        )  # fmt: skip
        base = str(request.base_url).rstrip("/")
        return {
            **result,
            "report_no": report["report_no"],
            "verification_code": report["verification_code"],
            "report_url": f"{base}/api/v1/reports/{report['report_no']}",
            "verify_url": f"{base}/verify/{report['verification_code']}",
            "valid_until": report["valid_until"],
        }

    @app.get("/api/v1/reports/{report_no}", tags=["信用报告"], summary="已出具的信用报告（JSON）")
    def api_report(report_no: str, key: Annotated[ApiKey, Depends(api_key("report"))]) -> dict[str, Any]:
        content = ledger.report(number=report_no)
        ledger.log(
            channel="api", endpoint="/api/v1/reports", status=200 if content else 404, department=key.department,
            principal=key.key_id, uscc=(content or {}).get("uscc"), report_no=report_no,
        )  # fmt: skip
        if content is None:
            raise HTTPException(404, {"code": "unknown_report", "message": f"无此报告编号：{report_no}"})
        return content

    @app.get("/api/v1/reports/{report_no}/pdf", tags=["信用报告"], summary="已出具的信用报告（PDF）")
    def api_report_pdf(
        report_no: str, request: Request, key: Annotated[ApiKey, Depends(api_key("report"))]
    ) -> Response:
        return _pdf(report_no, request, key.department, key.key_id)

    @app.get("/api/v1/entities", tags=["公众查询"], summary="按名称或代码查找主体")
    def api_search(
        q: Annotated[str, Query(min_length=1, max_length=100)],
        key: Annotated[ApiKey, Depends(api_key("public"))],
        r: ReaderDep,
    ) -> dict[str, Any]:
        ledger.log(
            channel="api", endpoint="/api/v1/entities", status=200, department=key.department, principal=key.key_id
        )
        return {"query": q, "results": search(r, q)}

    @app.get("/api/v1/entities/{uscc}", tags=["公众查询"], summary="主体的公开信用信息")
    def api_entity(uscc: str, key: Annotated[ApiKey, Depends(api_key("public"))], r: ReaderDep) -> dict[str, Any]:
        code = _entity_code(uscc)
        record = public_record(r, code)
        ledger.log(
            channel="api", endpoint="/api/v1/entities", status=200 if record else 404,
            department=key.department, principal=key.key_id, uscc=code,
        )  # fmt: skip
        if record is None:
            raise HTTPException(404, {"code": "unknown_entity", "message": f"本中心尚无 {code} 的信用记录"})
        return record

    # ---- the public service platform ---------------------------------------------------------

    def search(r: Reader, q: str) -> list[dict[str, Any]]:
        text = q.strip()
        code = text.upper().replace(" ", "")
        return r.rows(
            """select uscc, name, entity_type, division_name, list_status
               from marts.dim_market_entity
               where uscc = ? or contains(name, ?)
               order by uscc = ? desc, length(name), uscc
               limit ?""",
            [code, text, code, SEARCH_LIMIT],
        )

    def public_record(r: Reader, code: str) -> dict[str, Any] | None:
        entity = r.one(
            """select uscc, name, entity_type, registration_authority, division_code, division_name,
                      legal_representative, industry, list_status, scored_on
               from marts.dim_market_entity where uscc = ?""",
            [code],
        )
        if entity is None:
            return None
        content = credit_report.assemble(r, code, issuer=cfg.issuer)
        return {
            "entity": {**entity, "scored_on": str(entity["scored_on"])},
            "list_status": labels.zh("list_status", entity["list_status"]),
            "sources": content["identity"]["sources"],
            "licences": content["licences"],
            "penalties": content["penalties"],
            "awards": content["awards"],
            "lists": [e for e in content["lists"] if e["status"] == "有效"],
            "commitments": content["commitments"],
        }

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, r: ReaderDep) -> Response:
        stats = r.one(
            """select count(*) as entities, count(*) filter (where on_red_list) as red,
                      count(*) filter (where on_black_list) as black, max(scored_on) as as_of
               from marts.dim_market_entity"""
        )
        return templates.TemplateResponse(request, "home.html", {"stats": stats, "q": ""})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, r: ReaderDep, q: Annotated[str, Query(max_length=100)] = "") -> Response:
        results = search(r, q) if q.strip() else []
        ledger.log(channel="page", endpoint="/search", status=200)
        return templates.TemplateResponse(
            request, "search.html", {"q": q, "results": results, "limit": SEARCH_LIMIT, "as_of": r.as_of}
        )

    @app.get("/entities/{uscc}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(uscc: str, request: Request, r: ReaderDep) -> Response:
        code = _entity_code(uscc)
        record = public_record(r, code)
        if record is None:
            raise HTTPException(
                404, {"code": "unknown_entity", "message": f"本中心尚无统一社会信用代码为 {code} 的主体记录"}
            )
        ledger.log(channel="page", endpoint="/entities", status=200, uscc=code)
        return templates.TemplateResponse(request, "entity.html", {"r": record, "user": request.session.get("user")})

    @app.get("/lists/{list_type}", response_class=HTMLResponse, include_in_schema=False)
    def list_page(list_type: str, request: Request, r: ReaderDep) -> Response:
        if list_type not in ("red", "black"):
            raise HTTPException(404, {"code": "not_found", "message": "名单类型应为 red 或 black"})
        rows = r.rows(
            """select subject_key, subject_name, subject_type, reason, entered_on, scheduled_exit_on, source
               from marts.credit_list where list_type = ? and is_active order by entered_on desc, subject_key""",
            [list_type],
        )
        for row in rows:
            if row["subject_type"] == "person":
                row["subject_name"], row["subject_key"] = _mask_person(row["subject_name"]), "—"
        return templates.TemplateResponse(request, "lists.html", {"list_type": list_type, "rows": rows})

    @app.get("/disclosures", response_class=HTMLResponse, include_in_schema=False)
    def disclosures(request: Request, r: ReaderDep) -> Response:
        rows = r.rows(
            """select events.event_type, events.subject_type, events.subject_key, events.subject_name,
                      events.detail, events.occurred_on, events.publish_until, events.authority, events.source_record_id
               from marts.fct_credit_event as events
               where events.event_type in ('penalty', 'license')
                   and events.occurred_on > (select max(scored_on) from marts.dim_market_entity) - 30
                   and (events.ended_on is null or events.end_reason <> 'repaired')
               order by events.occurred_on desc, events.source_record_id
               limit 200"""
        )
        for row in rows:
            if row["subject_type"] == "person":  # a natural person: the family name only, never an ID
                row["subject_name"], row["subject_key"] = _mask_person(row["subject_name"]), "—"
        return templates.TemplateResponse(request, "disclosures.html", {"rows": rows})

    @app.get("/verify", response_class=HTMLResponse, include_in_schema=False)
    @app.get("/verify/{code}", response_class=HTMLResponse, include_in_schema=False)
    def verify(request: Request, code: str = "") -> Response:
        content = ledger.report(code=code) if code else None
        status = 200 if content or not code else 404
        ledger.log(channel="page", endpoint="/verify", status=status)
        today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date().isoformat()
        return templates.TemplateResponse(
            request,
            "verify.html",
            {"code": code, "report": content, "valid": bool(content) and content["valid_until"] >= today},
            status_code=status,
        )

    # ---- the administrative supervision platform (login) -----------------------------------

    def user(request: Request) -> dict[str, str]:
        found = request.session.get("user")
        if not found:
            raise HTTPException(
                303,
                {"code": "login", "message": "请先登录"},
                headers={"Location": f"/supervision/login?next={quote(request.url.path)}"},
            )
        return found

    UserDep = Annotated[dict[str, str], Depends(user)]

    @app.get("/supervision/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/supervision/") -> Response:
        return templates.TemplateResponse(request, "login.html", {"next": next, "error": None})

    @app.post("/supervision/login", response_class=HTMLResponse, include_in_schema=False)
    def login(
        request: Request,
        username: Annotated[str, Form()],
        password: Annotated[str, Form()],
        next: Annotated[str, Form()] = "/supervision/",
    ) -> Response:
        found = access.user(username, password)
        ledger.log(channel="page", endpoint="/supervision/login", status=200 if found else 401, principal=username)
        if found is None:
            return templates.TemplateResponse(
                request, "login.html", {"next": next, "error": "用户名或密码错误"}, status_code=401
            )
        request.session["user"] = {"username": found.username, "department": found.department}
        return RedirectResponse(next if next.startswith("/supervision") else "/supervision/", status_code=303)

    @app.post("/supervision/logout", include_in_schema=False)
    def logout(request: Request) -> Response:
        request.session.clear()
        return RedirectResponse("/", status_code=303)

    @app.get("/supervision/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request, u: UserDep, r: ReaderDep) -> Response:
        grades = r.rows("select grade, count(*) as n from marts.dim_market_entity group by grade order by grade")
        trend = r.rows(
            "select score_date, grade, count(*) as n from marts.fct_entity_credit_daily group by all order by all"
        )
        series: dict[str, list[tuple[str, float]]] = {}
        for row in trend:
            series.setdefault(row["grade"], []).append((str(row["score_date"]), row["n"]))
        blocked = r.rows("select * from quality.open_blocked_batches order by batch_date")
        behind = r.rows("select * from quality.source_freshness where status not in ('fresh', 'late') order by source")
        warnings = r.value(
            "select count(*) from marts.early_warning"
            " where raised_on = (select max(raised_on) from marts.early_warning)"
        )
        return templates.TemplateResponse(
            request,
            "dashboard.html",
            {
                "user": u,
                "as_of": r.as_of,
                "grade_chart": bar_chart(
                    [(g["grade"], g["n"]) for g in grades], credit_report.GRADE_COLOURS, width=720
                ),
                "trend_chart": line_chart(series, credit_report.GRADE_COLOURS),
                "blocked": blocked,
                "behind": behind,
                "warnings": warnings,
            },
        )

    @app.get("/supervision/warnings", response_class=HTMLResponse, include_in_schema=False)
    def warnings_page(request: Request, u: UserDep, r: ReaderDep) -> Response:
        rows = r.rows(
            """select w.raised_on, w.uscc, e.name, w.reason, w.level, w.evidence
               from marts.early_warning as w left join marts.dim_market_entity as e on w.uscc = e.uscc
               order by w.raised_on desc, w.level, w.uscc limit 500"""
        )
        return templates.TemplateResponse(request, "warnings.html", {"user": u, "rows": rows})

    @app.get("/supervision/inspections", response_class=HTMLResponse, include_in_schema=False)
    def inspections_page(request: Request, u: UserDep, r: ReaderDep) -> Response:
        period = r.value("select max(period) from marts.inspection_plan")
        rows = r.rows(
            """select p.uscc, p.name, p.grade, p.risk_class, p.class_size, p.quarterly_share, p.draw_rank,
                      p.inspector_ids, p.draw_seed, p.drawn_on, p.draw_basis
               from marts.inspection_plan as p where p.period = ? order by p.grade, p.draw_rank""",
            [period],
        )
        names = {i["inspector_id"]: i["name"] for i in r.rows("select inspector_id, name from reference.inspectors")}
        for row in rows:
            row["inspectors"] = "、".join(names.get(i, i) for i in row["inspector_ids"] or [])
        check = redraw(r, period) if period else None
        return templates.TemplateResponse(
            request, "inspections.html", {"user": u, "period": period, "rows": rows, "check": check}
        )

    @app.get("/supervision/timeliness", response_class=HTMLResponse, include_in_schema=False)
    def timeliness_page(request: Request, u: UserDep, r: ReaderDep) -> Response:
        rows = r.rows(
            """select department, strftime(decided_on, '%Y-%m') as month, count(*) as records,
                      count(*) filter (where status = 'on_time') as on_time,
                      count(*) filter (where status = 'late') as late,
                      count(*) filter (where status = 'overdue') as overdue
               from marts.disclosure_compliance group by all order by department, month"""
        )
        for row in rows:
            row["rate"] = round(100 * row["on_time"] / row["records"], 1) if row["records"] else None
        totals: dict[str, list[int]] = {}
        series: dict[str, list[tuple[str, float]]] = {}
        for row in rows:
            total = totals.setdefault(row["department"], [0, 0])
            total[0], total[1] = total[0] + row["on_time"], total[1] + row["records"]
            if row["rate"] is not None:
                series.setdefault(row["department"], []).append((row["month"], row["rate"]))
        overall = [(dept, round(100 * on_time / n, 1) if n else 0.0) for dept, (on_time, n) in totals.items()]
        months = sorted({m for points in series.values() for m, _ in points})[-12:]
        recent = {d: [(m, v) for m, v in pts if m in months] for d, pts in series.items()}
        recent = {d: pts for d, pts in recent.items() if len(pts) > 1}
        palette = ["#2f6fb3", "#c62828", "#1a7f37", "#c7780a", "#6f42c1", "#0a7f8c", "#57606a", "#b3245b"]
        return templates.TemplateResponse(
            request,
            "timeliness.html",
            {
                "user": u,
                "rows": rows,
                "chart": bar_chart(sorted(overall, key=lambda x: -x[1]), width=720),
                "trend": line_chart(recent, {d: palette[i % len(palette)] for i, d in enumerate(recent)}),
            },
        )

    @app.get("/supervision/entities/{uscc}", response_class=HTMLResponse, include_in_schema=False)
    def supervision_entity(uscc: str, request: Request, u: UserDep, r: ReaderDep) -> Response:
        code = _entity_code(uscc)
        try:
            content = credit_report.assemble(r, code, issuer=cfg.issuer)
        except credit_report.ReportError as exc:
            raise HTTPException(404, {"code": "unknown_entity", "message": str(exc)}) from None
        return templates.TemplateResponse(
            request,
            "supervision_entity.html",
            {"user": u, "r": content, "chart": credit_report.score_chart(content["history"])},
        )

    @app.post("/supervision/reports", include_in_schema=False)
    def new_report(
        request: Request,
        uscc: Annotated[str, Form()],
        purpose: Annotated[str, Form(min_length=2, max_length=200)],
        u: UserDep,
        r: ReaderDep,
    ) -> Response:
        code = _entity_code(uscc)
        try:
            report = issue(r, code, purpose, u["department"], u["username"])
        except credit_report.ReportError as exc:
            raise HTTPException(404, {"code": "unknown_entity", "message": str(exc)}) from None
        ledger.log(
            channel="page", endpoint="/supervision/reports", status=200, department=u["department"],
            principal=u["username"], uscc=code, purpose=purpose, report_no=report["report_no"],
        )  # fmt: skip
        return RedirectResponse(f"/supervision/reports/{report['report_no']}", status_code=303)

    def _report_html(report_no: str, request: Request) -> tuple[dict[str, Any], str]:
        content = ledger.report(number=report_no)
        if content is None:
            raise HTTPException(404, {"code": "unknown_report", "message": f"无此报告编号：{report_no}"})
        verify_url = f"{str(request.base_url).rstrip('/')}/verify"
        return content, credit_report.render_html(content, verify_url=verify_url)

    def _pdf(report_no: str, request: Request, department: str, principal: str) -> Response:
        content, page = _report_html(report_no, request)
        try:
            pdf = credit_report.render_pdf(page)
        except credit_report.PdfUnavailable as exc:
            raise HTTPException(503, {"code": "pdf_unavailable", "message": str(exc)}) from None
        ledger.log(
            channel="page", endpoint="/reports/pdf", status=200, department=department, principal=principal,
            uscc=content["uscc"], report_no=report_no,
        )  # fmt: skip
        return Response(
            pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{report_no}.pdf"'}
        )

    @app.get("/supervision/reports/{report_no}", response_class=HTMLResponse, include_in_schema=False)
    def report_page(report_no: str, request: Request, u: UserDep) -> Response:
        return HTMLResponse(_report_html(report_no, request)[1])

    @app.get("/supervision/reports/{report_no}/pdf", include_in_schema=False)
    def report_pdf(report_no: str, request: Request, u: UserDep) -> Response:
        return _pdf(report_no, request, u["department"], u["username"])

    @app.get("/supervision/queries", response_class=HTMLResponse, include_in_schema=False)
    def queries_page(request: Request, u: UserDep) -> Response:
        return templates.TemplateResponse(request, "queries.html", {"user": u, "rows": ledger.queries(300)})

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, Any]:
        try:
            return {"status": "ok", "as_of": warehouse.as_of()}
        except NotPublished:
            return {"status": "not_published"}

    return app
