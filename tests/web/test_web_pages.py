"""The centre's pages with two demo sites imported through the real path: their numbers agree
with the store, the admin's site actions work, downloads are what they say, and the Chinese
pages show no English."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterBundle, CenterItem, CenterSignature, CenterSite
from msc_desktop.central.web.app import create_web_app
from msc_desktop.paths import resources_dir
from msc_desktop.sync.keys import KeyPair
from msc_desktop.sync.packages import open_site_package
from tests.web.centre import WEB_USERS, csrf_of, signed_in


def browser(center: Center, user: str, language: str = "en") -> TestClient:
    client = TestClient(create_web_app(center), follow_redirects=False)
    client.cookies.set("msc_lang", language)
    assert signed_in(client, user).status_code == 303  # type: ignore[arg-type]
    return client


def values_of(center: Center, oid: str) -> list[tuple[str, str, str]]:
    with center.store.session() as session:
        return [
            (site, subject, value or "")
            for site, subject, value in session.execute(
                select(CenterItem.site_id, CenterItem.subject_key, CenterItem.current_value).where(
                    CenterItem.item_oid == oid, CenterItem.removed.is_(False)
                )
            )
        ]


def cell(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}">([^<]*)<', page)
    assert found is not None, element_id
    return found.group(1).strip()


def test_enrolment_and_overview_agree_with_the_store(demo_centre: Center) -> None:
    statuses = values_of(demo_centre, "IT.DM.STATUS")
    arms = values_of(demo_centre, "IT.RAND.ARM")
    with demo_centre.store.session() as session:
        subjects = set(session.execute(select(CenterItem.site_id, CenterItem.subject_key)))
    assert len(subjects) == 20 and len(arms) >= 6
    client = browser(demo_centre, "stan")
    for path in ("/enrolment", "/"):
        page = client.get(path).text
        assert cell(page, "screened") == str(len(subjects))
        assert cell(page, "randomized") == str(len(arms))
        assert cell(page, "screen-failed") == str(
            sum(1 for _site, _subject, status in statuses if status == "screen failed")
        )
    page = client.get("/enrolment").text
    for site in ("01", "02"):
        row = re.search(rf'<tr data-site="{site}">(.*?)</tr>', page, re.DOTALL)
        assert row is not None
        expected = Counter(arm for site_id, _subject, arm in arms if site_id == site)
        numbers = re.findall(r'class="num[^"]*">(\d+)<', row.group(1))
        assert numbers[2:4] == [str(expected["MSC"]), str(expected["CONTROL"])]
        assert numbers[-1] == str(sum(expected.values()))
    assert "<svg" in page and "CONSORT" in page


def test_safety_lists_every_serious_event_and_counts_every_event(demo_centre: Center) -> None:
    serious = [row for row in values_of(demo_centre, "IT.AE.SERIOUS") if row[2] == "Y"]
    every = values_of(demo_centre, "IT.AE.TERM")
    page = browser(demo_centre, "mona").get("/safety").text
    table = re.search(r'<table id="saes">(.*?)</table>', page, re.DOTALL)
    rows = table.group(1).count("<tr class=") if table else 0
    assert rows == len(serious)
    totals = [int(value) for value in re.findall(r'class="num total">(\d+)<', page)]
    randomized = {(site, subject) for site, subject, _arm in values_of(demo_centre, "IT.RAND.ARM")}
    assert sum(totals) == sum(1 for site, subject, _term in every if (site, subject) in randomized)
    assert sum(totals) > 0


def test_completeness_counts_participants_and_msc_infusions(demo_centre: Center) -> None:
    page = browser(demo_centre, "dora").get("/completeness").text
    given = Counter(
        (site, subject)
        for site, subject, status in values_of(demo_centre, "IT.EX.STATUS")
        if status == "completed"
    )
    for site in ("01", "02"):
        row = re.search(rf'<tr data-site="{site}">(.*?)</tr>', page, re.DOTALL)
        assert row is not None
        infusions = re.search(r'class="num infusions">(\d+) / (\d+)<', row.group(1))
        assert infusions is not None
        assert int(infusions.group(1)) == sum(
            count for (site_id, _subject), count in given.items() if site_id == site
        )
    one_site = browser(demo_centre, "dora").get("/completeness?site=02").text
    assert 'data-site="01"' not in one_site and 'data-site="02"' in one_site


def test_the_casebook_shows_values_versions_history_and_signatures(demo_centre: Center) -> None:
    with demo_centre.store.session() as session:
        signature = session.scalars(select(CenterSignature)).first()
    assert signature is not None
    page = (
        browser(demo_centre, "mona")
        .get(f"/casebook/{signature.site_id}/{signature.subject_key}")
        .text
    )
    assert '<section class="form card" data-form="F.REGISTRATION"' in page
    assert signature.user_id in page and "Signatures" in page
    status = values_of(demo_centre, "IT.DM.STATUS")
    mine = [
        value
        for site, subject, value in status
        if (site, subject) == (signature.site_id, signature.subject_key)
    ]
    assert mine and f"({mine[0]})" in page  # the label and its code
    assert page.count('<ul class="history"><li>#') >= 5 and "1.0" in page


def test_the_admin_registers_a_site_after_comparing_and_downloads_its_package(
    demo_centre: Center,
) -> None:
    admin = browser(demo_centre, "ada")
    site_keys = KeyPair.generate("site", "07")
    token = csrf_of(admin.get("/sites/register").text)
    refused = admin.post(
        "/sites/register",
        data={"csrf": token, "site_id": "08"},
        files={"key_file": ("site.pub", site_keys.public_document())},
    )
    assert refused.status_code == 400 and "belongs to site 07, not to site 08" in refused.text
    check = admin.post(
        "/sites/register",
        data={"csrf": token, "site_id": "07"},
        files={"key_file": ("site.pub", site_keys.public_document())},
    )
    shown = cell(check.text, "fingerprint")
    assert shown.replace(" ", "") == site_keys.public().fingerprint.upper()
    document = re.search(r'name="document" value="([^"]+)"', check.text)
    assert document is not None
    unconfirmed = admin.post(
        "/sites/register/confirm",
        data={"csrf": token, "site_id": "07", "document": document.group(1)},
    )
    assert unconfirmed.status_code == 400
    with demo_centre.store.session() as session:
        assert session.get(CenterSite, "07") is None
    done = admin.post(
        "/sites/register/confirm",
        data={"csrf": token, "site_id": "07", "document": document.group(1), "compared": "yes"},
    )
    assert done.status_code == 200 and "Site 07 is registered" in done.text
    package = admin.post("/sites/07/package", data={"csrf": token, "expected": "30"})
    assert package.status_code == 200
    assert package.headers["content-disposition"].startswith('attachment; filename="07-')
    opened = open_site_package(
        package.content, demo_centre.keys.public(), site_keys, demo_centre.current_protocol()
    )
    assert {allocation.stratum for allocation, _signed in opened.allocation_lists} == {"B", "C"}
    listed = admin.get("/sites").text
    listed = listed[listed.index('id="site-07"') :]
    for allocation, _signed in opened.allocation_lists:
        assert allocation.list_id in listed
        assert f"{len(allocation)} of {len(allocation)}" in listed
    bad = admin.post("/sites/07/package", data={"csrf": token, "expected": "0"})
    assert bad.status_code == 400 and "whole number from 1 to 10000" in bad.text


def test_held_bundles_and_quarantine_with_reasons(demo_centre: Center) -> None:
    with demo_centre.store.session() as session:
        last = session.get(CenterSite, "02")
        assert last is not None
        session.add(
            CenterBundle(
                sha256="ab" * 32,
                site_id="02",
                file_name="02-held.mscb",
                from_seq=last.last_seq + 5,
                to_seq=last.last_seq + 9,
                status="held",
                held_data=b"x",
            )
        )
        waits = (last.last_seq + 1, last.last_seq + 4)
    kept = demo_centre.home.quarantine(
        b"not a bundle", "odd.mscb", "the signature does not verify", "02", 10**6, 10**7
    )
    assert kept is not None
    admin = browser(demo_centre, "ada")
    page = admin.get("/sites").text
    site = page[page.index('id="site-02"') :]
    assert f"{waits[0]}–{waits[1]}" in site and "02-held.mscb" in site
    assert "the signature does not verify" in site
    link = f"/sites/02/quarantine/{kept.name}"
    assert link in site
    download = admin.get(link)
    assert download.status_code == 200 and download.content == b"not a bundle"
    monitor = browser(demo_centre, "mona")
    assert link not in monitor.get("/sites").text and monitor.get(link).status_code == 403
    assert 'class="contiguous">' in page


def test_exports_download_the_odm_and_the_datasets(demo_centre: Center) -> None:
    client = browser(demo_centre, "stan")
    odm = client.get("/exports/odm")
    assert odm.status_code == 200 and b"<ODM" in odm.content[:2000]
    csv = client.get("/exports/csv")
    names = zipfile.ZipFile(io.BytesIO(csv.content)).namelist()
    assert {"DM.csv", "AE.csv", "CONSORT.csv"} <= set(names)
    report = client.get("/exports/report")
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    assert report.headers["content-disposition"] == 'attachment; filename="dsmb-report.pdf"'
    unknown = client.get("/exports/xls")
    assert unknown.status_code == 404
    assert (
        "There is no such export; the exports are odm, csv, sdtm, adam, define, report."
        in unknown.text
    )
    optioned = client.get("/exports/define?version=2.1")
    assert optioned.status_code == 400
    assert "The address holds a value that is not allowed (version)." in optioned.text
    assert browser(demo_centre, "mona").get("/exports/report").status_code == 403


class _VisibleText(HTMLParser):
    """The text a person sees, without data values (class "data", fingerprints, ids in links),
    style, script, and the language switch (a language's own name)."""

    VOID = frozenset({"input", "br", "img", "meta", "link", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        skip = (
            tag in ("style", "script", "title")
            or "data" in classes
            or "fingerprint" in classes
            or found.get("hreflang") is not None
        )
        if (skip or self._skip) and tag not in self.VOID:
            self._skip.append(tag)
        for name in ("placeholder", "aria-label"):
            if name in found and not self._skip:
                self.words.append(found[name] or "")
        if tag == "input" and found.get("type") in ("submit", "button") and not self._skip:
            self.words.append(found.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.words.append(data)


def _protocol_latin() -> set[str]:
    """Latin words the protocol's own Chinese labels use (Child-Pugh, HBsAg, ...)."""
    declaration = json.loads((resources_dir() / "protocol.json").read_text(encoding="utf-8"))
    words: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("zh"), str):
                words.update(re.findall(r"[A-Za-z]+", node["zh"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(declaration)
    return words


# Names of standards and file formats, written the same in Chinese.
ALLOWED_LATIN = {
    "MSC",
    "UTC",
    "CONSORT",
    "CDISC",
    "ODM",
    "XML",
    "CSV",
    "DM",
    "DS",
    "IE",
    "LB",
    "VS",
    "EX",
    "AE",
    "pub",
    "site",
    "h",
    "SDTM",
    "SAS",
    "XPT",
    "ADaM",
    "Define",
    "define",
    "xml",
    "DSMB",
    "PDF",
}


@pytest.mark.parametrize("user", sorted(WEB_USERS))
def test_the_chinese_pages_show_no_english(demo_centre: Center, user: str) -> None:
    client = browser(demo_centre, user, "zh")
    allowed = ALLOWED_LATIN | _protocol_latin()
    subject = next(iter(values_of(demo_centre, "IT.DM.STATUS")))
    paths = [
        "/",
        "/sites",
        "/sites/register",
        "/enrolment",
        "/safety",
        "/completeness",
        "/casebook",
        f"/casebook/{subject[0]}/{subject[1]}",
        "/exports",
        "/users",
        "/audit-log",
        "/account",
        "/completeness?page=x",
        "/no/such/page",
    ]
    shown = 0
    for path in paths:
        answer = client.get(path)
        if answer.status_code == 403:
            continue
        shown += 1
        parser = _VisibleText()
        parser.feed(answer.text)
        text = " ".join(parser.words)
        english = [word for word in re.findall(r"[A-Za-z]{2,}", text) if word not in allowed]
        assert not english, (path, english[:10])
        if answer.status_code == 200:
            assert "\u8d26\u6237" in text  # the frame (账户) was read, not skipped
    assert shown >= 6


def test_no_page_names_a_server_path(demo_centre: Center, tmp_path: Path) -> None:
    client = browser(demo_centre, "ada")
    home = str(demo_centre.home.path)
    for path in ("/", "/sites", "/enrolment", "/users", "/audit-log"):
        assert home not in client.get(path).text


def _site_infusions(page: str, site: str) -> int:
    row = re.search(rf'<tr data-site="{site}">(.*?)</tr>', page, re.DOTALL)
    assert row is not None
    found = re.search(r'class="num infusions">(\d+) / \d+<', row.group(1))
    assert found is not None
    return int(found.group(1))


def test_a_restarted_server_reads_the_page_cache_and_an_import_is_never_shown_stale(
    demo_centre: Center, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16 benchmark: the first page after a restart reads each site's summary back from the
    store's page cache instead of computing it; a site's import (its chain grows) makes its
    cached part stale at once, in the running server and after a restart."""
    from msc_desktop.central.tables import CenterPageCache
    from msc_desktop.central.web import summary

    before = _site_infusions(browser(demo_centre, "dora").get("/completeness").text, "01")
    chains, versions = summary.data_versions(demo_centre)
    with demo_centre.store.session() as session:
        kept = {row.site_id: row.cache_key for row in session.scalars(select(CenterPageCache))}
    assert kept == {site: summary.data_key(chain, versions) for site, chain in chains.items()}

    def never(*_args: object) -> None:
        raise AssertionError("a restarted server computed what its page cache holds")

    with monkeypatch.context() as patched:
        patched.setattr(summary, "site_facts", never)
        restarted = browser(demo_centre, "dora")
        assert _site_infusions(restarted.get("/completeness").text, "01") == before
    running = browser(demo_centre, "dora")
    running.get("/completeness")
    given = next(
        (site, subject, event)
        for site, subject, event, value in _infusion_status(demo_centre)
        if site == "01" and value == "completed"
    )
    try:
        _set_infusion_status(demo_centre, given, "stopped", grow_chain=True)  # as an import does
        assert _site_infusions(running.get("/completeness").text, "01") == before - 1
        assert _site_infusions(browser(demo_centre, "dora").get("/completeness").text, "01") == (
            before - 1
        )
    finally:
        _set_infusion_status(demo_centre, given, "completed", grow_chain=True)
    assert _site_infusions(running.get("/completeness").text, "01") == before


def _infusion_status(center: Center) -> list[tuple[str, str, str, str]]:
    with center.store.session() as session:
        return [
            (site, subject, event, value or "")
            for site, subject, event, value in session.execute(
                select(
                    CenterItem.site_id,
                    CenterItem.subject_key,
                    CenterItem.event_oid,
                    CenterItem.current_value,
                )
                .where(CenterItem.item_oid == "IT.EX.STATUS", CenterItem.removed.is_(False))
                .order_by(CenterItem.subject_key, CenterItem.event_oid)
            )
        ]


def _set_infusion_status(
    center: Center, where: tuple[str, str, str], value: str, grow_chain: bool
) -> None:
    site, subject, event = where
    with center.store.session() as session:
        item = session.scalars(
            select(CenterItem).where(
                CenterItem.site_id == site,
                CenterItem.subject_key == subject,
                CenterItem.event_oid == event,
                CenterItem.item_oid == "IT.EX.STATUS",
            )
        ).one()
        item.current_value = value
        if grow_chain:
            registered = session.get(CenterSite, site)
            assert registered is not None
            registered.last_seq += 1
