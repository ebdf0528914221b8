"""Queries and source data verification at the site: receive, answer, correct, verify, clear."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from msc_desktop.domain.queries import ItemAddress
from msc_desktop.errors import PermissionDenied, RuleViolation
from msc_desktop.store.models import AuditLog, ItemValue, SiteQueryEvent
from msc_desktop.store.services.form_values import FormRejected
from msc_desktop.store.services.participants import record_consent, register_participant
from msc_desktop.store.services.queries import list_queries, open_query_count, receive_queries
from msc_desktop.store.services.query_answers import answer_query
from msc_desktop.store.services.screening import save_screening, screening_state, sign_eligibility
from msc_desktop.store.services.sdv import mark_verified, verified_items, visit_place
from msc_desktop.store.site import SiteStore
from tests.accounts import INVESTIGATOR, MONITOR
from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION, TODAY
from tests.queries import closed, opened


def _screened(nurse: SiteStore, investigator: SiteStore | None = None) -> str:
    pid = register_participant(nurse, REGISTRATION, today=TODAY).id
    record_consent(nurse, pid, CONSENT, today=TODAY)
    save_screening(nurse, pid, ELIGIBLE_SCREENING, today=TODAY)
    if investigator is not None:
        sign_eligibility(investigator, pid, INVESTIGATOR[1])
    return pid


def _receive(store: SiteStore, *queries: object, marks: tuple[object, ...] = ()) -> str:
    with store.session() as session:
        return str(receive_queries(session, "01", queries, marks, 0).line())  # type: ignore[arg-type]


def _albumin(store: SiteStore, pid: str) -> ItemAddress:
    return visit_place(store, pid, "SCR", "screening", "albumin")


def test_a_received_query_is_listed_counted_and_answered_with_a_text(
    nurse_store: SiteStore,
) -> None:
    pid = _screened(nurse_store)
    query = opened(1, _albumin(nurse_store, pid), "Albumin 30 g/L: please check the lab report.")
    assert _receive(nurse_store, query) == "1 new query"
    assert open_query_count(nurse_store) == 1
    [view] = list_queries(nurse_store, participant_id=pid)
    assert view.csv_row() == (
        "1",
        "01-0001",
        "Screening",
        "Albumin",
        "open",
        "Albumin 30 g/L: please check the lab report.",
        "",
    )
    answered = answer_query(nurse_store, 1, "Checked: the report says 30 g/L.", today=TODAY)
    assert str(answered.line()) == "Query 1 answered."
    assert open_query_count(nurse_store) == 0
    [view] = list_queries(nurse_store)
    assert (view.state, view.answer) == ("answered", "Checked: the report says 30 g/L.")
    with nurse_store.session() as session:
        row = session.scalars(
            select(AuditLog).where(AuditLog.target == f"QUERY:{query.query_id}")
        ).one()
    assert answered.event_id == f"01.{row.seq}"
    assert (row.action, row.item_oid, row.subject_key, row.form_oid, row.reason) == (
        "event",
        None,
        "01-0001",
        query.address.form_oid,
        "query 1",
    )
    assert json.loads(row.new_value or "") == {
        "kind": "answer",
        "reply_to": query.events[0].event_id,
        "text": "Checked: the report says 30 g/L.",
        "correction": None,
    }
    assert nurse_store.verify_audit().ok


def test_correction_and_answer_are_one_transaction_and_void_the_signature(
    nurse_store: SiteStore, investigator_store: SiteStore
) -> None:
    pid = _screened(nurse_store, investigator_store)
    assert screening_state(nurse_store, pid).signature is not None
    _receive(nurse_store, opened(4, _albumin(nurse_store, pid), "Albumin looks low."))
    answered = answer_query(
        nurse_store, 4, "Transcription error; corrected.", value="35", unit="g/L", today=TODAY
    )
    assert "is void" in answered.line() and "eligibility" in answered.line()
    assert screening_state(nurse_store, pid).signature is None
    with nurse_store.session() as session:
        albumin = session.scalars(select(ItemValue).where(ItemValue.item == "albumin")).one()
        update = session.scalars(
            select(AuditLog).where(AuditLog.action == "update", AuditLog.field == "value")
        ).one()
        answer = session.scalars(select(AuditLog).where(AuditLog.target.like("QUERY:%"))).one()
    assert (albumin.value, albumin.unit) == ("35", "g/L")
    assert update.reason == "Query 4: Albumin looks low." and update.seq < answer.seq
    assert json.loads(answer.new_value or "")["correction"] == "35 g/L"
    [view] = list_queries(nurse_store)
    assert view.answer == "Transcription error; corrected. [35 g/L]"


def test_a_refused_correction_leaves_nothing_half_written(nurse_store: SiteStore) -> None:
    pid = _screened(nurse_store)
    _receive(nurse_store, opened(2, _albumin(nurse_store, pid), "Albumin?"))
    with nurse_store.session() as session:
        last = session.scalar(select(AuditLog.seq).order_by(AuditLog.seq.desc()).limit(1))
    with pytest.raises(FormRejected):
        answer_query(nurse_store, 2, "corrected", value="abc", today=TODAY)
    with nurse_store.session() as session:
        assert session.scalar(select(AuditLog.seq).order_by(AuditLog.seq.desc()).limit(1)) == last
        assert (
            session.scalars(select(SiteQueryEvent).where(SiteQueryEvent.kind == "answer")).all()
            == []
        )
    assert open_query_count(nurse_store) == 1


def test_a_closed_query_is_not_answered_and_a_monitor_does_not_answer(
    site: SiteStore, nurse_store: SiteStore, data_dir: object
) -> None:
    pid = _screened(nurse_store)
    query = opened(3, _albumin(nurse_store, pid), "Albumin?")
    _receive(nurse_store, query)
    monitor = SiteStore.unlock(site.data_dir, MONITOR[0], MONITOR[1])
    try:
        with pytest.raises(PermissionDenied, match="answer data queries"):
            answer_query(monitor, 3, "no", today=TODAY)
    finally:
        monitor.close()
    assert _receive(nurse_store, closed(query)) == "1 closed"
    with pytest.raises(RuleViolation, match="Query 3 is closed; it cannot be answered."):
        answer_query(nurse_store, 3, "late", today=TODAY)


def test_packages_apply_exactly_once_in_any_order_and_keep_local_answers(
    nurse_store: SiteStore,
) -> None:
    pid = _screened(nurse_store)
    first = opened(1, _albumin(nurse_store, pid), "Albumin?")
    second = opened(2, _albumin(nurse_store, pid), "Albumin date?")  # two queries on one item
    _receive(nurse_store, first, second)
    answered = answer_query(nurse_store, 1, "ok", today=TODAY)
    assert (
        _receive(nurse_store, first, second) == "no change to the queries"
    )  # a re-import: no change
    # the centre closes query 1 upon the answer it got in a bundle; the package repeats the answer
    local = next(e for e in list_queries(nurse_store)[0].query.events if e.kind == "answer")
    later = closed(first.with_events([local]), upon=answered.event_id)
    assert _receive(nurse_store, later) == "1 closed"
    assert (
        _receive(nurse_store, first) == "no change to the queries"
    )  # an older package after a newer one
    states = {
        view.number: (view.state, len(view.query.events)) for view in list_queries(nurse_store)
    }
    assert states == {1: ("closed", 3), 2: ("open", 1)}
    with nurse_store.session() as session:
        events = session.scalars(
            select(AuditLog.new_value).where(AuditLog.target == "SITE:01")
        ).all()
    assert sum("queries from the centre" in (text or "") for text in events) == 2


def test_a_query_on_an_item_a_later_version_retired_still_shows(nurse_store: SiteStore) -> None:
    pid = _screened(nurse_store)
    place = _albumin(nurse_store, pid)
    retired = ItemAddress(
        place.subject_key, place.event_oid, place.form_oid, place.group_oid, "", "IT.RETIRED"
    )
    _receive(nurse_store, opened(9, retired, "What was this?"))
    [view] = list_queries(nurse_store)
    assert view.csv_row()[3] == "IT.RETIRED" and view.state == "open"


def test_source_verification_by_a_monitor_is_cleared_by_a_later_change(
    site: SiteStore, nurse_store: SiteStore
) -> None:
    pid = _screened(nurse_store)
    monitor = SiteStore.unlock(site.data_dir, MONITOR[0], MONITOR[1])
    try:
        with pytest.raises(PermissionDenied):
            mark_verified(nurse_store, pid, visit_place(nurse_store, pid, "SCR"), "visit")
        mark_verified(monitor, pid, visit_place(monitor, pid, "SCR", "screening"), "form")
        verified = verified_items(monitor, pid)
        albumin = _albumin(monitor, pid)
        assert (albumin.event_oid, albumin.item_oid) in verified
        assert verified[(albumin.event_oid, albumin.item_oid)].by == MONITOR[0]
        nurse_store.notices.clear()
        save_screening(
            nurse_store,
            pid,
            {**ELIGIBLE_SCREENING, "albumin": {"value": "31", "unit": "g/L"}},
            today=TODAY,
            reason="lab report re-read",
        )
        assert [str(n) for n in nurse_store.notices] == [
            "Source verification of Albumin (01-0001) cleared by this change."
        ]
        after = verified_items(monitor, pid)
        assert (albumin.event_oid, albumin.item_oid) not in after
        assert len(after) == len(verified) - 1  # the other items of the form stay verified
        with monitor.session() as session:
            row = session.scalars(select(AuditLog).where(AuditLog.target == "SDV:form")).one()
        assert json.loads(row.new_value or "") == {"scope": "form", "item_oid": None}
        assert row.item_oid is None and row.subject_key == "01-0001"
    finally:
        monitor.close()


def test_an_answer_to_a_query_the_centre_closed_meanwhile_is_kept_and_shown(
    nurse_store: SiteStore,
) -> None:
    pid = _screened(nurse_store)
    query = opened(5, _albumin(nurse_store, pid), "Albumin?")
    _receive(nurse_store, query)
    answer_query(nurse_store, 5, "It is right.", today=TODAY)
    assert (
        _receive(nurse_store, closed(query)) == "1 closed"
    )  # closed before the answer reached the centre
    [view] = list_queries(nurse_store)
    assert (view.state, view.answer) == ("closed", "It is right.")
    assert [event.text for event in view.query.late_answers()] == ["It is right."]
