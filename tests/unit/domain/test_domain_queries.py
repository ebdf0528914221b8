"""Queries and SDV marks: state from history, exactly-once merge, strict wire reading."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from msc_desktop.domain.queries import (
    ItemAddress,
    Query,
    QueryEvent,
    SdvMark,
    check_query_text,
    merge_queries,
    query_from_wire,
    query_to_wire,
    sdv_from_wire,
    sdv_to_wire,
)
from msc_desktop.errors import ValidationError

ALBUMIN = ItemAddress("01-0007", "SE.W4", "F.LABS", "IG.LABS", "", "IT.ALB")
OPEN = QueryEvent(
    "a" * 32, "open", "2026-12-01T08:00:00.000000Z", "dm1", "Albumin 15 g/L: please confirm."
)
ANSWER = QueryEvent(
    "01.57",
    "answer",
    "2026-12-02T03:00:00.000000Z",
    "nurse1",
    "Lab report says 35 g/L.",
    reply_to="a" * 32,
    correction="35 g/L",
)
CLOSE = QueryEvent("b" * 32, "close", "2026-12-02T09:00:00.000000Z", "dm1", "", reply_to="01.57")
REOPEN = QueryEvent(
    "c" * 32, "reopen", "2026-12-02T09:00:00.000000Z", "dm1", "Please attach the report."
)


def query(*events: QueryEvent) -> Query:
    return Query("d" * 32, 3, "01", ALBUMIN, "manual", events)


def test_the_state_follows_what_each_side_had_seen() -> None:
    assert query(OPEN).state == "open"
    assert query(OPEN, ANSWER).state == "answered"
    assert query(OPEN, ANSWER, CLOSE).state == "closed"
    assert query(OPEN, ANSWER, REOPEN).state == "open"
    assert query(OPEN, ANSWER, REOPEN).question == "Please attach the report."
    assert query(OPEN, ANSWER).latest_answer() == ANSWER


def test_a_site_clock_behind_the_centre_does_not_reorder_an_answer() -> None:
    early = replace(ANSWER, at="2026-11-01T00:00:00.000000Z")
    assert query(OPEN, early).state == "answered"
    assert [e.kind for e in query(early, OPEN).ordered_events()] == ["open", "answer"]


def test_an_answer_to_a_round_closed_meanwhile_is_kept_and_shown() -> None:
    closed_blind = replace(CLOSE, reply_to=None)
    late = query(OPEN, closed_blind).with_events([ANSWER])
    assert late.state == "closed"
    assert late.late_answers() == (ANSWER,)
    assert query(OPEN, ANSWER, CLOSE).late_answers() == ()


def test_merging_applies_each_event_once_whatever_the_order() -> None:
    centre = {"d" * 32: query(OPEN, replace(CLOSE, reply_to=None))}
    site = {"d" * 32: query(OPEN, ANSWER)}
    one = merge_queries(centre, site.values())
    other = merge_queries(site, centre.values())
    assert one == other
    assert len(one["d" * 32].events) == 3
    assert merge_queries(one, one.values()) == one


def test_a_query_that_comes_back_with_another_item_is_refused() -> None:
    moved = replace(query(OPEN), address=replace(ALBUMIN, item_oid="IT.INR"))
    with pytest.raises(ValidationError, match="another item"):
        merge_queries({"d" * 32: query(OPEN)}, [moved])


def test_the_wire_form_reads_back_equal() -> None:
    original = query(OPEN, ANSWER, CLOSE)
    assert query_from_wire(json.loads(json.dumps(query_to_wire(original)))) == original
    mark = SdvMark(
        "01.88",
        "form",
        ItemAddress("01-0007", "SE.W4", "F.LABS", "", "", ""),
        "2026-12-02T09:00:00Z",
        "monitor1",
        "site",
    )
    assert sdv_from_wire(json.loads(json.dumps(sdv_to_wire(mark)))) == mark


def _bad(change: Any) -> dict[str, Any]:
    wire = query_to_wire(query(OPEN, ANSWER))
    change(wire)
    return wire


@pytest.mark.parametrize(
    "change",
    [
        lambda w: w.pop("origin"),
        lambda w: w.update(extra=1),
        lambda w: w.update(number=True),
        lambda w: w.update(number=0),
        lambda w: w.update(query_id="../etc"),
        lambda w: w["address"].update(item_oid="IT ALB"),
        lambda w: w.update(events=[]),
        lambda w: w["events"][0].update(kind="delete"),
        lambda w: w["events"][0].update(at="yesterday"),
        lambda w: w["events"][0].update(text="x" * 2001),
        lambda w: w["events"][1].update(reply_to="e" * 32),
        lambda w: w["events"][1].update(event_id="a" * 32),
        lambda w: w["events"].append(dict(w["events"][0])),
        lambda w: w["events"].pop(0),
        lambda w: w.update(origin="edit-check:guess"),
    ],
)
def test_a_malformed_query_is_refused_in_one_sentence(change: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        query_from_wire(_bad(change))
    assert str(raised.value) == "The query record is malformed."


def test_a_mark_covers_what_its_scope_reaches() -> None:
    visit = SdvMark(
        "e" * 32,
        "visit",
        ItemAddress("01-0007", "SE.W4", "", "", "", ""),
        "2026-12-02T09:00:00Z",
        "monitor1",
        "centre",
    )
    item = replace(visit, scope="item", address=ALBUMIN)
    assert visit.covers(ALBUMIN) and item.covers(ALBUMIN)
    assert not item.covers(replace(ALBUMIN, item_oid="IT.INR"))
    assert not visit.covers(replace(ALBUMIN, event_oid="SE.W12"))
    with pytest.raises(ValidationError):
        sdv_from_wire({**sdv_to_wire(visit), "address": {**sdv_to_wire(item)["address"]}})


def test_a_typed_text_is_stripped_and_bounded() -> None:
    assert check_query_text("  confirm please \n") == "confirm please"
    with pytest.raises(ValidationError, match="Write a text"):
        check_query_text("   ")
    with pytest.raises(ValidationError, match="at most 2000"):
        check_query_text("x" * 2001)
