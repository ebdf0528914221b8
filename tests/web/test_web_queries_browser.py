"""Queries and source data verification in a real browser (issue 17): a data manager raises a
query from the casebook, closes and re-opens it on the queries page; a monitor marks an item
verified and sees the progress on the completeness page. Set MSC_WEB_SCREENSHOTS=DIR to keep
the screenshots."""

from __future__ import annotations

from typing import Any

from msc_desktop.central import queries
from msc_desktop.central.service import Center
from tests.web.test_web_browser import chromium, live_url, shot, sign_in
from tests.web.test_web_queries import a_visit_item

__all__ = ["chromium", "live_url"]  # the browser and the server, for this module too


def item_row(page: Any, event_oid: str, form_oid: str, item_oid: str) -> Any:
    return page.locator(
        f"xpath=//section[@data-form='{form_oid}'][preceding-sibling::h2[1][@id='{event_oid}']]"
        f"//tr[@data-item='{item_oid}']"
    )


def test_raise_close_and_reopen_a_query_in_the_browser(
    chromium: Any, live_url: str, demo_centre: Center
) -> None:
    item = a_visit_item(demo_centre)
    casebook = f"{live_url}/casebook/{item.site_id}/{item.subject_key}"
    for language in ("en", "zh"):
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": "msc_lang", "value": language, "url": live_url}])
        page = context.new_page()
        sign_in(page, live_url, "dora")
        page.goto(casebook)
        row = item_row(page, item.event_oid, item.form_oid, item.item_oid)
        row.locator("details.raise summary").click()
        question = f"Sodium on the lab sheet ({language})?"
        row.locator("textarea[name=text]").fill(question)
        row.locator("details.raise button[type=submit]").click()
        page.wait_for_load_state()
        raised = queries.list_queries(demo_centre, item.site_id)[-1]
        assert raised.question == question and raised.state == "open"
        row = item_row(page, item.event_oid, item.form_oid, item.item_oid)
        assert question in row.locator("td.queries").inner_text()
        row.scroll_into_view_if_needed()
        shot(page, f"{language}-queries-casebook-raised", full_page=False)

        page.goto(f"{live_url}/queries?site={item.site_id}")
        card = page.locator(f"#q-{item.site_id}-{raised.number}")
        assert card.get_attribute("data-state") == "open"
        card.locator("details.query-history summary").click()
        assert card.locator("ol.history li").count() == 1
        card.locator("input[name=text]").first.fill("Confirmed by phone")
        card.locator("button[value=close]").click()
        page.wait_for_load_state()
        card = page.locator(f"#q-{item.site_id}-{raised.number}")
        assert card.get_attribute("data-state") == "closed"
        card.locator("input[name=text]").fill("Please upload the lab sheet after all")
        card.locator("button[value=reopen]").click()
        page.wait_for_load_state()
        card = page.locator(f"#q-{item.site_id}-{raised.number}")
        assert card.get_attribute("data-state") == "open"
        card.locator("details.query-history summary").click()
        assert card.locator("ol.history li").count() == 3
        card.scroll_into_view_if_needed()
        shot(page, f"{language}-queries-page", full_page=False)
        context.close()
    assert queries.get_query(demo_centre, item.site_id, raised.number).question == (
        "Please upload the lab sheet after all"
    )


def test_a_monitor_marks_an_item_verified_in_the_browser(
    chromium: Any, live_url: str, demo_centre: Center
) -> None:
    item = a_visit_item(demo_centre)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_url, "mona")
    page.goto(f"{live_url}/queries")
    assert page.locator("section.query").count() >= 1
    assert page.locator("button[value=close]").count() == 0  # a monitor reads only
    page.goto(f"{live_url}/casebook/{item.site_id}/{item.subject_key}")
    row = item_row(page, item.event_oid, item.form_oid, item.item_oid)
    row.locator("button[data-scope=item]").click()
    page.wait_for_load_state()
    row = item_row(page, item.event_oid, item.form_oid, item.item_oid)
    assert "verified against source on" in row.locator("p.sdv").inner_text()
    row.scroll_into_view_if_needed()
    shot(page, "en-sdv-casebook", full_page=False)
    page.goto(f"{live_url}/completeness?site={item.site_id}#sdv")
    sites, _people = queries.sdv_progress(demo_centre, item.site_id)
    verified = page.locator(f"#sdv-sites tr[data-site='{item.site_id}'] td.verified")
    assert verified.inner_text() == str(sites[0].verified) and sites[0].verified >= 1
    page.locator("#sdv").scroll_into_view_if_needed()
    shot(page, "en-sdv-completeness", full_page=False)
    context.close()
