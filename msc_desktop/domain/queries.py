"""Data queries and source data verification marks (DESIGN section 11), shared by site and centre.

A query asks about one item of one participant (`ItemAddress`). Its history is a set of events,
each with an id made where it happened, so that whatever order packages and bundles arrive in,
the union of what each end knows is the same history and nothing is applied twice:
- the centre opens, closes and re-opens (ids uuid4 hex, times by the centre's clock);
- the site answers, with a text or with a correction of the value (id `<site_id>.<seq>` of the
  audit row recording it). An answer names the opening or re-opening it replies to, and a closing
  names the answer it closes upon, so the state follows what each side had seen, never a
  comparison of two computers' clocks.
An answer to a round the centre closed without seeing it is kept and shown (`late_answers`).

A source data verification mark (`SdvMark`) covers an item, a form or a visit as it was when the
monitor made it; a later change of an item it covers clears it for that item.

Both travel as JSON (`query_to_wire`/`query_from_wire`, `sdv_to_wire`/`sdv_from_wire`): the
readers accept nothing but the exact shape, within the limits below, and raise ValidationError.
The model and its wire readers stay in one module (about 400 lines) so that the rules a history
must keep are written once and checked the same way on both sides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal, cast, get_args

from msc_desktop.domain.identifiers import OID_PATTERN, REPEAT_KEY_PATTERN, SITE_ID_PATTERN
from msc_desktop.errors import ValidationError

QueryEventKind = Literal["open", "answer", "close", "reopen"]
QueryState = Literal["open", "answered", "closed"]
SdvScope = Literal["item", "form", "visit"]
Side = Literal["centre", "site"]
EVENT_KINDS: tuple[QueryEventKind, ...] = get_args(QueryEventKind)
SDV_SCOPES: tuple[SdvScope, ...] = get_args(SdvScope)
SIDES: tuple[Side, ...] = get_args(Side)
#: Automatic queries are named after the edit check that raised them.
EDIT_CHECKS = ("soft-range", "infusion-volume")
ORIGINS = ("manual", *(f"edit-check:{rule}" for rule in EDIT_CHECKS))

MAX_QUERY_TEXT = 2000
"""The most characters a question, an answer or a closing remark may hold."""
MAX_EVENTS_PER_QUERY = 200
MAX_QUERIES_PER_PACKAGE = 20_000
MAX_SDV_MARKS_PER_PACKAGE = 100_000
MAX_QUERY_NUMBER = 10**9

_CENTRE_ID = re.compile(r"[0-9a-f]{32}")
_SITE_EVENT_ID = re.compile(rf"{SITE_ID_PATTERN.pattern}\.[1-9][0-9]{{0,11}}")
_SUBJECT = re.compile(r"[A-Za-z0-9_\-]{1,32}")
_USER = re.compile(r"[^\x00-\x1f\x7f]{1,64}")
_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z")
_ADDRESS_FIELDS = ("subject_key", "event_oid", "form_oid", "group_oid", "repeat_key", "item_oid")
_SCOPE_DEPTH = {"visit": 2, "form": 3, "item": 6}
"""How many of the address fields (in `_ADDRESS_FIELDS` order) a mark of each scope names."""


@dataclass(frozen=True)
class ItemAddress:
    """Where an item sits: participant, study event, form, item group (and its repeat key, "" when
    the group does not repeat), item. Fields beyond an SDV mark's scope are ""."""

    subject_key: str
    event_oid: str
    form_oid: str
    group_oid: str
    repeat_key: str
    item_oid: str


@dataclass(frozen=True)
class QueryEvent:
    """One step of a query's history (see the module docstring for ids and `reply_to`)."""

    event_id: str
    kind: QueryEventKind
    at: str
    by: str
    text: str
    reply_to: str | None = None
    correction: str | None = None
    """An answer by correction: the new value as a person reads it ("35 g/L")."""

    @property
    def side(self) -> Side:
        return "site" if self.kind == "answer" else "centre"


@dataclass(frozen=True)
class Query:
    """A question on one item, numbered per site by the centre, with its whole history."""

    query_id: str
    number: int
    site_id: str
    address: ItemAddress
    origin: str
    events: tuple[QueryEvent, ...]

    @property
    def question(self) -> str:
        """The text of the latest opening or re-opening."""
        return self._centre_events()[_last_round(self._centre_events())].text

    @property
    def state(self) -> QueryState:
        centre = self._centre_events()
        last = centre[-1]
        if last.kind == "close":
            return "closed"
        return "answered" if self._answers_to(last.event_id) else "open"

    def latest_answer(self) -> QueryEvent | None:
        """The latest answer to the current round, or to the round a closing accepted."""
        centre = self._centre_events()
        answers = self._answers_to(centre[_last_round(centre)].event_id)
        return answers[-1] if answers else None

    def ordered_events(self) -> tuple[QueryEvent, ...]:
        """The centre's events in its order, each opening or re-opening followed by its answers."""
        ordered: list[QueryEvent] = []
        for event in self._centre_events():
            ordered.append(event)
            if event.kind in ("open", "reopen"):
                ordered.extend(self._answers_to(event.event_id))
        placed = {event.event_id for event in ordered}
        ordered.extend(sorted((e for e in self.events if e.event_id not in placed), key=_order))
        return tuple(ordered)

    def late_answers(self) -> tuple[QueryEvent, ...]:
        """Answers to a round that the centre closed or re-opened without closing upon them."""
        centre = self._centre_events()
        acknowledged = {event.reply_to for event in centre if event.kind == "close"}
        late: list[QueryEvent] = []
        for index, event in enumerate(centre):
            if event.kind not in ("open", "reopen") or index == len(centre) - 1:
                continue
            ended_by = centre[index + 1]
            late.extend(
                answer
                for answer in self._answers_to(event.event_id)
                if answer.event_id not in acknowledged and ended_by.kind == "close"
            )
        return tuple(late)

    def with_events(self, events: Iterable[QueryEvent]) -> Query:
        """This query with `events` added; an event already known (same id) is not added again."""
        known = {event.event_id: event for event in self.events}
        for event in events:
            known.setdefault(event.event_id, event)
        return replace(self, events=tuple(sorted(known.values(), key=_order)))

    def _centre_events(self) -> list[QueryEvent]:
        return sorted((event for event in self.events if event.side == "centre"), key=_order)

    def _answers_to(self, event_id: str) -> list[QueryEvent]:
        return sorted(
            (
                event
                for event in self.events
                if event.kind == "answer" and event.reply_to == event_id
            ),
            key=_order,
        )


@dataclass(frozen=True)
class SdvMark:
    """A monitor's mark that an item, a form or a visit matches the source documents."""

    mark_id: str
    scope: SdvScope
    address: ItemAddress
    at: str
    by: str
    side: Side

    def covers(self, address: ItemAddress) -> bool:
        depth = _SCOPE_DEPTH[self.scope]
        return all(
            getattr(self.address, name) == getattr(address, name)
            for name in _ADDRESS_FIELDS[:depth]
        )


def merge_queries(known: Mapping[str, Query], incoming: Iterable[Query]) -> dict[str, Query]:
    """The union of two ends' knowledge, by query id: every event of either, each once.

    A query's address, number and origin are the centre's and never change; an incoming query
    that disagrees with the known one on them is refused (ValidationError), not merged."""
    merged = dict(known)
    for query in incoming:
        mine = merged.get(query.query_id)
        if mine is None:
            merged[query.query_id] = query.with_events(())
            continue
        if (mine.number, mine.site_id, mine.address, mine.origin) != (
            query.number,
            query.site_id,
            query.address,
            query.origin,
        ):
            raise ValidationError(
                "Query {number} arrived again with another item or number.", number=query.number
            )
        merged[query.query_id] = mine.with_events(query.events)
    return merged


def check_query_text(text: str) -> str:
    """A question, answer or remark as typed: stripped, not empty, within `MAX_QUERY_TEXT`."""
    stripped = text.strip()
    if not stripped:
        raise ValidationError("Write a text for the query.")
    if len(stripped) > MAX_QUERY_TEXT or "\x00" in stripped:
        raise ValidationError(
            "A query text may hold at most {limit} characters.", limit=MAX_QUERY_TEXT
        )
    return stripped


# -- on the wire --------------------------------------------------------------------------------


def query_to_wire(query: Query) -> dict[str, Any]:
    return {
        "query_id": query.query_id,
        "number": query.number,
        "site_id": query.site_id,
        "address": _address_to_wire(query.address),
        "origin": query.origin,
        "events": [
            {
                "event_id": e.event_id,
                "kind": e.kind,
                "at": e.at,
                "by": e.by,
                "text": e.text,
                "reply_to": e.reply_to,
                "correction": e.correction,
            }
            for e in sorted(query.events, key=_order)
        ],
    }


def query_from_wire(value: object) -> Query:
    """The query a received JSON object states, checked field by field (ValidationError)."""
    body = _exact(value, ("query_id", "number", "site_id", "address", "origin", "events"))
    events = body["events"]
    if not isinstance(events, list) or not 1 <= len(events) <= MAX_EVENTS_PER_QUERY:
        raise _malformed()
    number = body["number"]
    if (
        not isinstance(number, int)
        or isinstance(number, bool)
        or not 1 <= number <= MAX_QUERY_NUMBER
    ):
        raise _malformed()
    query = Query(
        query_id=_matching(body["query_id"], _CENTRE_ID),
        number=number,
        site_id=_matching(body["site_id"], _SUBJECT),
        address=_address_from_wire(body["address"], "item"),
        origin=_one_of(body["origin"], ORIGINS),
        events=tuple(_event_from_wire(event) for event in events),
    )
    _check_history(query)
    return query


def sdv_to_wire(mark: SdvMark) -> dict[str, Any]:
    return {
        "mark_id": mark.mark_id,
        "scope": mark.scope,
        "address": _address_to_wire(mark.address),
        "at": mark.at,
        "by": mark.by,
        "side": mark.side,
    }


def sdv_from_wire(value: object) -> SdvMark:
    body = _exact(value, ("mark_id", "scope", "address", "at", "by", "side"))
    scope = cast(SdvScope, _one_of(body["scope"], SDV_SCOPES))
    side = cast(Side, _one_of(body["side"], SIDES))
    return SdvMark(
        mark_id=_event_id(body["mark_id"], side),
        scope=scope,
        address=_address_from_wire(body["address"], scope),
        at=_utc(body["at"]),
        by=_matching(body["by"], _USER),
        side=side,
    )


def _malformed() -> ValidationError:
    return ValidationError("The query record is malformed.")


def _order(event: QueryEvent) -> tuple[str, str]:
    return event.at, event.event_id


def _last_round(centre: list[QueryEvent]) -> int:
    return max(index for index, event in enumerate(centre) if event.kind in ("open", "reopen"))


def _check_history(query: Query) -> None:
    """One opening, first; answers reply to a round of this query; closings follow answers of it."""
    ids = [event.event_id for event in query.events]
    if len(set(ids)) != len(ids):
        raise _malformed()
    centre = query._centre_events()
    if not centre or centre[0].kind != "open" or any(e.kind == "open" for e in centre[1:]):
        raise _malformed()
    rounds = {event.event_id for event in centre if event.kind in ("open", "reopen")}
    answers = {event.event_id for event in query.events if event.kind == "answer"}
    for event in query.events:
        if event.kind == "answer" and event.reply_to not in rounds:
            raise _malformed()
        if event.kind == "close" and event.reply_to is not None and event.reply_to not in answers:
            raise _malformed()
        if event.kind in ("open", "reopen") and event.reply_to is not None:
            raise _malformed()
        if event.correction is not None and event.kind != "answer":
            raise _malformed()


def _event_from_wire(value: object) -> QueryEvent:
    body = _exact(value, ("event_id", "kind", "at", "by", "text", "reply_to", "correction"))
    kind = cast(QueryEventKind, _one_of(body["kind"], EVENT_KINDS))
    text = body["text"]
    if not isinstance(text, str) or len(text) > MAX_QUERY_TEXT or "\x00" in text:
        raise _malformed()
    if kind in ("open", "reopen", "answer") and not text.strip():
        raise _malformed()
    reply_to, correction = body["reply_to"], body["correction"]
    if reply_to is not None:
        reply_to = _event_id(reply_to, "centre" if kind == "answer" else "site")
    if correction is not None and (
        not isinstance(correction, str) or not 0 < len(correction) <= 200
    ):
        raise _malformed()
    return QueryEvent(
        event_id=_event_id(body["event_id"], "site" if kind == "answer" else "centre"),
        kind=kind,
        at=_utc(body["at"]),
        by=_matching(body["by"], _USER),
        text=text,
        reply_to=reply_to,
        correction=correction,
    )


def _address_to_wire(address: ItemAddress) -> dict[str, str]:
    return {name: getattr(address, name) for name in _ADDRESS_FIELDS}


def _address_from_wire(value: object, scope: SdvScope) -> ItemAddress:
    body = _exact(value, _ADDRESS_FIELDS)
    depth = _SCOPE_DEPTH[scope]
    fields = {}
    for index, name in enumerate(_ADDRESS_FIELDS):
        text = body[name]
        if not isinstance(text, str):
            raise _malformed()
        if index >= depth:
            if text:
                raise _malformed()
        elif name == "subject_key":
            _matching(text, _SUBJECT)
        elif name == "repeat_key":
            _matching(text, REPEAT_KEY_PATTERN)
        else:
            _matching(text, OID_PATTERN)
        fields[name] = text
    return ItemAddress(**fields)


def _exact(value: object, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != set(keys):
        raise _malformed()
    return value


def _matching(value: object, pattern: re.Pattern[str]) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise _malformed()
    return value


def _one_of(value: object, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise _malformed()
    return value


def _event_id(value: object, side: Side) -> str:
    return _matching(value, _CENTRE_ID if side == "centre" else _SITE_EVENT_ID)


def _utc(value: object) -> str:
    text = _matching(value, _UTC)
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise _malformed() from None
    return text
