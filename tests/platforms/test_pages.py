"""The public service platform and the supervision platform's pages, and the credit report as an
official document (docs/architecture.md "The two platforms")."""

from __future__ import annotations

import re
import shutil

import duckdb
import pytest

from credit.platforms.app import redraw
from credit.publish import credit_report
from credit.publish.daily_exports import scan_for_personal_data
from credit.warehouse.published import PublishedWarehouse
from tests.conftest import chromium
from tests.platforms.conftest import SUPERVISOR, Platforms

PUBLIC_PAGES = ["/", "/search?q=公司", "/lists/red", "/lists/black", "/disclosures", "/verify"]
SUPERVISION_PAGES = [
    "/supervision/",
    "/supervision/warnings",
    "/supervision/inspections",
    "/supervision/timeliness",
    "/supervision/queries",
]
# codes that must never reach a reader of a page or a report: they read the Chinese labels
ENGLISH_CODES = re.compile(r"\b(black_list|red_list|gov_penalties|gov_licenses|gov_lists|complaints_12312|on_time)\b")


def issue_report(p: Platforms, uscc: str, purpose: str = "政府采购：供应商资格审查") -> str:
    p.login()
    r = p.client.post("/supervision/reports", data={"uscc": uscc, "purpose": purpose}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return r.headers["location"].rsplit("/", 1)[1]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_chinese_and_carry_no_personal_data(platforms: Platforms, path: str) -> None:
    r = platforms.client.get(path)
    assert r.status_code == 200 and '<html lang="zh-CN">' in r.text
    assert not scan_for_personal_data(r.text)
    assert not ENGLISH_CODES.search(r.text), ENGLISH_CODES.search(r.text)
    assert "http://" not in r.text and "https://" not in r.text, "nothing fetched from elsewhere"


def test_search_by_partial_name_and_by_code(platforms: Platforms) -> None:
    with duckdb.connect(str(platforms.cfg.published_warehouse), read_only=True) as con:
        uscc, name = con.execute("select uscc, name from marts.dim_market_entity order by uscc limit 1").fetchone()
    by_name = platforms.client.get("/search", params={"q": name[2:6]}).text
    assert f'href="/entities/{uscc}"' in by_name
    by_code = platforms.client.get("/search", params={"q": uscc.lower()}).text
    assert by_code.count('href="/entities/') == 1 and name in by_code


def test_entity_page_shows_the_public_record_without_the_grade(platforms: Platforms) -> None:
    page = platforms.client.get(f"/entities/{platforms.black}").text
    assert "黑名单" in page and "行政处罚（公示期内）" in page and "行政许可" in page
    assert "信用分" not in page, "grades and scores are for the supervision platform"


def test_an_invalid_code_page_says_why_in_chinese(platforms: Platforms) -> None:
    r = platforms.client.get("/entities/91320800MA1UNKNWN0")
    assert (r.status_code in (400, 404) and "统一社会信用代码" in r.text) or "校验码" in r.text


def test_people_on_lists_and_disclosures_are_masked(platforms: Platforms) -> None:
    with duckdb.connect(str(platforms.cfg.published_warehouse), read_only=True) as con:
        people = con.execute(
            "select distinct subject_key from marts.fct_credit_event where subject_type = 'person'"
        ).fetchall()
    assert people, "the region has natural-person penalty subjects"
    for path in ("/disclosures", "/lists/black", "/lists/red"):
        page = platforms.client.get(path).text
        assert not [k for (k,) in people if k in page], f"{path} shows a person's key"


def test_supervision_pages_need_a_login(platforms: Platforms) -> None:
    platforms.client.cookies.clear()
    for path in [*SUPERVISION_PAGES, f"/supervision/entities/{platforms.black}"]:
        r = platforms.client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/supervision/login"), path
    wrong = platforms.client.post("/supervision/login", data={"username": SUPERVISOR[0], "password": "wrong"})
    assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text
    r = platforms.client.post(
        "/supervision/login", data={"username": SUPERVISOR[0], "password": "x", "next": "https://evil.example/"}
    )
    assert r.status_code == 401


@pytest.mark.parametrize("path", SUPERVISION_PAGES)
def test_supervision_pages_render_with_printable_charts(platforms: Platforms, path: str) -> None:
    platforms.login()
    r = platforms.client.get(path)
    assert r.status_code == 200 and '<html lang="zh-CN">' in r.text
    assert not ENGLISH_CODES.search(r.text), ENGLISH_CODES.search(r.text)
    if path in ("/supervision/", "/supervision/timeliness"):
        svg = r.text[r.text.index("<svg") :]
        assert re.search(r"<text[^>]*>\d+(\.\d+)?</text>", svg), "values written on the chart"


def test_login_redirects_only_inside_the_platform(platforms: Platforms) -> None:
    platforms.client.cookies.clear()
    username, _, password = SUPERVISOR
    r = platforms.client.post(
        "/supervision/login",
        data={"username": username, "password": password, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/supervision/"


def test_the_inspection_draw_redraws_from_its_seed(platforms: Platforms) -> None:
    platforms.login()
    page = platforms.client.get("/supervision/inspections").text
    assert "随机种子" in page and "与公布的计划一致" in page
    assert not re.search(r"\bINS\d+", page), "inspectors by name"
    with PublishedWarehouse(platforms.cfg.published_warehouse).reader() as r:
        period = r.value("select max(period) from marts.inspection_plan")
        assert redraw(r, period)["agrees"]


def test_the_inspection_redraw_detects_a_changed_plan(platforms: Platforms, tmp_path) -> None:
    tampered = tmp_path / "credit.duckdb"
    shutil.copy2(platforms.cfg.published_warehouse, tampered)
    with duckdb.connect(str(tampered)) as con:
        con.execute("delete from marts.inspection_plan where uscc = (select max(uscc) from marts.inspection_plan)")
    wh = PublishedWarehouse(tampered)
    with wh.reader() as r:
        assert not redraw(r, r.value("select max(period) from marts.inspection_plan"))["agrees"]
    wh.close()


def test_the_credit_report_is_an_official_document(platforms: Platforms) -> None:
    number = issue_report(platforms, platforms.black)
    page = platforms.client.get(f"/supervision/reports/{number}").text
    needed = [
        number,
        "市场主体信用报告",
        "验证码",
        "出具机构",
        "生成时间",
        "有效期至",
        "查询用途",
        "政府采购：供应商资格审查",
    ]
    needed += ["法定代表人", "成立日期", "注册资本", "所属行政区划", "行政许可", "表彰奖励", "行政处罚（公示期内）"]
    needed += ["红黑名单", "信用承诺", "投诉", "信用修复", "异议", "counter(page)", "@top-right"]
    assert not [n for n in needed if n not in page]
    assert not ENGLISH_CODES.search(page), ENGLISH_CODES.search(page)
    division = re.search(r"<th>所属行政区划</th><td>([^<（]+)（(\d{6})）", page)
    assert division and not division[1].isdigit() and division[1].endswith(("区", "县", "市")), "a division by name"
    assert not scan_for_personal_data(page)


def test_the_report_breakdown_adds_up(platforms: Platforms) -> None:
    number = issue_report(platforms, platforms.black)
    report = platforms.api(f"/api/v1/reports/{number}", key="report").json()
    b = report["breakdown"]
    assert b["explained"] and b["base"] is not None
    assert round(b["base"] + sum(line["points"] for line in b["lines"]), 1) == pytest.approx(b["raw"], abs=0.05)
    clamped = min(1000, max(0, b["raw"]))
    assert round(clamped) == report["score"]
    assert b["clamped_to"] == (None if 0 <= b["raw"] <= 1000 else clamped)


def test_a_repaired_or_expired_penalty_is_not_in_the_report(platforms: Platforms) -> None:
    with duckdb.connect(str(platforms.cfg.published_warehouse), read_only=True) as con:
        found = con.execute(
            """select subject_key, source_record_id from marts.fct_credit_event
               where subject_type = 'entity' and event_type = 'penalty'
                 and (ended_on is not null or publish_until <= known_on) limit 1"""
        ).fetchone()
    if found is None:
        pytest.skip("the region has no repaired or expired penalty")  # pragma: no cover - the simulator makes them
    with PublishedWarehouse(platforms.cfg.published_warehouse).reader() as r:
        content = credit_report.assemble(r, found[0])
    assert found[1] not in {p["source_record_id"] for p in content["penalties"]}
    assert content["penalties_withheld"] >= 1


def test_a_printed_report_verifies_and_a_made_up_code_does_not(platforms: Platforms) -> None:
    number = issue_report(platforms, platforms.green)
    report = platforms.api(f"/api/v1/reports/{number}", key="report").json()
    platforms.client.cookies.clear()
    ok = platforms.client.get(f"/verify/{report['verification_code'].lower()}")
    assert (
        ok.status_code == 200
        and "验证码有效" in ok.text
        and number in ok.text
        and report["identity"]["name"] in ok.text
    )
    bad = platforms.client.get("/verify/ABCDEFGHJKLM")
    assert bad.status_code == 404 and "未找到验证码" in bad.text


def test_the_report_downloads_as_pdf(platforms: Platforms) -> None:
    chromium()
    number = issue_report(platforms, platforms.black)
    r = platforms.client.get(f"/supervision/reports/{number}/pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and len(r.content) > 30_000
    api = platforms.api(f"/api/v1/reports/{number}/pdf", key="report")
    assert api.status_code == 200 and api.content.startswith(b"%PDF")
