"""Data queries and source data verification at the site (DESIGN section 11, domain/queries.py).

The centre's queries arrive in site packages (`receive_queries`, merged exactly once by event id,
never losing a local answer). A nurse, investigator or administrator answers with a text, or
corrects the value through the form's own correction service (its reason "Query <n>: <text>")
and answers, in one transaction (`answer_query`). Each answer is an audit event row, target
`QUERY:<id>`, so it travels to the centre in the next bundle. A monitor marks an item, a form or
a visit verified (`mark_verified`, an audit event row, target `SDV:<scope>`); a later change of a
covered item clears the mark for that item (store/verification.py).

This module reads and receives queries; services/query_answers.py answers them and
services/sdv.py keeps the verification marks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.domain.protocol import LocalizedText
from msc_desktop.domain.queries import ItemAddress, Query, QueryEvent, SdvMark, merge_queries
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message
from msc_desktop.store.audit import record_event
from msc_desktop.store.audit_values import catalogue_of
from msc_desktop.store.models import Participant, SiteQuery, SiteQueryEvent, SourceVerification
from msc_desktop.store.protocols import held_protocols
from msc_desktop.store.roles import Action, require
from msc_desktop.store.site import SiteStore
from msc_desktop.store.verification import address

ADDRESS_COLUMNS = ("subject_key", "event_oid", "form_oid", "group_oid", "repeat_key", "item_oid")


# -- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryView:
    """One query as the lists show it: the domain query and where its item is at this site."""

    query: Query
    participant_id: str | None
    visit_code: str | None
    form_id: str | None
    field: str | None
    item_label: LocalizedText | str
    visit_label: LocalizedText | str

    @property
    def number(self) -> int:
        return self.query.number

    @property
    def state(self) -> str:
        return self.query.state

    @property
    def answer(self) -> str:
        """The latest answer to the current round ("" if none), with its correction."""
        latest = self.query.latest_answer()
        if latest is None:
            return ""
        if latest.correction is not None:
            return f"{latest.text} [{latest.correction}]"
        return latest.text

    def csv_row(self) -> tuple[str, ...]:
        """number, subject, visit, item, state, text, answer (`msc-site queries`)."""
        return (
            str(self.number),
            self.query.address.subject_key,
            str(_english(self.visit_label)),
            str(_english(self.item_label)),
            self.state,
            self.query.question,
            self.answer,
        )


def _english(label: LocalizedText | str) -> str:
    return label.en if isinstance(label, LocalizedText) else label


def _query_of(row: SiteQuery, events: Iterable[SiteQueryEvent], site_id: str) -> Query:
    return Query(
        query_id=row.query_id,
        number=row.number,
        site_id=site_id,
        address=address(*(getattr(row, name) for name in ADDRESS_COLUMNS)),
        origin=row.origin,
        events=tuple(
            QueryEvent(
                event_id=e.event_id,
                kind=e.kind,  # type: ignore[arg-type]
                at=e.at,
                by=e.by,
                text=e.text,
                reply_to=e.reply_to,
                correction=e.correction,
            )
            for e in events
        ),
    )


def _known(session: Session, site_id: str) -> dict[str, Query]:
    events: dict[str, list[SiteQueryEvent]] = {}
    for event in session.scalars(select(SiteQueryEvent)):
        events.setdefault(event.query_id, []).append(event)
    return {
        row.query_id: _query_of(row, events.get(row.query_id, ()), site_id)
        for row in session.scalars(select(SiteQuery))
    }


@dataclass(frozen=True)
class _Found:
    item: ItemDef | None
    form_id: str | None
    visit_code: str | None
    visit_label: LocalizedText | str


def _find(catalogues: Sequence[ItemCatalogue], place: ItemAddress) -> _Found:
    """The item and study event an address names, in the newest held version that has them (a
    query on an item a later amendment retired is still found in the version that had it)."""
    for catalogue in reversed(catalogues):
        for form in catalogue.forms:
            if form.oid != place.form_oid:
                continue
            for item in form.items:
                if item.oid == place.item_oid:
                    try:
                        event = catalogue.event(place.event_oid)
                    except ValidationError:
                        return _Found(item, form.form_id, None, place.event_oid)
                    return _Found(item, form.form_id, event.visit_code, event.name)
    return _Found(None, None, None, place.event_oid)


def _views(session: Session, site_id: str, queries: Iterable[Query]) -> list[QueryView]:
    catalogues = [catalogue_of(protocol) for protocol in held_protocols(session)]
    participants = {
        subject: pid
        for subject, pid in session.execute(select(Participant.subject_id, Participant.id))
    }
    views = []
    for query in queries:
        found = _find(catalogues, query.address)
        views.append(
            QueryView(
                query=query,
                participant_id=participants.get(query.address.subject_key),
                visit_code=found.visit_code,
                form_id=found.form_id,
                field=found.item.name if found.item is not None else None,
                item_label=found.item.question
                if found.item is not None
                else query.address.item_oid,
                visit_label=found.visit_label,
            )
        )
    return sorted(views, key=lambda view: view.number)


def list_queries(
    store: SiteStore, *, open_only: bool = False, participant_id: str | None = None
) -> list[QueryView]:
    """The site's queries by number (only those still waiting for an answer with `open_only`;
    only one participant's with `participant_id`)."""
    require(store.user.role, Action.VIEW)
    with store.session() as session:
        queries = list(_known(session, store.site_id).values())
        if participant_id is not None:
            participant = session.get(Participant, participant_id)
            subject = participant.subject_id if participant is not None else None
            queries = [query for query in queries if query.address.subject_key == subject]
        if open_only:
            queries = [query for query in queries if query.state == "open"]
        return _views(session, store.site_id, queries)


def open_query_count(store: SiteStore) -> int:
    """How many queries wait for an answer from this site."""
    require(store.user.role, Action.VIEW)
    with store.session() as session:
        return (
            session.scalar(
                select(func.count()).select_from(SiteQuery).where(SiteQuery.state == "open")
            )
            or 0
        )


def get_query(store: SiteStore, number: int) -> QueryView:
    for view in list_queries(store):
        if view.number == number:
            return view
    raise ValidationError("There is no query {number} at this site.", number=number)


# -- receiving ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    """What a package's queries and marks changed here."""

    new: int = 0
    closed: int = 0
    reopened: int = 0
    answered: int = 0
    marks: int = 0

    @property
    def changed(self) -> bool:
        return any((self.new, self.closed, self.reopened, self.answered, self.marks))

    def line(self) -> Message:
        parts = []
        if self.new:
            parts.append(
                Message("{count} new queries", count=self.new)
                if self.new != 1
                else Message("1 new query")
            )
        if self.closed:
            parts.append(Message("{count} closed", count=self.closed))
        if self.reopened:
            parts.append(Message("{count} re-opened", count=self.reopened))
        if self.answered:
            parts.append(Message("{count} answers recorded by the centre", count=self.answered))
        if self.marks:
            parts.append(Message("{count} source verification marks", count=self.marks))
        if not parts:
            return Message("no change to the queries")
        outcome = parts[0]
        for part in parts[1:]:
            outcome = Message("{outcome}, {part}", outcome=outcome, part=part)
        return outcome


def receive_queries(
    session: Session,
    site_id: str,
    queries: Sequence[Query],
    marks: Sequence[SdvMark],
    acknowledged_seq: int,
) -> Received:
    """Merge a verified package's queries and SDV marks (each event and mark exactly once; nothing
    of this site's own is ever removed). Centre marks cover what the centre had received
    (`acknowledged_seq`). Records one audit event when anything changed."""
    if any(query.site_id != site_id for query in queries):
        raise ValidationError("The package holds queries of another site.")
    known = _known(session, site_id)
    merged = merge_queries(known, queries)
    new = closed = reopened = answered = 0
    for query_id, query in merged.items():
        before = known.get(query_id)
        have = {event.event_id for event in before.events} if before is not None else set()
        added = [event for event in query.events if event.event_id not in have]
        if not added:
            continue
        if before is None:
            new += 1
            session.add(
                SiteQuery(
                    query_id=query_id,
                    number=query.number,
                    origin=query.origin,
                    state=query.state,
                    **address_columns(query.address),
                )
            )
            session.flush()
        else:
            row = session.get(SiteQuery, query_id)
            assert row is not None
            row.state = query.state
            closed += before.state != "closed" and query.state == "closed"
            reopened += any(event.kind == "reopen" for event in added)
            answered += any(event.kind == "answer" for event in added)
        session.add_all(
            SiteQueryEvent(
                query_id=query_id,
                event_id=event.event_id,
                kind=event.kind,
                at=event.at,
                by=event.by,
                text=event.text,
                reply_to=event.reply_to,
                correction=event.correction,
            )
            for event in added
        )
    held = set(session.scalars(select(SourceVerification.mark_id)))
    fresh = [mark for mark in marks if mark.mark_id not in held and mark.address.subject_key]
    for mark in fresh:
        session.add(
            SourceVerification(
                mark_id=mark.mark_id,
                scope=mark.scope,
                at=mark.at,
                by=mark.by,
                side=mark.side,
                covers_to_seq=acknowledged_seq,
                **address_columns(mark.address),
            )
        )
    result = Received(
        new=new,
        closed=closed,
        reopened=reopened,
        answered=answered,
        marks=sum(mark.side == "centre" for mark in fresh),
    )
    if result.changed:
        session.flush()
        record_event(session, "site", site_id, f"queries from the centre: {result.line()}")
    return result


def address_columns(place: ItemAddress) -> dict[str, str]:
    return {name: getattr(place, name) for name in ADDRESS_COLUMNS}
