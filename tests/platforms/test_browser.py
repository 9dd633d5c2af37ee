"""An official's walk through the two platforms in Chromium (Debian's, via executable_path): search
by part of a name, the entity page, a login, the credit report issued for a stated purpose, its
verification as anyone holding the printout would do it, and the supervision pages. Screenshots
go to bench/results/screenshots/ (not committed)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import duckdb
import pytest

from credit.platforms.app import create_app
from ops.platform_server import serving
from tests.conftest import ROOT, chromium
from tests.platforms.conftest import SUPERVISOR, Platforms

SCREENSHOTS = ROOT / "bench" / "results" / "screenshots"


@pytest.fixture(scope="module")
def page(platforms: Platforms) -> Iterator:
    executable = chromium()
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with serving(create_app(platforms.cfg)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        context = browser.new_context(base_url=url, locale="zh-CN", viewport={"width": 1280, "height": 900})
        try:
            yield context.new_page()
        finally:
            browser.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"platforms-{name}.png"), full_page=True)


def test_search_entity_report_verify(page, platforms: Platforms) -> None:
    from playwright.sync_api import expect

    with duckdb.connect(str(platforms.cfg.published_warehouse), read_only=True) as con:
        name = con.execute("select name from marts.dim_market_entity where uscc = ?", [platforms.black]).fetchone()[0]
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("公众服务平台")
    shot(page, "1-home")
    page.get_by_label("查询").fill(name[2:7])
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"/search\?q="))
    shot(page, "2-search")
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.get_by_text("行政处罚（公示期内）")).to_be_visible()
    shot(page, "3-entity")

    page.get_by_role("link", name="行政监管平台").click()
    expect(page).to_have_url(re.compile(r"/supervision/login"))
    page.get_by_label("用户名").fill(SUPERVISOR[0])
    page.get_by_label("密码").fill(SUPERVISOR[2])
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("监管总览")

    page.goto(f"/entities/{platforms.black}")
    page.get_by_role("link", name=re.compile("在行政监管平台查看")).click()
    expect(page.get_by_text("评分构成")).to_be_visible()
    shot(page, "4-supervision-entity")
    page.get_by_placeholder(re.compile("查询用途")).fill("行政许可：食品经营许可审批")
    page.get_by_role("button", name="出具报告").click()
    expect(page).to_have_url(re.compile(r"/supervision/reports/XYBG-"))
    expect(page.get_by_role("heading", level=1)).to_have_text("市场主体信用报告")
    shot(page, "5-credit-report")
    code = re.search(r"验证码：</span>([A-Z0-9]{12})", page.content())[1]

    page.goto("/verify")
    page.get_by_label("验证码").fill(code)
    page.get_by_role("button", name="核验").click()
    expect(page.get_by_text("验证码有效")).to_be_visible()
    expect(page.get_by_text(name).first).to_be_visible()
    shot(page, "6-verified")


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/supervision/", "监管总览"),
        ("/supervision/warnings", "信用预警"),
        ("/supervision/inspections", "双随机"),
        ("/supervision/timeliness", "双公示时效"),
        ("/supervision/queries", "查询日志"),
        ("/lists/black", "黑名单"),
        ("/disclosures", "双公示"),
    ],
)
def test_supervision_and_public_pages(page, path: str, heading: str) -> None:
    from playwright.sync_api import expect

    page.goto(path)
    if "/login" in page.url:
        page.get_by_label("用户名").fill(SUPERVISOR[0])
        page.get_by_label("密码").fill(SUPERVISOR[2])
        page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    shot(page, path.strip("/").replace("/", "-") or "home")
