"""Answering a data query at the site: with a text, or by correcting the value through the
form's own correction service and answering, in one transaction (see services/queries.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from msc_desktop.domain.queries import QueryEvent, check_query_text
from msc_desktop.errors import RuleViolation
from msc_desktop.messages import Message
from msc_desktop.store.audit_chain import FORMAT_ITEMS
from msc_desktop.store.audit_log import AuditEntry, append_entries
from msc_desktop.store.audit_values import catalogue_of
from msc_desktop.store.models import AuditLog, Signature, SiteQuery, SiteQueryEvent
from msc_desktop.store.protocols import session_protocol
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.adverse_events import adverse_events_of, update_adverse_event
from msc_desktop.store.services.corrections import update_consent, update_registration
from msc_desktop.store.services.participants import participant_detail
from msc_desktop.store.services.queries import QueryView, get_query
from msc_desktop.store.services.screening import save_screening, screening_state
from msc_desktop.store.services.signatures import Meaning
from msc_desktop.store.services.visits import save_visit, visit_records
from msc_desktop.store.site import SiteStore


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
