"""The centre's web application in a real browser (Debian's chromium driven by Playwright):
sign in, walk every page of each role with two demo sites, check numbers against the store, and
try a page unsigned, with the wrong role and a form without its CSRF token. One browser for the
module; set MSC_WEB_SCREENSHOTS=DIR to keep a screenshot of every page (the guide's pictures)."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pandas
import pytest
from lxml import etree
from sqlalchemy import func, select

from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterItem
from tests.conftest import DATA_DIR, ODM_SCHEMA
from tests.web.centre import WEB_PASSWORD

DEFINE_SCHEMA = DATA_DIR / "schemas" / "define-2.0" / "cdisc-define-2.0" / "define2-0-0.xsd"

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (tools/system_deps.sh)"
)
PAGES = {
    "dora": ["/", "/sites", "/enrolment", "/safety", "/completeness", "/casebook", "/exports"],
    "ada": ["/sites", "/sites/register", "/users", "/audit-log"],
    "stan": ["/enrolment", "/exports"],
}


@pytest.fixture(scope="module")
def live_url(demo_centre: Center) -> Iterator[str]:
    """`msc-central serve`'s application (upload endpoint and pages) on a free port."""
    import socket

    import uvicorn

    from msc_desktop.central.server import server_config

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = server_config(demo_centre, "127.0.0.1", port)
    config.log_level = "warning"
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url + "/sign-in", timeout=1)
            break
        except httpx.TransportError:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
    yield url
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One browser for all the browser tests (they are this module). Playwright's sync API runs
    an event loop in this thread while it is open: closed with the module, so that later tests
    may run their own (asyncio.run)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def sign_in(page: Any, url: str, user: str) -> None:
    page.goto(url + "/sign-in")
    page.fill("input[name=user]", user)
    page.fill("input[name=password]", WEB_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(url + "/")


def shot(page: Any, name: str, full_page: bool = True) -> None:
    folder = os.environ.get("MSC_WEB_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_page_in_the_browser(
    chromium: Any, live_url: str, demo_centre: Center, language: str
) -> None:
    with demo_centre.store.session() as session:
        randomized = session.scalar(
            select(func.count())
            .select_from(CenterItem)
            .where(CenterItem.item_oid == "IT.RAND.ARM", CenterItem.removed.is_(False))
        )
    for user, paths in PAGES.items():
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": "msc_lang", "value": language, "url": live_url}])
        page = context.new_page()
        sign_in(page, live_url, user)
        for path in paths:
            response = page.goto(live_url + path)
            assert response is not None and response.status == 200, (user, path)
            assert page.locator("h1").inner_text().strip()
            if path in ("/", "/enrolment"):
                assert page.locator("#randomized").inner_text() == str(randomized)
            shot(page, f"{language}-{user}-{path.strip('/').replace('/', '-') or 'overview'}")
        if user == "dora":
            page.goto(live_url + "/casebook")
            page.locator("#subjects a").first.click()
            assert page.locator("section.form").count() >= 2
            shot(page, f"{language}-casebook-participant", full_page=False)
            page.emulate_media(media="print")
            assert not page.locator("header.top").is_visible()
        context.close()


def test_unsigned_wrong_role_and_forged_form_in_the_browser(chromium: Any, live_url: str) -> None:
    context = chromium.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_url + "/safety")
    assert page.url.startswith(live_url + "/sign-in")
    assert page.locator("input[name=password]").is_visible()
    sign_in(page, live_url, "stan")
    response = page.goto(live_url + "/users")
    assert response is not None and response.status == 403
    assert page.locator("#message").inner_text() == "Your role cannot open this page."
    page.goto(live_url + "/account")
    page.evaluate("document.querySelectorAll('input[name=csrf]').forEach(e => e.remove())")
    page.fill("input[name=password]", WEB_PASSWORD)
    page.fill("input[name=new_password]", "Another-lantern-2026-x")
    page.fill("input[name=repeat_password]", "Another-lantern-2026-x")
    page.click("main form button[type=submit]")
    assert "did not come from this page" in page.locator("#message").inner_text()
    page.goto(live_url + "/enrolment")  # still signed in with the old password
    assert page.locator("h1").inner_text() == "Enrolment"
    context.close()


def _valid(content: bytes, schema: Path) -> Any:
    document = etree.fromstring(content)
    etree.XMLSchema(etree.parse(str(schema))).assertValid(document)
    return document


def _xpt_rows(archive: zipfile.ZipFile, name: str) -> int:
    frame = pandas.read_sas(io.BytesIO(archive.read(name)), format="xport", encoding="utf-8")
    return len(frame)


def test_the_statistician_downloads_every_export_in_the_browser(
    chromium: Any, live_url: str, tmp_path: Path
) -> None:
    """Issue 16 item 7: ODM, CSV, SDTM (CSV, XPT, define.xml), ADaM, define.xml and the DSMB
    report, each from its link on the exports page, made without leaving a file on the server."""
    left_before = set(Path(tempfile.gettempdir()).glob("msc-export-*"))
    context = chromium.new_context(accept_downloads=True)
    page = context.new_page()
    sign_in(page, live_url, "stan")
    page.goto(live_url + "/exports")
    links = page.locator("#exports a")
    assert [links.nth(n).get_attribute("href") for n in range(links.count())] == [
        "/exports/odm",
        "/exports/csv",
        "/exports/sdtm",
        "/exports/adam",
        "/exports/define",
        "/exports/report",
    ]
    saved: dict[str, Path] = {}
    for n in range(links.count()):
        with page.expect_download(timeout=120_000) as waiting:
            links.nth(n).click()
        download = waiting.value
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        saved[str(links.nth(n).get_attribute("href")).rsplit("/", 1)[1]] = target
    context.close()
    assert {name: path.name for name, path in saved.items()} == {
        "odm": "XJMSC0001-pooled.odm.xml",
        "csv": "datasets-csv.zip",
        "sdtm": "sdtm.zip",
        "adam": "adam.zip",
        "define": "define.xml",
        "report": "dsmb-report.pdf",
    }
    odm = _valid(saved["odm"].read_bytes(), ODM_SCHEMA)
    assert odm.xpath("count(//*[local-name()='SubjectData'])") > 0
    csv = zipfile.ZipFile(saved["csv"])
    assert {"DM.csv", "AE.csv", "LB.csv", "CONSORT.csv"} <= set(csv.namelist())
    sdtm = zipfile.ZipFile(saved["sdtm"])
    names = set(sdtm.namelist())
    assert {"DM.csv", "dm.xpt", "LB.csv", "lb.xpt", "define.xml"} <= names
    dm_rows = len(sdtm.read("DM.csv").decode("utf-8").strip().splitlines()) - 1
    assert dm_rows > 0 and _xpt_rows(sdtm, "dm.xpt") == dm_rows
    _valid(sdtm.read("define.xml"), DEFINE_SCHEMA)
    adam = zipfile.ZipFile(saved["adam"])
    assert sorted(adam.namelist()) == ["ADEFF.csv", "adeff.xpt", "define.xml"]
    assert _xpt_rows(adam, "adeff.xpt") > 0
    _valid(adam.read("define.xml"), DEFINE_SCHEMA)
    define = _valid(saved["define"].read_bytes(), DEFINE_SCHEMA)
    assert define.xpath("count(//*[local-name()='ItemGroupDef'][@Name='DM'])") == 1
    assert saved["report"].read_bytes().startswith(b"%PDF")
    assert set(Path(tempfile.gettempdir()).glob("msc-export-*")) == left_before
