"""The audit trail, captured centrally from SQLAlchemy session events (never by hand in a form).

Every flush that inserts, updates or deletes a row of an `__audited__` table appends one audit row
per changed column, in the same transaction as the change, chained by hash (audit_chain). An update
or delete of saved data needs a reason (`session.info["reason"]`); the acting user is
`session.info["user_id"]`. Account events, signatures and exports are appended with `record_event`.
Triggers (created by the first migration) refuse UPDATE and DELETE on the table.

Audit times never run backwards: a row is refused (`ClockBehind`, nothing of the save is kept)
when the system clock is behind the newest audit time. Only the events that say so, and the
sign-in, are written then, stamped with that newest time and stating the clock's reading.

This module listens to the sessions; audit_places makes the rows of a changed record,
audit_values the text of a value, audit_log appends, reads and verifies the rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import ValidationError
from msc_desktop.store.audit_log import AuditEntry, ClockBehind, append_entries
from msc_desktop.store.audit_places import (
    NOWHERE,
    Place,
    Places,
    audited_record,
    item_entries,
    record_entry,
    record_key,
)
from msc_desktop.store.audit_values import catalogue_of, has_field
from msc_desktop.store.base import Base
from msc_desktop.store.item_columns import RecordPlace
from msc_desktop.store.models import Participant
from msc_desktop.store.verification import address, cleared_notices

SYSTEM_USER = "system"


def _catalogue(session: Session) -> ItemCatalogue:
    """The item catalogue of the protocol version this session's entries are made under."""
    protocol = session.info.get("protocol")
    return catalogue_of(protocol if isinstance(protocol, Protocol) else load_protocol())


def _item_order(catalogue: ItemCatalogue) -> dict[tuple[str | None, str | None], int]:
    """(FormOID, ItemOID) -> position in protocol order, for rows in the order of the forms."""
    order = _ITEM_ORDERS.get(id(catalogue))
    if order is None:
        order = _ITEM_ORDERS[id(catalogue)] = {
            (form.oid, item.oid): index
            for index, (form, item) in enumerate(
                (form, item) for form in catalogue.forms for item in form.items
            )
        }
    return order


_ITEM_ORDERS: dict[int, dict[tuple[str | None, str | None], int]] = {}


def _changes(session: Session) -> list[AuditEntry]:
    """The rows of one flush: item rows in protocol order (form, then item), then the others."""
    catalogue = _catalogue(session)
    places = Places(session, catalogue)
    entries: list[AuditEntry] = []
    seen: set[tuple[str | None, ...]] = set()
    for collection, action in (
        (session.new, "insert"),
        (session.dirty, "update"),
        (session.deleted, "delete"),
    ):
        for obj in sorted(
            (o for o in collection if getattr(type(o), "__audited__", False)),
            key=lambda o: (type(o).__tablename__, record_key(o)),
        ):
            if hasattr(type(obj), "__audit_target__"):
                entries.extend(record_entry(obj, action, places))
                continue
            for entry in item_entries(obj, action, places):
                # Two columns may hold one item (a participant's arm, and its allocation's).
                same = (
                    entry.subject_key,
                    entry.event_oid,
                    entry.form_oid,
                    entry.repeat_key,
                    entry.item_oid,
                    entry.new_value,
                )
                if same not in seen:
                    seen.add(same)
                    entries.append(entry)
    order = _item_order(catalogue)
    last = len(order)
    return sorted(
        entries,
        key=lambda entry: (
            entry.subject_key or "",
            order.get((entry.form_oid, entry.item_oid), last),
        ),
    )


def _number_new_records(session: Session, _context: Any, _instances: Any) -> None:
    """Gives each new record of a repeating group without its number the next one of its
    participant (1, 2, ...): protocol deviations."""
    pending: dict[tuple[type[Base], str], int] = {}
    for obj in session.new:
        place: RecordPlace | None = getattr(type(obj), "__audit_place__", None)
        if place is None or place.repeat_key is None or place.participant is None:
            continue
        if getattr(obj, place.repeat_key) is not None:
            continue
        model = type(obj)
        owner = str(getattr(obj, place.participant))
        if (model, owner) not in pending:
            column = getattr(model, place.repeat_key)
            with session.no_autoflush:
                pending[(model, owner)] = (
                    session.scalar(
                        select(func.max(column)).where(getattr(model, place.participant) == owner)
                    )
                    or 0
                )
        pending[(model, owner)] += 1
        setattr(obj, place.repeat_key, pending[(model, owner)])


NOTICES = "notices"


def _after_flush(session: Session, _flush_context: Any) -> None:
    entries = _changes(session)
    if not entries:
        return
    reason = session.info.get("reason")
    if any(e.action in ("update", "delete") for e in entries) and not (reason and reason.strip()):
        raise ValidationError(
            "A reason is required to change or delete data that was already saved."
        )
    changed = [
        address(e.subject_key, e.event_oid, e.form_oid, e.group_oid, e.repeat_key, e.item_oid)
        for e in entries
        if e.item_oid is not None and e.subject_key is not None
    ]
    if changed:
        session.info.setdefault(NOTICES, []).extend(
            cleared_notices(session.connection(), changed, _catalogue(session))
        )
    append_entries(session.connection(), entries, session.info.get("user_id", SYSTEM_USER), reason)


def install_audit(factory: sessionmaker[Session]) -> None:
    """Captures every audited change made through sessions of `factory`."""
    event.listen(factory, "before_flush", _number_new_records)
    event.listen(factory, "after_flush", _after_flush)


#: The neutral names of what an event is about, when it is not a participant's record.
EVENT_TARGETS = {
    "site": "SITE",
    "user_account": "USER",
    "site_setting": "SETTING",
    "allocation_list": "ALLOCATION_LIST",
}


def record_event(
    session: Session,
    table_name: str,
    record_id: str,
    description: str,
    *,
    field: str | None = None,
    old_value: str | None = None,
    reason: str | None = None,
    user_id: str | None = None,
    clock_behind_ok: bool = False,
    form_id: str | None = None,
) -> None:
    """Appends an `event` row (sign-in, signature, export...) after the session's pending changes.

    `table_name` and `record_id` say what it is about: a participant's record (its row names the
    participant, the study event, the form of `form_id` or the record's own, and the item of
    `field` when it is one), or the site, a user account, a setting or an allocation list (its
    row names a neutral target, `EVENT_TARGETS`).

    `clock_behind_ok` is for the events that must be written even while the clock is behind
    (see `append_entries`): the sign-in and the clock problem itself.
    """
    session.flush()
    catalogue = _catalogue(session)
    record = None if table_name in EVENT_TARGETS else audited_record(session, table_name, record_id)
    if table_name in EVENT_TARGETS:
        entry = NOWHERE.entry(
            "event",
            table_name,
            record_id,
            field,
            catalogue,
            None,
            (old_value, None),
            (description, None),
            target=f"{EVENT_TARGETS[table_name]}:{record_id}",
        )
    elif record is not None and hasattr(type(record), "__audit_place__"):
        places = Places(session, catalogue)
        place = places.of(record, form_id)
        catalogue = places.catalogue_of(record)
        if isinstance(record, Participant) and form_id is None:
            place = Place(place.subject_key, None, None, None, None)
        item = None
        if (
            field is not None
            and place.form_id is not None
            and has_field(catalogue, place.form_id, field)
        ):
            item = catalogue.field_item(place.form_id, field)
        entry = place.entry(
            "event",
            table_name,
            record_id,
            field,
            catalogue,
            item,
            (old_value, None),
            (description, None),
            target=f"SUBJECT:{place.subject_key}",
        )
    else:
        raise ValueError(
            "an event about something that is not a record of the site", table_name, record_id
        )
    append_entries(
        session.connection(),
        [entry],
        user_id or session.info.get("user_id", SYSTEM_USER),
        reason if reason is not None else session.info.get("reason"),
        clock_behind_ok=clock_behind_ok,
    )


def record_clock_behind(session: Session, problem: ClockBehind, when: str) -> None:
    """Records that the clock was found behind the audit trail (`when`: at sign-in, save
    refused)."""
    record_event(
        session,
        "site",
        "clock",
        f"system clock {problem.clock} is behind the newest audit time {problem.newest}: {when}",
        clock_behind_ok=True,
    )
