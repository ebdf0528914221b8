"""Data queries and source data verification at the site (DESIGN section 11, domain/queries.py).

The centre's queries arrive in site packages (`receive_queries`, merged exactly once by event id,
never losing a local answer). A nurse, investigator or administrator answers with a text, or
corrects the value through the form's own correction service (its reason "Query <n>: <text>")
and answers, in one transaction (`answer_query`). Each answer is an audit event row, target
`QUERY:<id>`, so it travels to the centre in the next bundle. A monitor marks an item, a form or
a visit verified (`mark_verified`, an audit event row, target `SDV:<scope>`); a later change of a
covered item clears the mark for that item (store/verification.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.domain.protocol import LocalizedText
from msc_desktop.domain.queries import (
    ItemAddress,
    Query,
    QueryEvent,
    SdvMark,
    SdvScope,
    check_query_text,
    merge_queries,
)
from msc_desktop.errors import RuleViolation, ValidationError
from msc_desktop.messages import Message
from msc_desktop.store.audit import record_event
from msc_desktop.store.audit_chain import FORMAT_ITEMS
from msc_desktop.store.audit_log import AuditEntry, append_entries
from msc_desktop.store.audit_values import catalogue_of
from msc_desktop.store.models import (
    AuditLog,
    Participant,
    Signature,
    SiteQuery,
    SiteQueryEvent,
    SourceVerification,
)
from msc_desktop.store.protocols import held_protocols, session_protocol
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.adverse_events import adverse_events_of, update_adverse_event
from msc_desktop.store.services.corrections import update_consent, update_registration
from msc_desktop.store.services.participants import participant_detail
from msc_desktop.store.services.screening import save_screening, screening_state
from msc_desktop.store.services.signatures import Meaning
from msc_desktop.store.services.visits import save_visit, visit_records
from msc_desktop.store.services.work import participant_work
from msc_desktop.store.site import SiteStore
from msc_desktop.store.verification import address, covering_mark, marks_of

_PLACE = ("subject_key", "event_oid", "form_oid", "group_oid", "repeat_key", "item_oid")


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
        address=address(*(getattr(row, name) for name in _PLACE)),
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
                    **_place_of(query.address),
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
                **_place_of(mark.address),
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


def _place_of(place: ItemAddress) -> dict[str, str]:
    return {name: getattr(place, name) for name in _PLACE}


# -- answering ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    """The answer given, and what the correction did (signatures voided, lines to show)."""

    number: int
    event_id: str
    notes: tuple[Message, ...] = ()

    def line(self) -> Message:
        said = Message("Query {number} answered.", number=self.number)
        for note in self.notes:
            said = Message("{said} {notes}", said=said, notes=note)
        return said


def answer_query(
    store: SiteStore,
    number: int,
    text: str,
    *,
    value: object = None,
    unit: str | None = None,
    today: date,
    confirm_warnings: bool = False,
) -> Answered:
    """Answers query `number` with `text`; with `value` (and `unit` for a lab) the item is first
    corrected through its form's correction service, its reason "Query <n>: <question>". Both, or
    nothing, are saved. A correction that voids a signature says so."""
    require(store.user.role, Action.ANSWER_QUERY)
    answer_text = check_query_text(text)
    view = get_query(store, number)
    query = view.query
    if query.state == "closed":
        raise RuleViolation("Query {number} is closed; it cannot be answered.", number=number)
    rounds = [event for event in query.ordered_events() if event.kind in ("open", "reopen")]
    reply_to = max(rounds, key=lambda event: (event.at, event.event_id)).event_id
    reason = f"Query {number}: {query.question}"
    notes: list[Message] = []
    with store.one_transaction(reason) as session:
        correction = None
        if value is not None and str(value).strip():
            correction, voided = _correct(
                store, session, view, value, unit, reason, today, confirm_warnings
            )
            notes.extend(
                Message(
                    'The signature "{meaning}" of {name} is void: the signed data changed.',
                    meaning=Meaning[meaning].spoken,
                    name=name,
                )
                for meaning, name in voided
            )
        body = {
            "kind": "answer",
            "reply_to": reply_to,
            "text": answer_text,
            "correction": correction,
        }
        entry = AuditEntry(
            "event",
            "site_query",
            query.query_id,
            None,
            None,
            json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
            row_format=FORMAT_ITEMS,
            target=f"QUERY:{query.query_id}",
            subject_key=query.address.subject_key,
            event_oid=query.address.event_oid,
            form_oid=query.address.form_oid,
            group_oid=query.address.group_oid,
            repeat_key=query.address.repeat_key or None,
            mdv_oid=catalogue_of(session_protocol(session)).metadata_version_oid,
        )
        session.flush()
        append_entries(session.connection(), [entry], store.user.user_id, f"query {number}")
        seq, at = session.execute(
            select(AuditLog.seq, AuditLog.ts).order_by(AuditLog.seq.desc()).limit(1)
        ).one()
        event_id = f"{store.site_id}.{seq}"
        answer = QueryEvent(
            event_id,
            "answer",
            at,
            store.user.user_id,
            answer_text,
            reply_to=reply_to,
            correction=correction,
        )
        session.add(
            SiteQueryEvent(
                event_id=event_id,
                query_id=query.query_id,
                kind="answer",
                at=at,
                by=answer.by,
                text=answer_text,
                reply_to=reply_to,
                correction=correction,
            )
        )
        row = session.get(SiteQuery, query.query_id)
        assert row is not None
        row.state = query.with_events([answer]).state
    return Answered(number, event_id, tuple(notes))


Saver = Callable[[dict[str, object], str, date, bool], object]


def _form_values(store: SiteStore, view: QueryView) -> tuple[dict[str, object], Saver]:
    """The queried form instance's values as its form edits them, and its correction service
    (values, reason, today, confirm_warnings); RuleViolation when the item is not corrected here."""
    if view.participant_id is None or view.form_id is None or view.field is None:
        raise RuleViolation(
            "Query {number}'s item is not one this site can correct; answer it with a text.",
            number=view.number,
        )
    pid, form_id = view.participant_id, view.form_id
    if form_id == "screening":
        return dict(
            screening_state(store, pid).values
        ), lambda values, reason, today, confirm: save_screening(
            store, pid, values, today=today, reason=reason, confirm_warnings=confirm
        )
    if form_id == "visit" and view.visit_code is not None:
        record = next(
            (r for r in visit_records(store, pid) if r.visit_code == view.visit_code), None
        )
        if record is None:
            raise RuleViolation(
                "Visit {visit} is not recorded; there is nothing to correct.", visit=view.visit_code
            )
        values = {
            "visit_code": record.visit_code,
            "visit_date": record.visit_date.isoformat(),
            **record.values,
        }
        return values, lambda values, reason, today, confirm: save_visit(
            store, pid, values, today=today, reason=reason, confirm_warnings=confirm
        )
    if form_id == "adverse_event" and view.query.address.repeat_key.isdigit():
        number = int(view.query.address.repeat_key)
        ae = next((ae for ae in adverse_events_of(store, pid) if ae.ae_number == number), None)
        if ae is None:
            raise RuleViolation(
                "There is no adverse event number {ae_number} for this participant.",
                ae_number=number,
            )
        return ae.form_values(), lambda values, reason, today, confirm: update_adverse_event(
            store, pid, number, values, today=today, reason=reason, confirm_warnings=confirm
        )
    if form_id == "registration":
        return dict(
            participant_detail(store, pid).registration
        ), lambda values, reason, today, confirm: update_registration(
            store, pid, values, today=today, reason=reason, confirm_warnings=confirm
        )
    if form_id == "consent":
        return dict(
            participant_detail(store, pid).consent or {}
        ), lambda values, reason, today, confirm: update_consent(
            store, pid, values, today=today, reason=reason, confirm_warnings=confirm
        )
    raise RuleViolation(
        "The item of query {number} is corrected on its own form; correct it there, then "
        "answer the query with a text.",
        number=view.number,
    )


def current_value(store: SiteStore, view: QueryView) -> object:
    """The queried item's value now, as its form's widget shows it (None when not recorded or not
    corrected at this site)."""
    require(store.user.role, Action.VIEW)
    try:
        values, _save = _form_values(store, view)
    except RuleViolation:
        return None
    return values.get(view.field or "")


def _correct(
    store: SiteStore,
    session: Session,
    view: QueryView,
    value: object,
    unit: str | None,
    reason: str,
    today: date,
    confirm_warnings: bool,
) -> tuple[str, list[tuple[str, str]]]:
    """Corrects the queried item through its form's service (inside the answer's transaction);
    returns the value as a person reads it and the signatures (meaning, signer) it voided."""
    values, save = _form_values(store, view)
    field = str(view.field)
    new: object = value
    if any(
        f.name == field and f.kind == "lab"
        for form in store.protocol.forms
        if form.form_id == view.form_id
        for f in form.fields
    ):
        recorded = values.get(field)
        new = {
            "value": str(value),
            "unit": unit or (recorded.get("unit") if isinstance(recorded, Mapping) else None),
        }
    shown = f"{value} {new['unit']}" if isinstance(new, dict) and new.get("unit") else str(value)
    pid = str(view.participant_id)
    before = {key for key, _meaning, _name in _voidable(session, pid)}
    values[field] = new
    save(values, reason, today, confirm_warnings)
    session.flush()
    return shown, [
        (meaning, name) for key, meaning, name in _voidable(session, pid) if key not in before
    ]


def _voidable(session: Session, participant_id: str) -> list[tuple[str, str, str]]:
    """(id, meaning, printed name) of the participant's voided signatures."""
    return [
        (s.id, s.meaning, s.printed_name)
        for s in session.scalars(
            select(Signature).where(
                Signature.participant_id == participant_id, Signature.voided_at.is_not(None)
            )
        )
    ]


# -- source data verification -------------------------------------------------------------------


@dataclass(frozen=True)
class Verified:
    mark_id: str
    scope: SdvScope


def mark_verified(
    store: SiteStore, participant_id: str, place: ItemAddress, scope: SdvScope
) -> Verified:
    """A monitor marks an item, a form or a visit of a participant (`place`, named as far as
    `scope` reaches) verified against the source documents: an audit event row `SDV:<scope>`."""
    depth = {"visit": 2, "form": 3, "item": 6}[scope]
    fields = [getattr(place, name) for name in _PLACE]
    if (
        not all(fields[:2])
        or (scope != "visit" and not fields[2])
        or (scope == "item" and not fields[5])
    ):
        raise ValidationError("Say which visit, form or item is verified.")
    scoped = ItemAddress(*(value if index < depth else "" for index, value in enumerate(fields)))
    with participant_work(store, participant_id, Action.VERIFY_SOURCE) as (session, participant):
        if participant.subject_id != scoped.subject_key:
            raise ValidationError("Say which visit, form or item is verified.")
        body = {"scope": scope, "item_oid": scoped.item_oid or None}
        entry = AuditEntry(
            "event",
            "source_verification",
            scope,
            None,
            None,
            json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
            row_format=FORMAT_ITEMS,
            target=f"SDV:{scope}",
            subject_key=scoped.subject_key,
            event_oid=scoped.event_oid,
            form_oid=scoped.form_oid or None,
            group_oid=scoped.group_oid or None,
            repeat_key=scoped.repeat_key or None,
            mdv_oid=catalogue_of(session_protocol(session)).metadata_version_oid,
        )
        session.flush()
        append_entries(session.connection(), [entry], store.user.user_id, "source data verified")
        seq, at = session.execute(
            select(AuditLog.seq, AuditLog.ts).order_by(AuditLog.seq.desc()).limit(1)
        ).one()
        mark_id = f"{store.site_id}.{seq}"
        session.add(
            SourceVerification(
                mark_id=mark_id,
                scope=scope,
                at=at,
                by=store.user.user_id,
                side="site",
                covers_to_seq=seq,
                **_place_of(scoped),
            )
        )
    return Verified(mark_id, scope)


@dataclass(frozen=True)
class ItemVerification:
    """An item of a participant that a mark still covers: when and by whom."""

    place: ItemAddress
    at: str
    by: str


def verified_items(
    store: SiteStore, participant_id: str
) -> dict[tuple[str, str], ItemVerification]:
    """The participant's recorded items that a mark still covers, by (event OID, item OID)."""
    with participant_work(store, participant_id, Action.VIEW) as (session, participant):
        connection = session.connection()
        marks = marks_of(connection, [participant.subject_id])
        if not marks:
            return {}
        items = session.execute(
            select(
                AuditLog.subject_key,
                AuditLog.event_oid,
                AuditLog.form_oid,
                AuditLog.group_oid,
                AuditLog.repeat_key,
                AuditLog.item_oid,
            )
            .where(
                AuditLog.subject_key == participant.subject_id,
                AuditLog.item_oid.is_not(None),
                AuditLog.action != "event",
            )
            .distinct()
        ).all()
        found = {}
        for row in items:
            item = address(*row)
            mark = covering_mark(connection, marks, item)
            if mark is not None:
                found[(item.event_oid, item.item_oid)] = ItemVerification(
                    item, mark.mark.at, mark.mark.by
                )
        return found


def visit_place(
    store: SiteStore,
    participant_id: str,
    visit_code: str,
    form_id: str | None = None,
    field: str | None = None,
) -> ItemAddress:
    """The address of a participant's visit (with its form, and item, when given)."""
    with participant_work(store, participant_id, Action.VIEW) as (session, participant):
        catalogue = catalogue_of(session_protocol(session))
        event = catalogue.visit_event(visit_code)
        form_oid = group = item_oid = ""
        if form_id is not None:
            form_oid = catalogue.form(form_id).oid
            if field is not None:
                item = catalogue.field_item(form_id, field)
                group, item_oid = item.group_oid, item.oid
        return ItemAddress(participant.subject_id, event.oid, form_oid, group, "", item_oid)
