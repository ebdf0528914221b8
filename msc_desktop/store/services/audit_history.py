"""A participant's audit history in readable form (and its CSV rows), and account events;
reports.audit_history writes them to files.

The history is read from the audit trail alone (21 CFR Part 11 11.10(e): who, when, old -> new,
reason), so rows of records deleted since (a lab value cleared, say) still belong to it: a record
belongs to the participant when its insert row set `participant_id` to the participant (or, for a
form item, `visit_id` to one of the participant's visits). Each row is labelled with the record it
changed ("Visit W4: Bilirubin", "AE 2", "Infusion W0") from the same insert rows. Signatures are
listed with their meaning, printed name, time and whether a later change voided them.

Account events (sign-ins, failures, lock-outs, password and role changes) are for site
administrators only (`Action.VIEW_ACCOUNT_EVENTS`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from msc_desktop.csv_cells import csv_writer
from msc_desktop.domain.protocol import LocalizedText, load_protocol
from msc_desktop.messages import Message
from msc_desktop.store.models import AuditLog, Signature, UserAccount
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.participants import get_participant
from msc_desktop.store.services.signatures import Meaning
from msc_desktop.store.site import SiteStore

_TABLE_LABELS = {
    "participant": Message("Participant"),
    "participant_identity": Message("Identity (site only)"),
    "consent": Message("Consent"),
    "visit": Message("Visit"),
    "item_value": Message("Visit item"),
    "infusion": Message("Infusion"),
    "adverse_event": Message("AE"),
    "disposition": Message("End of study"),
    "protocol_deviation": Message("Protocol deviation"),
    "signature": Message("Signature"),
    "allocation": Message("Randomization"),
    "screening": Message("Screening"),
}
_SIGNATURE_KINDS = {
    Meaning.ELIGIBILITY: Message("eligibility"),
    Meaning.DOSE_PREPARED: Message("dose prepared"),
    Meaning.DOSE_VERIFIED: Message("dose verified"),
    Meaning.RELEASE_OVERRIDE: Message("release override"),
    Meaning.AE_CAUSALITY: Message("ae causality"),
}
CSV_HEADER = ("seq", "time_utc", "user_id", "user_name", "action", "record", "field", "old_value", "new_value", "reason")


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
    parent_id: str | None = None

    def csv_row(self) -> tuple[str, ...]:
        return (
            str(self.seq), format_ts(self.ts), self.user_id, self.user_name, self.action, self.record,
            self.field or "", self.old_value or "", self.new_value or "", self.reason or "",
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
        """The history of one record (a visit includes its items)."""
        members = {record_id} | {e.record_id for e in self.entries if e.parent_id == record_id}
        return ParticipantHistory(
            self.participant_id, self.subject_id,
            tuple(e for e in self.entries if e.record_id in members),
            tuple(s for s in self.signatures if s.record_id == record_id),
        )


def format_ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _parse_ts(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")


def _user_names(session: Session) -> dict[str, str]:
    names = {user_id: name for user_id, name in session.execute(select(UserAccount.user_id, UserAccount.full_name))}
    names["system"] = Message("(automatic)")
    return names


def _item_labels() -> dict[str, LocalizedText]:
    labels: dict[str, LocalizedText] = {}
    for form in load_protocol().forms:
        for field in form.fields:
            labels.setdefault(field.name, field.label)
    return labels


def participant_history(store: SiteStore, participant_id: str) -> ParticipantHistory:
    """Every audit row of the participant's records, oldest first, with their signatures."""
    require(store.user.role, Action.VIEW)
    with store.session() as session:
        participant = get_participant(session, participant_id)
        owned = session.execute(
            select(AuditLog.table_name, AuditLog.record_id).where(
                AuditLog.action == "insert", AuditLog.field == "participant_id", AuditLog.new_value == participant_id
            )
        ).all()
        tables = {record_id: table for table, record_id in owned}
        tables[participant_id] = "participant"
        visit_ids = [record_id for record_id, table in tables.items() if table == "visit"]
        labels, parents = _record_labels(session, tables, visit_ids)
        ids = list(labels)
        rows: list[AuditLog] = []
        for start in range(0, len(ids), 500):
            rows.extend(session.scalars(select(AuditLog).where(AuditLog.record_id.in_(ids[start:start + 500]))))
        rows.sort(key=lambda row: row.seq)
        names = _user_names(session)
        entries = tuple(
            HistoryEntry(
                seq=row.seq, ts=_parse_ts(row.ts), user_id=row.user_id, user_name=names.get(row.user_id, row.user_id),
                action=row.action, table_name=row.table_name, record_id=row.record_id,
                record=_TABLE_LABELS.get(row.table_name, row.table_name) if row.record_id == participant_id
                else labels[row.record_id],
                field=row.field, old_value=row.old_value, new_value=row.new_value, reason=row.reason,
                parent_id=parents.get(row.record_id),
            )
            for row in rows
        )
        signatures = tuple(
            SignatureEntry(
                record=labels.get(s.record_id, _TABLE_LABELS.get(s.table_name, s.table_name)), record_id=s.record_id,
                meaning=Meaning[s.meaning].value, printed_name=s.printed_name, user_id=s.user_id, role=s.role,
                signed_at=s.signed_at, voided_at=s.voided_at, void_reason=s.void_reason,
            )
            for s in session.scalars(
                select(Signature).where(Signature.participant_id == participant_id).order_by(Signature.signed_at)
            )
        )
        return ParticipantHistory(participant_id, participant.subject_id, entries, signatures)


def _record_labels(
    session: Session, tables: dict[str, str], visit_ids: Sequence[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """A readable name for each record id, from the values its insert rows set, and the visit
    each form item belongs to; adds the items to `tables`."""
    inserted: dict[str, dict[str, str | None]] = {}
    wanted = ("visit_code", "ae_number", "term", "item", "visit_id", "meaning")
    for start in range(0, len(tables), 500):
        chunk = list(tables)[start:start + 500]
        for record_id, field, value in session.execute(
            select(AuditLog.record_id, AuditLog.field, AuditLog.new_value).where(
                AuditLog.action == "insert", AuditLog.record_id.in_(chunk), AuditLog.field.in_(wanted)
            )
        ):
            inserted.setdefault(record_id, {})[field] = value
    for start in range(0, len(visit_ids), 500):
        chunk = list(visit_ids[start:start + 500])
        items = session.execute(
            select(AuditLog.record_id).where(
                AuditLog.action == "insert", AuditLog.table_name == "item_value", AuditLog.field == "visit_id",
                AuditLog.new_value.in_(chunk),
            )
        ).scalars().all()
        for item_id in items:
            tables[item_id] = "item_value"
        for record_id, field, value in session.execute(
            select(AuditLog.record_id, AuditLog.field, AuditLog.new_value).where(
                AuditLog.action == "insert", AuditLog.record_id.in_(items), AuditLog.field.in_(("item", "visit_id"))
            )
        ):
            inserted.setdefault(record_id, {})[field] = value
    item_names = _item_labels()
    labels: dict[str, str] = {}
    parents: dict[str, str] = {}
    for record_id, table in tables.items():
        values = inserted.get(record_id, {})
        base = _TABLE_LABELS.get(table, table)
        if table in ("visit", "infusion") and values.get("visit_code"):
            labels[record_id] = Message("{record} {visit_code}", record=base, visit_code=values["visit_code"])
        elif table == "adverse_event" and values.get("ae_number"):
            labels[record_id] = Message("AE {ae_number}", ae_number=values["ae_number"])
        elif table == "item_value":
            parents[record_id] = str(values.get("visit_id"))
            visit = inserted.get(parents[record_id], {}).get("visit_code") or "?"
            item = str(values.get("item") or "?")
            labels[record_id] = Message("Visit {visit}: {item}", visit=visit, item=item_names.get(item, item))
        elif table == "signature" and values.get("meaning"):
            labels[record_id] = Message("Signature ({kind})", kind=_SIGNATURE_KINDS[Meaning[str(values["meaning"])]])
        else:
            labels[record_id] = base
    return labels, parents


def account_events(store: SiteStore) -> tuple[HistoryEntry, ...]:
    """Sign-ins, failures, lock-outs, and account changes, newest first (administrators only)."""
    require(store.user.role, Action.VIEW_ACCOUNT_EVENTS)
    with store.session() as session:
        names = _user_names(session)
        rows = session.scalars(
            select(AuditLog).where(AuditLog.table_name == "user_account").order_by(AuditLog.seq.desc())
        ).all()
        return tuple(
            HistoryEntry(
                seq=row.seq, ts=_parse_ts(row.ts), user_id=row.user_id, user_name=names.get(row.user_id, row.user_id),
                action=row.action, table_name=row.table_name, record_id=row.record_id,
                record=Message("Account {user_id} ({name})", user_id=row.record_id,
                               name=names.get(row.record_id, Message("unknown"))),
                field=row.field, old_value=row.old_value, new_value=row.new_value, reason=row.reason,
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
