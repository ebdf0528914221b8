"""Queries and source verification at the centre (issue 17): open, close, re-open, numbers per
site, edit checks raising each query once, site answers and marks applied exactly once, late
answers kept, two queries on one item independent, the site package carrying them all; on SQLite
and on PostgreSQL."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from sqlalchemy import delete, select

from msc_desktop.central.export import export_pooled
from msc_desktop.central.queries import (
    close_query,
    get_query,
    item_sdv,
    list_queries,
    mark_verified,
    open_query,
    reopen_query,
    resolve_item,
    sdv_progress,
)
from msc_desktop.central.service import Center
from msc_desktop.central.store import _count_entered_items
from msc_desktop.central.tables import CenterEvent, CenterSubjectItems
from msc_desktop.domain.queries import ItemAddress
from msc_desktop.errors import SyncError, ValidationError
from msc_desktop.store.audit_chain import GENESIS_HASH
from msc_desktop.sync.bundle import BundleHeader, seal_bundle
from msc_desktop.sync.keys import KeyPair
from msc_desktop.sync.package_request import seal_package_request
from msc_desktop.sync.packages import open_site_package
from tests.accounts import CENTRE_PASSPHRASE
from tests.amendment import amended_declaration

from .chains import _chained, _content, clinical
from .odmcheck import assert_valid_odm
from .postgres import new_database

_names = itertools.count()
SITE = KeyPair.generate("site", "01")
SUBJECT = "01-0007"
SODIUM_W4 = ItemAddress(SUBJECT, "SE.W4", "F.VISIT", "IG.VISIT", "", "IT.LB.SODIUM")


@pytest.fixture(params=["sqlite", "postgresql"])
def center(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Center]:
    url = None
    if request.param == "postgresql":
        url = new_database(request.getfixturevalue("postgres_cluster"), f"q{next(_names)}")
    center = Center.init(tmp_path / "center", url, passphrase=CENTRE_PASSPHRASE)
    center.register_site("01", SITE.public_document())
    yield center
    center.close()


class Site:
    """A site's audit chain, sent to the centre a bundle at a time."""

    def __init__(self, center: Center) -> None:
        self.center = center
        self.contents: list[dict[str, Any]] = []
        self.rows: list[dict[str, Any]] = []
        self.sent = 0

    @property
    def next_seq(self) -> int:
        return len(self.contents) + 1

    def enter(
        self, address: ItemAddress, value: str | tuple[str, str], action: str = "insert"
    ) -> int:
        seq = self.next_seq
        self.contents.append(
            _content(
                seq,
                address.subject_key,
                address.event_oid,
                address.form_oid,
                address.group_oid,
                address.repeat_key,
                address.item_oid,
                value,
                action=action,
            )
        )
        return seq

    def event(
        self,
        target: str,
        place: ItemAddress,
        new_value: str,
        reason: str = "",
        item_oid: str | None = None,
    ) -> int:
        seq = self.next_seq
        content = _content(
            seq,
            place.subject_key,
            place.event_oid,
            place.form_oid,
            place.group_oid or "",
            place.repeat_key,
            "x",
            None,
            action="event",
        )
        content.update(
            target=target,
            item_oid=item_oid,
            new_value=new_value,
            reason=reason or None,
            mdv_oid=None,
            site_only=False,
            form_oid=place.form_oid or None,
            group_oid=place.group_oid or None,
            event_oid=place.event_oid or None,
        )
        self.contents.append(content)
        return seq

    def answer(
        self, number: int, query_id: str, reply_to: str, text: str, correction: str | None = None
    ) -> str:
        seq = self.event(
            f"QUERY:{query_id}",
            SODIUM_W4,
            json.dumps(
                {"kind": "answer", "reply_to": reply_to, "text": text, "correction": correction}
            ),
            reason=f"query {number}",
        )
        return f"01.{seq}"

    def bundle(self) -> bytes:
        self.rows = _chained(self.contents, 1, GENESIS_HASH)
        first, last = self.sent + 1, len(self.rows)
        part = self.rows[first - 1 : last]
        prev = GENESIS_HASH if first == 1 else self.rows[first - 2]["hash"]
        header = BundleHeader(
            "01",
            "dev",
            first,
            last,
            prev,
            part[-1]["hash"],
            "2026-11-29T10:00:00.000000Z",
            self.center.fingerprint,
            SITE.public().fingerprint,
        )
        self.sent = last
        return seal_bundle(header, part, clinical(part), SITE, self.center.keys.public())

    def send(self) -> str:
        return self.center.import_bundle(self.bundle(), "b").status


def with_participant(center: Center) -> Site:
    site = Site(center)
    site.enter(
        ItemAddress(
            SUBJECT, "SE.SCR", "F.REGISTRATION", "IG.REGISTRATION", "", "IT.DM.SCREENING_NUMBER"
        ),
        "P00007",
    )
    site.enter(SODIUM_W4, ("135", "mmol/L"))
    assert site.send() == "accepted"
    return site


def test_open_close_reopen_numbers_per_site_and_audit_log(center: Center) -> None:
    with_participant(center)
    first = open_query(center, "01", SODIUM_W4, "  Sodium 135 on the source?  ", "dm", "10.0.0.1")
    second = open_query(center, "01", SODIUM_W4, "Unit?", "dm")
    assert (first.number, second.number, first.state) == (1, 2, "open")
    assert first.question == "Sodium 135 on the source?"
    with pytest.raises(ValidationError, match="open: it waits"):
        reopen_query(center, "01", 1, "dm", "again")
    closed = close_query(center, "01", 1, "dm", "withdrawn")
    assert closed.state == "closed" and get_query(center, "01", 1).state == "closed"
    with pytest.raises(ValidationError, match="closed already"):
        close_query(center, "01", 1, "dm")
    reopened = reopen_query(center, "01", 1, "dm", "Please check after all")
    assert reopened.state == "open" and reopened.question == "Please check after all"
    # Two queries on one item are independent.
    assert get_query(center, "01", 2).state == "open"
    assert [query.number for query in list_queries(center, "01", "open")] == [1, 2]
    with pytest.raises(ValidationError, match="no query 9"):
        close_query(center, "01", 9, "dm")
    with center.store.session() as session:
        logged = [
            (event.action, event.detail, event.address)
            for event in session.scalars(select(CenterEvent).order_by(CenterEvent.event_id))
        ]
    assert logged[0] == (
        "query opened",
        "01 query 1: 01-0007 SE.W4 F.VISIT IT.LB.SODIUM",
        "10.0.0.1",
    )
    assert [action for action, _detail, _address in logged] == [
        "query opened",
        "query opened",
        "query closed",
        "query reopened",
    ]


def test_open_refuses_what_the_protocol_or_the_site_does_not_hold(center: Center) -> None:
    with_participant(center)
    with pytest.raises(ValidationError, match="not known at site 01"):
        open_query(
            center, "01", ItemAddress("01-0099", *list(vars(SODIUM_W4).values())[1:]), "?", "dm"
        )
    with pytest.raises(ValidationError, match="declares no item IT.LB.NOPE"):
        open_query(
            center,
            "01",
            ItemAddress(SUBJECT, "SE.W4", "F.VISIT", "IG.VISIT", "", "IT.LB.NOPE"),
            "?",
            "dm",
        )
    with pytest.raises(ValidationError, match="declares no item IT.LB.SODIUM in form F.INFUSION"):
        open_query(
            center,
            "01",
            ItemAddress(SUBJECT, "SE.W4", "F.INFUSION", "IG.VISIT", "", "IT.LB.SODIUM"),
            "?",
            "dm",
        )
    with pytest.raises(ValidationError, match="Write a text"):
        open_query(center, "01", SODIUM_W4, "   ", "dm")
    with pytest.raises(ValidationError, match="at most 2000"):
        open_query(center, "01", SODIUM_W4, "x" * 2001, "dm")
    assert list_queries(center) == []


def test_resolve_finds_the_item_by_visit_code(center: Center) -> None:
    with_participant(center)
    assert resolve_item(center, SUBJECT, "W4", "IT.LB.SODIUM") == ("01", SODIUM_W4)
    assert resolve_item(center, SUBJECT, "SCR", "IT.LB.SODIUM")[1].form_oid == "F.SCREENING"
    ae = resolve_item(center, SUBJECT, "SE.COMMON", "IT.AE.TERM", repeat_key="2")[1]
    assert (ae.form_oid, ae.group_oid, ae.repeat_key) == (
        "F.ADVERSE_EVENT",
        "IG.ADVERSE_EVENT",
        "2",
    )
    for args, reason in [
        ((SUBJECT, "W99", "IT.LB.SODIUM"), "no visit W99"),
        ((SUBJECT, "W4", "IT.AE.TERM"), "Visit W4 has no item IT.AE.TERM"),
        (("01-0099", "W4", "IT.LB.SODIUM"), "01-0099 is not known at the centre"),
        ((SUBJECT, "SE.COMMON", "IT.AE.TERM"), "repeating group"),
    ]:
        with pytest.raises(ValidationError, match=reason):
            resolve_item(center, *args)
    with pytest.raises(ValidationError, match="leave out --repeat"):
        resolve_item(center, SUBJECT, "W4", "IT.LB.SODIUM", repeat_key="1")


def test_site_answers_apply_once_and_a_late_answer_is_kept(center: Center) -> None:
    site = with_participant(center)
    query = open_query(center, "01", SODIUM_W4, "Sodium?", "dm")
    opened = query.events[0].event_id
    answer = site.answer(1, query.query_id, opened, "Checked: 135 is right")
    assert site.send() == "accepted"
    assert get_query(center, "01", 1).state == "answered"
    # The same bundle again is a duplicate; the answer stays one.
    assert center.import_bundle(_resend(site), "b").status == "duplicate"
    assert [event.event_id for event in get_query(center, "01", 1).events].count(answer) == 1
    closed = close_query(center, "01", 1, "dm")
    assert closed.events[-1].reply_to == answer and closed.state == "closed"
    # Re-opened, closed again before the site's second answer arrived: kept and shown.
    reopened = reopen_query(center, "01", 1, "dm", "Lab report page?")
    close_query(center, "01", 1, "dm", "not needed")
    late = site.answer(1, query.query_id, reopened.events[-1].event_id, "Page 3")
    assert site.send() == "accepted"
    final = get_query(center, "01", 1)
    assert final.state == "closed"
    assert [event.event_id for event in final.late_answers()] == [late]
    assert [event.kind for event in final.ordered_events()] == [
        "open",
        "answer",
        "close",
        "reopen",
        "answer",
        "close",
    ]


def _resend(site: Site) -> bytes:
    """The bundle of everything sent so far, once more."""
    sent, site.sent = site.sent, 0
    data = site.bundle()
    site.sent = sent
    return data


def test_an_answer_to_an_unknown_query_is_kept_in_the_trail_only(center: Center) -> None:
    site = with_participant(center)
    site.answer(1, "ab" * 16, "cd" * 16, "for nobody")
    site.event("QUERY:zz", SODIUM_W4, "not json")
    assert site.send() == "accepted"
    assert list_queries(center) == []


def test_soft_range_check_raises_once_per_value_unless_confirmed(center: Center) -> None:
    site = with_participant(center)
    site.enter(SODIUM_W4, ("118", "mmol/L"), action="update")
    assert site.send() == "accepted"
    (raised,) = list_queries(center)
    assert raised.origin == "edit-check:soft-range" and raised.address == SODIUM_W4
    assert "118 mmol/L is outside the expected range 120 to 150 mmol/L" in raised.question
    # The same value sent again (a re-sent bundle, or the same value re-entered) raises nothing.
    site.enter(SODIUM_W4, ("118", "mmol/L"), action="update")
    assert site.send() == "accepted"
    assert len(list_queries(center)) == 1
    # A value the site confirmed raises nothing; another unconfirmed value a new query.
    other = ItemAddress(SUBJECT, "SE.SCR", "F.SCREENING", "IG.SCREENING", "", "IT.LB.SODIUM")
    site.enter(other, ("160", "mmol/L"))
    site.event(f"SUBJECT:{SUBJECT}", other, "warning confirmed: Sodium of 160 is unusual")
    site.enter(SODIUM_W4, ("151", "mmol/L"), action="update")
    assert site.send() == "accepted"
    assert [(query.number, query.address.event_oid) for query in list_queries(center)] == [
        (1, "SE.W4"),
        (2, "SE.W4"),
    ]


def test_infusion_volume_off_plan_without_deviation_raises_a_query(center: Center) -> None:
    site = with_participant(center)
    infusion = ItemAddress(SUBJECT, "SE.W4", "F.INFUSION", "IG.INFUSION", "", "")
    site.enter(
        ItemAddress(*list(vars(infusion).values())[:5], "IT.EX.VOLUME_PLANNED_ML"), ("50", "mL")
    )
    site.enter(
        ItemAddress(*list(vars(infusion).values())[:5], "IT.EX.VOLUME_INFUSED_ML"), ("44", "mL")
    )
    w8 = ItemAddress(SUBJECT, "SE.W8", "F.INFUSION", "IG.INFUSION", "", "")
    site.enter(ItemAddress(*list(vars(w8).values())[:5], "IT.EX.VOLUME_PLANNED_ML"), ("50", "mL"))
    site.enter(ItemAddress(*list(vars(w8).values())[:5], "IT.EX.VOLUME_INFUSED_ML"), ("40", "mL"))
    deviation = ItemAddress(
        SUBJECT, "SE.COMMON", "F.DEVIATION", "IG.DEVIATION", "1", "IT.DV.VISIT_CODE"
    )
    site.enter(deviation, "W8")
    assert site.send() == "accepted"
    (raised,) = list_queries(center)
    assert raised.origin == "edit-check:infusion-volume"
    assert raised.address.event_oid == "SE.W4"
    assert raised.address.item_oid == "IT.EX.VOLUME_INFUSED_ML"
    assert raised.question.startswith(
        "44 mL was infused instead of the planned 50 mL (more than 10 % off)"
    )
    # Within 10 %: nothing more.
    site.enter(
        ItemAddress(*list(vars(infusion).values())[:5], "IT.EX.VOLUME_INFUSED_ML"),
        ("46", "mL"),
        action="update",
    )
    assert site.send() == "accepted"
    assert len(list_queries(center)) == 1


def test_site_package_carries_every_query_and_mark(center: Center) -> None:
    site = with_participant(center)
    query = open_query(center, "01", SODIUM_W4, "Sodium?", "dm")
    site.answer(1, query.query_id, query.events[0].event_id, "fine")
    site.event(
        "SDV:form",
        ItemAddress(SUBJECT, "SE.W4", "F.VISIT", "", "", ""),
        json.dumps({"scope": "form", "item_oid": None}),
    )
    assert site.send() == "accepted"
    mark = mark_verified(center, "01", "item", SODIUM_W4, "monitor")
    package = open_site_package(
        center.site_package("01"), center.keys.public(), SITE, center.current_protocol()
    )
    (sent,) = package.queries
    assert sent.query_id == query.query_id and sent.state == "answered"
    assert [event.kind for event in sent.ordered_events()] == ["open", "answer"]
    assert {(m.side, m.scope) for m in package.sdv_marks} == {("site", "form"), ("centre", "item")}
    assert mark in package.sdv_marks


def test_fetch_answers_the_site_whose_request_verifies(center: Center) -> None:
    with_participant(center)
    request = seal_package_request(SITE, center.fingerprint)
    assert center.requested_package(request) is None  # no package made for it yet
    center.site_package("01")
    fetched = center.requested_package(request)
    assert fetched is not None
    assert (
        open_site_package(fetched, center.keys.public(), SITE, center.current_protocol()).site_id
        == "01"
    )
    with pytest.raises(SyncError, match="not registered"):
        center.requested_package(
            seal_package_request(KeyPair.generate("site", "09"), center.fingerprint)
        )


def test_sdv_marks_are_cleared_by_a_later_change_and_counted(center: Center) -> None:
    site = with_participant(center)
    mark_verified(center, "01", "visit", SODIUM_W4, "monitor")
    with center.store.session() as session:
        state = item_sdv(session, "01", SUBJECT)
    key = ("SE.W4", "F.VISIT", "IG.VISIT", "", "IT.LB.SODIUM")
    assert state[key].scope == "visit" and state[key].cleared_at is None
    sites, people = sdv_progress(center)
    assert [(row.site_id, row.verified, row.entered) for row in sites] == [("01", 1, 2)]
    assert [(row.subject_key, row.verified, row.entered) for row in people] == [(SUBJECT, 1, 2)]
    changed = site.enter(SODIUM_W4, ("136", "mmol/L"), action="update")
    assert site.send() == "accepted"
    with center.store.session() as session:
        state = item_sdv(session, "01", SUBJECT)
    assert state[key].cleared_at == site.rows[changed - 1]["ts"]
    assert sdv_progress(center)[0][0].verified == 0
    # A site mark made after the change covers it again (by the site's audit order).
    site.event("SDV:item", SODIUM_W4, json.dumps({"scope": "item", "item_oid": "IT.LB.SODIUM"}))
    assert site.send() == "accepted"
    with center.store.session() as session:
        assert item_sdv(session, "01", SUBJECT)[key].cleared_at is None
    with pytest.raises(ValidationError, match="an item, a form or a visit"):
        mark_verified(center, "01", "page", SODIUM_W4, "monitor")


def test_a_query_on_an_item_a_later_amendment_retired_still_shows(center: Center) -> None:
    with_participant(center)
    query = open_query(center, "01", SODIUM_W4, "Sodium?", "dm")
    declaration = amended_declaration()
    visit_form = next(form for form in declaration["forms"] if form["id"] == "visit")
    sodium = next(field for field in visit_form["fields"] if field["name"] == "sodium")
    sodium["retired"] = True
    center.amend(json.dumps(declaration).encode())
    current = list(center.catalogues().values())[-1]
    assert "IT.LB.SODIUM" not in {item.oid for item in current.form("visit").items}
    assert [found.query_id for found in list_queries(center, "01")] == [query.query_id]
    # Still resolved, and queried again, through the version that declared it.
    assert resolve_item(center, SUBJECT, "W4", "IT.LB.SODIUM") == ("01", SODIUM_W4)
    assert open_query(center, "01", SODIUM_W4, "And this?", "dm").number == 2


def test_the_odm_export_holds_every_query_step_and_stays_schema_valid(
    center: Center, tmp_path: Path
) -> None:
    site = with_participant(center)
    query = open_query(center, "01", SODIUM_W4, "Sodium < 120?", "dm")
    site.answer(
        1, query.query_id, query.events[0].event_id, "135 is right", correction="135 mmol/L"
    )
    assert site.send() == "accepted"
    close_query(center, "01", 1, "dm", "thanks")
    open_query(center, "01", SODIUM_W4, "Second question", "dm")
    (path,) = export_pooled(center, "odm", tmp_path)
    data = path.read_bytes()
    assert_valid_odm(data)
    namespace = {"o": "http://www.cdisc.org/ns/odm/v1.3"}
    document = etree.fromstring(data)
    (item,) = document.xpath(
        "//o:StudyEventData[@StudyEventOID='SE.W4']//o:ItemData[@ItemOID='IT.LB.SODIUM']",
        namespaces=namespace,
    )
    notes = [
        (
            note.get("SeqNum"),
            note.findtext("o:Comment", namespaces=namespace),
            note.find("o:Comment", namespaces=namespace).get("SponsorOrSite"),
        )
        for note in item.xpath("o:Annotation", namespaces=namespace)
    ]
    assert [(seq, side) for seq, _text, side in notes] == [
        ("1", "Sponsor"),
        ("2", "Site"),
        ("3", "Sponsor"),
        ("4", "Sponsor"),
    ]
    assert notes[0][1].startswith("Query 1 opened 20") and notes[0][1].endswith(
        " by dm: Sodium < 120?"
    )
    assert notes[1][1].endswith("by nurse: 135 is right; value corrected to 135 mmol/L")
    assert notes[2][1].endswith("by dm: thanks") and "Query 1 closed" in notes[2][1]
    assert "Query 2 opened" in notes[3][1]


def test_items_entered_are_counted_by_the_import_and_filled_once_for_an_older_store(
    center: Center,
) -> None:
    site = with_participant(center)
    assert [(row.subject_key, row.entered) for row in sdv_progress(center)[1]] == [(SUBJECT, 2)]
    site.enter(SODIUM_W4, ("135", "mmol/L"), action="delete")
    assert site.send() == "accepted"
    assert [row.entered for row in sdv_progress(center)[1]] == [1]
    with center.store.session() as session:
        session.execute(delete(CenterSubjectItems))
    _count_entered_items(center.store.engine)  # what opening the store does
    assert [row.entered for row in sdv_progress(center)[1]] == [1]


def test_a_query_on_an_item_without_a_value_is_in_the_odm_export_too(
    center: Center, tmp_path: Path
) -> None:
    with_participant(center)
    albumin_w4 = ItemAddress(SUBJECT, "SE.W4", "F.VISIT", "IG.VISIT", "", "IT.LB.ALB")
    sodium_w8 = ItemAddress(SUBJECT, "SE.W8", "F.VISIT", "IG.VISIT", "", "IT.LB.SODIUM")
    open_query(center, "01", albumin_w4, "Albumin at W4 is missing.", "dm")
    open_query(center, "01", sodium_w8, "Sodium at W8 is missing.", "dm")
    (path,) = export_pooled(center, "odm", tmp_path)
    data = path.read_bytes()
    assert_valid_odm(data)
    namespace = {"o": "http://www.cdisc.org/ns/odm/v1.3"}
    document = etree.fromstring(data)
    found = {}
    for event in ("SE.W4", "SE.W8"):
        for item in document.xpath(
            f"//o:StudyEventData[@StudyEventOID='{event}']//o:ItemData", namespaces=namespace
        ):
            found[(event, item.get("ItemOID"))] = (
                item.get("Value"),
                item.get("IsNull"),
                item.findtext("o:Annotation/o:Comment", namespaces=namespace),
            )
    assert found[("SE.W4", "IT.LB.SODIUM")][:2] == ("135", None)
    assert found[("SE.W4", "IT.LB.ALB")][:2] == (None, "Yes")
    assert found[("SE.W4", "IT.LB.ALB")][2].endswith("by dm: Albumin at W4 is missing.")
    assert found[("SE.W8", "IT.LB.SODIUM")][:2] == (None, "Yes")
    assert "Query 2 opened" in found[("SE.W8", "IT.LB.SODIUM")][2]
    # The asked-for items join the participant's own SubjectData, not a second one.
    assert len(document.xpath("//o:SubjectData", namespaces=namespace)) == 1
