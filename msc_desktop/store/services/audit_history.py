"""A participant's audit history in readable form (and its CSV rows), and account events;
reports.audit_history writes them to files.

The history is read from the audit trail alone (21 CFR Part 11 11.10(e): who, when, old -> new,
reason), so rows of records deleted since (a lab value cleared, say) still belong to it. Rows of
format 2 (store/audit_chain.py) name the participant, the form instance and the item: each is one
change of one item, shown with the item's label in the interface language and the value with its
unit, old -> new, and the form instance it belongs to ("Visit W4", "Adverse event 2"). Rows of
format 1, written before the trail went by item, name a site record instead: a record belongs to
the participant when its insert row set `participant_id` to the participant (or, for a form item,
`visit_id` to one of the participant's visits), and is labelled from the same insert rows.
Signatures are listed with their meaning, printed name, time and whether a later change voided
them.

Account events (sign-ins, failures, lock-outs, password and role changes) are for site
administrators only (`Action.VIEW_ACCOUNT_EVENTS`).

What a row is about, in readable words, is found by services/record_places.py.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from msc_desktop.csv_cells import csv_writer
from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message
from msc_desktop.store.audit_chain import FORMAT_COLUMNS
from msc_desktop.store.audit_values import catalogue_of
from msc_desktop.store.models import AuditLog, Signature, UserAccount
from msc_desktop.store.protocols import session_protocol
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.record_places import (
    TABLE_LABELS,
    form_instance_label,
    record_places,
)
from msc_desktop.store.services.signatures import Meaning
from msc_desktop.store.services.work import participant_work
from msc_desktop.store.site import SiteStore

CSV_HEADER = (
    "seq",
    "time_utc",
    "user_id",
    "user_name",
    "action",
    "record",
    "field",
    "old_value",
    "new_value",
    "reason",
)


@dataclass(frozen=True)
class HistoryEntry:
    """One audit row, labelled for people."""

    seq: int
    ts: datetime
    user_id: str
    user_name: str
    action: str
    table_name: str
    record_id: str
    record: str
    field: str | None
    old_value: str | None
    new_value: str | None
    reason: str | None
    item_oid: str | None = None
    #: The item's field name in its form (rows by item).
    item_field: str | None = None

    def csv_row(self) -> tuple[str, ...]:
        return (
            str(self.seq),
            format_ts(self.ts),
            self.user_id,
            self.user_name,
            self.action,
            self.record,
            self.field or "",
            self.old_value or "",
            self.new_value or "",
            self.reason or "",
        )


@dataclass(frozen=True)
class SignatureEntry:
    """A signature as Part 11 asks: printed name, role, time, meaning, the record, and its state."""

    record: str
    record_id: str
    meaning: str
    printed_name: str
    user_id: str
    role: str
    signed_at: datetime
    voided_at: datetime | None
    void_reason: str | None

    @property
    def state(self) -> str:
        if self.voided_at is None:
            return "valid"
        return f"voided {format_ts(self.voided_at)}: {self.void_reason or ''}".rstrip(": ")


@dataclass(frozen=True)
class ParticipantHistory:
    participant_id: str
    subject_id: str
    entries: tuple[HistoryEntry, ...]
    signatures: tuple[SignatureEntry, ...]

    @property
    def records(self) -> tuple[tuple[str, str], ...]:
        """(record id, label) of every record in the history, in order of first appearance."""
        seen: dict[str, str] = {}
        for entry in self.entries:
            seen.setdefault(entry.record_id, entry.record)
        return tuple(seen.items())

    def of_record(self, record_id: str) -> ParticipantHistory:
        """The history of one form instance (a visit includes its items)."""
        return ParticipantHistory(
            self.participant_id,
            self.subject_id,
            tuple(e for e in self.entries if e.record_id == record_id),
            tuple(s for s in self.signatures if s.record_id == record_id),
        )


def format_ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _parse_ts(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")


def _user_names(session: Session) -> dict[str, str]:
    names = {
        user_id: name
        for user_id, name in session.execute(select(UserAccount.user_id, UserAccount.full_name))
    }
    names["system"] = Message("(automatic)")
    return names


def participant_history(store: SiteStore, participant_id: str) -> ParticipantHistory:
    """Every audit row of the participant's records, oldest first, with their signatures."""
    with participant_work(store, participant_id, Action.VIEW) as (session, participant):
        names = _user_names(session)
        old_entries, old_places = _format_1_entries(session, participant_id, names)
        entries = sorted(
            old_entries + _item_entries(session, participant.subject_id, names),
            key=lambda entry: entry.seq,
        )
        labels = {entry.record_id: entry.record for entry in entries}
        signed_at = _signature_places(session, participant.subject_id)
        signatures = []
        for s in session.scalars(
            select(Signature)
            .where(Signature.participant_id == participant_id)
            .order_by(Signature.signed_at)
        ):
            record_id = signed_at.get(s.id) or old_places.get(s.record_id, (s.record_id, ""))[0]
            signatures.append(
                SignatureEntry(
                    record=labels.get(record_id, TABLE_LABELS.get(s.table_name, s.table_name)),
                    record_id=record_id,
                    meaning=Meaning[s.meaning].value,
                    printed_name=s.printed_name,
                    user_id=s.user_id,
                    role=s.role,
                    signed_at=s.signed_at,
                    voided_at=s.voided_at,
                    void_reason=s.void_reason,
                )
            )
        return ParticipantHistory(
            participant_id, participant.subject_id, tuple(entries), tuple(signatures)
        )


def _format_1_entries(
    session: Session, participant_id: str, names: dict[str, str]
) -> tuple[list[HistoryEntry], dict[str, tuple[str, str]]]:
    """The participant's rows written before the trail went by item (format 1), and the form
    instance (key, label) of each record they name."""
    owned = session.execute(
        select(AuditLog.table_name, AuditLog.record_id).where(
            AuditLog.row_format == FORMAT_COLUMNS,
            AuditLog.action == "insert",
            AuditLog.field == "participant_id",
            AuditLog.new_value == participant_id,
        )
    ).all()
    tables = {record_id: table for table, record_id in owned}
    tables[participant_id] = "participant"
    visit_ids = [record_id for record_id, table in tables.items() if table == "visit"]
    places, items = record_places(session, tables, visit_ids)
    ids = list(places)
    rows: list[AuditLog] = []
    for start in range(0, len(ids), 500):
        rows.extend(
            session.scalars(
                select(AuditLog).where(
                    AuditLog.row_format == FORMAT_COLUMNS,
                    AuditLog.record_id.in_(ids[start : start + 500]),
                )
            )
        )
    return [
        HistoryEntry(
            seq=row.seq,
            ts=_parse_ts(row.ts),
            user_id=row.user_id,
            user_name=names.get(row.user_id, row.user_id),
            action=row.action,
            table_name=row.table_name,
            record_id=places[row.record_id][0],
            record=places[row.record_id][1],
            field=Message("{item} ({field})", item=items[row.record_id], field=row.field)
            if row.record_id in items and row.field is not None
            else row.field,
            old_value=row.old_value,
            new_value=row.new_value,
            reason=row.reason,
        )
        for row in rows
    ], places


def _item_entries(session: Session, subject_key: str, names: dict[str, str]) -> list[HistoryEntry]:
    """The participant's rows by item (format 2): one per item change, or an event."""
    catalogue = catalogue_of(session_protocol(session))
    entries = []
    for row in session.scalars(select(AuditLog).where(AuditLog.subject_key == subject_key)):
        item = _known_item(catalogue, row.item_oid)
        entries.append(
            HistoryEntry(
                seq=row.seq,
                ts=_parse_ts(row.ts),
                user_id=row.user_id,
                user_name=names.get(row.user_id, row.user_id),
                action=row.action,
                table_name=row.table_name,
                record_id=_instance_key(row),
                record=_instance_label(catalogue, row),
                field=_item_label(item, row),
                old_value=_shown_value(row.old_value, row.old_unit),
                new_value=_shown_value(row.new_value, row.new_unit),
                reason=row.reason,
                item_oid=row.item_oid,
                item_field=item.name if item is not None else None,
            )
        )
    return entries


def _instance_key(row: AuditLog) -> str:
    """What tells one form instance from another: its study event, form and repeat key."""
    if row.form_oid is None:
        return f"SUBJECT:{row.subject_key}"
    return "/".join((row.event_oid or "", row.form_oid, row.repeat_key or ""))


def _instance_label(catalogue: ItemCatalogue, row: AuditLog) -> str:
    """ "Visit W4", "Adverse event 2", "Registration"... in the interface language."""
    return form_instance_label(catalogue, row.event_oid, row.form_oid, row.repeat_key)


def _known_item(catalogue: ItemCatalogue, oid: str | None) -> ItemDef | None:
    if oid is None:
        return None
    try:
        return catalogue.item(oid)
    except ValidationError:
        return None


def _item_label(item: ItemDef | None, row: AuditLog) -> str | None:
    """The item's question in the interface language; a signature or account change says so."""
    if item is not None:
        return Message("{item}", item=item.question)
    if row.target is not None and row.target.startswith("SIGNATURE:"):
        return TABLE_LABELS["signature"]
    return row.item_oid


def _shown_value(value: str | None, unit: str | None) -> str | None:
    """A value with its unit ("47.9 umol/L"); the attributes of a signature one per line."""
    if value is None:
        return None
    if value.startswith("{"):
        try:
            attributes = json.loads(value)
        except ValueError:
            return value
        if isinstance(attributes, dict):
            return "; ".join(
                f"{name}: {shown}" for name, shown in attributes.items() if shown is not None
            )
    return f"{value} {unit}" if unit else value


def _signature_places(session: Session, subject_key: str) -> dict[str, str]:
    """Signature id -> the form instance it signs, from its rows by item."""
    places = {}
    for target, event_oid, form_oid, repeat_key in session.execute(
        select(AuditLog.target, AuditLog.event_oid, AuditLog.form_oid, AuditLog.repeat_key).where(
            AuditLog.subject_key == subject_key,
            AuditLog.target.like("SIGNATURE:%"),
            AuditLog.action == "insert",
        )
    ):
        if form_oid is not None:
            places[str(target).removeprefix("SIGNATURE:")] = "/".join(
                (event_oid or "", form_oid, repeat_key or "")
            )
    return places


def account_events(store: SiteStore) -> tuple[HistoryEntry, ...]:
    """Sign-ins, failures, lock-outs, and account changes, newest first (administrators only)."""
    require(store.user.role, Action.VIEW_ACCOUNT_EVENTS)
    with store.session() as session:
        names = _user_names(session)
        rows = session.scalars(
            select(AuditLog)
            .where(AuditLog.table_name == "user_account")
            .order_by(AuditLog.seq.desc())
        ).all()
        return tuple(
            HistoryEntry(
                seq=row.seq,
                ts=_parse_ts(row.ts),
                user_id=row.user_id,
                user_name=names.get(row.user_id, row.user_id),
                action=row.action,
                table_name=row.table_name,
                record_id=row.record_id,
                record=Message(
                    "Account {user_id} ({name})",
                    user_id=row.record_id,
                    name=names.get(row.record_id, Message("unknown")),
                ),
                field=row.field,
                old_value=_shown_value(row.old_value, None),
                new_value=_shown_value(row.new_value, None),
                reason=row.reason,
            )
            for row in rows
        )


# -- export --------------------------------------------------------------------------------


def history_csv(entries: Iterable[HistoryEntry]) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(CSV_HEADER)
    writer.writerows(entry.csv_row() for entry in entries)
    return buffer.getvalue()
