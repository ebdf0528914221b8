"""The centre's query pages (issue 17): a data manager raises a query from the casebook, closes
and re-opens it on the queries page; a monitor reads them and marks items, forms and visits as
verified; the completeness page counts what is verified; Chinese pages show no English."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from msc_desktop.central import queries
from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterEvent, CenterItem
from tests.web.centre import csrf_of
from tests.web.test_web_pages import ALLOWED_LATIN, _protocol_latin, _VisibleText, browser

SODIUM = "IT.LB.SODIUM"


def a_visit_item(center: Center) -> CenterItem:
    """A participant's sodium at a scheduled visit (an item in a form of a visit)."""
    with center.store.session() as session:
        found = session.scalars(
            select(CenterItem)
            .where(
                CenterItem.item_oid == SODIUM,
                CenterItem.form_oid == "F.VISIT",
                CenterItem.removed.is_(False),
            )
            .order_by(CenterItem.site_id, CenterItem.subject_key)
        ).first()
    assert found is not None
    return found


def raise_form(item: CenterItem, csrf: str, text: str) -> dict[str, str]:
    return {
        "csrf": csrf,
        "event_oid": item.event_oid,
        "form_oid": item.form_oid,
        "group_oid": item.group_oid,
        "repeat_key": item.repeat_key,
        "item_oid": item.item_oid,
        "text": text,
    }


def test_raise_from_the_casebook_then_close_and_reopen(demo_centre: Center) -> None:
    item = a_visit_item(demo_centre)
    casebook = f"/casebook/{item.site_id}/{item.subject_key}"
    dora = browser(demo_centre, "dora")
    page = dora.get(casebook).text
    assert page.count('<details class="raise noprint">') >= 10
    before = len(queries.list_queries(demo_centre, item.site_id))
    raised = dora.post(
        casebook + "/query", data=raise_form(item, csrf_of(page), "Sodium: lab report says 138?")
    )
    assert raised.status_code == 303
    found = queries.list_queries(demo_centre, item.site_id)
    assert len(found) == before + 1
    query = found[-1]
    assert (
        query.address.subject_key,
        query.address.event_oid,
        query.address.item_oid,
        query.state,
        query.question,
    ) == (item.subject_key, item.event_oid, SODIUM, "open", "Sodium: lab report says 138?")
    assert raised.headers["location"] == f"{casebook}#q-{item.site_id}-{query.number}"
    shown = dora.get(casebook).text
    assert f'id="q-{item.site_id}-{query.number}"' in shown
    assert "Sodium: lab report says 138?" in shown
    listed = dora.get(f"/queries?site={item.site_id}&state=open").text
    section = re.search(
        rf'<section class="card query state-open" id="q-{item.site_id}-'
        rf'{query.number}".*?</section>',
        listed,
        re.DOTALL,
    )
    assert section is not None and "Sodium: lab report says 138?" in section.group(0)
    assert f"/queries/{item.site_id}/{query.number}/close" in section.group(0)
    closed = dora.post(
        f"/queries/{item.site_id}/{query.number}/close",
        data={"csrf": csrf_of(listed), "text": "resolved by phone"},
    )
    assert closed.status_code == 303
    assert queries.get_query(demo_centre, item.site_id, query.number).state == "closed"
    empty = dora.post(
        f"/queries/{item.site_id}/{query.number}/reopen",
        data={"csrf": csrf_of(listed), "text": "  "},
    )
    assert empty.status_code == 400 and "Write a text for the query." in empty.text
    reopened = dora.post(
        f"/queries/{item.site_id}/{query.number}/reopen",
        data={"csrf": csrf_of(listed), "text": "Please send the lab sheet"},
    )
    assert reopened.status_code == 303
    again = queries.get_query(demo_centre, item.site_id, query.number)
    assert (again.state, again.question) == ("open", "Please send the lab sheet")
    history = dora.get(f"/queries?site={item.site_id}").text
    assert history.count(f'id="q-{item.site_id}-{query.number}"') == 1
    assert "resolved by phone" in history and "re-opened" in history
    # The monitor reads but cannot act; the statistician cannot even read.
    mona = browser(demo_centre, "mona")
    assert mona.get("/queries").status_code == 200
    assert "/close" not in mona.get("/queries").text
    refused = mona.post(
        f"/queries/{item.site_id}/{query.number}/close",
        data={"csrf": csrf_of(mona.get("/account").text)},
    )
    assert refused.status_code == 403
    assert browser(demo_centre, "stan").get("/queries").status_code == 403
    with demo_centre.store.session() as session:
        actions = [
            event.action
            for event in session.scalars(select(CenterEvent).where(CenterEvent.user_id == "dora"))
        ]
    assert {"query opened", "query closed", "query reopened"} <= set(actions)


@pytest.mark.parametrize(
    "change, status, sentence",
    [
        ({"item_oid": "IT.NOPE"}, 400, "declares no item IT.NOPE"),
        ({"item_oid": "<script>"}, 400, "not allowed (item_oid)"),
        ({"text": ""}, 400, "Write a text for the query."),
        ({"repeat_key": "9"}, 400, "declares no item IT.LB.SODIUM"),
    ],
)
def test_a_bad_raise_gets_one_sentence(
    demo_centre: Center, change: dict[str, str], status: int, sentence: str
) -> None:
    item = a_visit_item(demo_centre)
    dora = browser(demo_centre, "dora")
    casebook = f"/casebook/{item.site_id}/{item.subject_key}"
    before = len(queries.list_queries(demo_centre))
    answer = dora.post(
        casebook + "/query",
        data={**raise_form(item, csrf_of(dora.get("/account").text), "why?"), **change},
    )
    assert answer.status_code == status and sentence in answer.text
    assert "Traceback" not in answer.text
    assert len(queries.list_queries(demo_centre)) == before


def test_the_monitor_marks_items_forms_and_visits_and_completeness_counts(
    demo_centre: Center,
) -> None:
    item = a_visit_item(demo_centre)
    casebook = f"/casebook/{item.site_id}/{item.subject_key}"
    mona = browser(demo_centre, "mona")
    page = mona.get(casebook).text
    assert 'data-scope="visit"' in page and 'data-scope="form"' in page
    assert "Raise a query" not in page  # a monitor does not raise queries
    token = csrf_of(page)
    marked = mona.post(
        casebook + "/verify",
        data={
            "csrf": token,
            "scope": "item",
            "event_oid": item.event_oid,
            "form_oid": item.form_oid,
            "group_oid": item.group_oid,
            "repeat_key": item.repeat_key,
            "item_oid": SODIUM,
        },
    )
    assert marked.status_code == 303
    shown = mona.get(casebook).text
    row = re.search(
        rf'<tr data-item="{SODIUM}">.*?</tr>', shown.split(f'id="{item.event_oid}"')[1], re.DOTALL
    )
    assert row is not None and "verified against source on" in row.group(0)
    form = mona.post(
        casebook + "/verify",
        data={
            "csrf": token,
            "scope": "form",
            "event_oid": "SE.SCR",
            "form_oid": "F.REGISTRATION",
            "group_oid": "",
            "repeat_key": "",
            "item_oid": "",
        },
    )
    assert form.status_code == 303
    bad = mona.post(
        casebook + "/verify",
        data={
            "csrf": token,
            "scope": "form",
            "event_oid": "SE.SCR",
            "form_oid": "F.REGISTRATION",
            "group_oid": "",
            "repeat_key": "",
            "item_oid": SODIUM,
        },
    )
    assert bad.status_code == 400
    sites, people = queries.sdv_progress(demo_centre, item.site_id)
    mine = next(row for row in people if row.subject_key == item.subject_key)
    assert mine.verified >= 2 and mine.entered > mine.verified
    completeness = mona.get(f"/completeness?site={item.site_id}").text
    site_row = re.search(
        rf'<table id="sdv-sites">.*?<tr data-site="{item.site_id}"><td>'
        rf'{item.site_id}</td><td class="num verified">(\d+)</td><td class="num '
        rf'entered">(\d+)</td>',
        completeness,
        re.DOTALL,
    )
    assert site_row is not None
    assert (int(site_row.group(1)), int(site_row.group(2))) == (sites[0].verified, sites[0].entered)
    dora = browser(demo_centre, "dora")
    refused = dora.post(
        casebook + "/verify",
        data={
            "csrf": csrf_of(dora.get("/account").text),
            "scope": "visit",
            "event_oid": "SE.SCR",
            "form_oid": "",
            "group_oid": "",
            "repeat_key": "",
            "item_oid": "",
        },
    )
    assert refused.status_code == 403


@pytest.mark.parametrize("user", ["dora", "mona", "ada"])
def test_the_chinese_query_pages_show_no_english(demo_centre: Center, user: str) -> None:
    item = a_visit_item(demo_centre)
    client = browser(demo_centre, user, "zh")
    allowed = ALLOWED_LATIN | _protocol_latin()
    paths = ["/queries", "/queries?state=closed", "/queries?page=x"]
    if user != "ada":
        paths += [f"/casebook/{item.site_id}/{item.subject_key}", "/completeness"]
    for path in paths:
        answer = client.get(path)
        parser = _VisibleText()
        parser.feed(answer.text)
        text = " ".join(parser.words)
        english = [word for word in re.findall(r"[A-Za-z]{2,}", text) if word not in allowed]
        assert not english, (path, english[:10])


def test_query_forms_without_their_csrf_token_change_nothing(demo_centre: Center) -> None:
    item = a_visit_item(demo_centre)
    casebook = f"/casebook/{item.site_id}/{item.subject_key}"
    before = queries.list_queries(demo_centre)
    marks = queries.marks_version(demo_centre)
    dora = browser(demo_centre, "dora")
    forged = dora.post(casebook + "/query", data=raise_form(item, "forged", "why?"))
    assert forged.status_code == 403
    mona = browser(demo_centre, "mona")
    marked = mona.post(
        casebook + "/verify",
        data={
            "scope": "visit",
            "event_oid": item.event_oid,
            "form_oid": "",
            "group_oid": "",
            "repeat_key": "",
            "item_oid": "",
        },
    )
    assert marked.status_code == 403
    assert queries.list_queries(demo_centre) == before
    assert queries.marks_version(demo_centre) == marks
