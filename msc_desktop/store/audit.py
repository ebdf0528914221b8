"""The audit trail, captured centrally from SQLAlchemy session events (never by hand in a form).

Every flush that inserts, updates or deletes a row of an `__audited__` table appends one audit row
per changed column, in the same transaction as the change, chained by hash (audit_chain). An update
or delete of saved data needs a reason (`session.info["reason"]`); the acting user is
`session.info["user_id"]`. Account events, signatures and exports are appended with `record_event`.
Triggers (created by the first migration) refuse UPDATE and DELETE on the table.

Audit times never run backwards: a row is refused (`ClockBehind`, nothing of the save is kept)
when the system clock is behind the newest audit time. Only the events that say so, and the
sign-in, are written then, stamped with that newest time and stating the clock's reading.

The secret for the keyed digests of site-only rows (audit_chain.SiteDigestKey) is made at the
first such row and kept in `site_setting` (never audited, never exported): a site upgraded from
a version without it starts keying there, and its older rows keep verifying as they were.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, event, func, inspect, select
from sqlalchemy.orm import Mapper, Session, sessionmaker

from msc_desktop.domain.clinic_time import clinic_zone, clinical_text, fixed_offset
from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import StoreError, ValidationError
from msc_desktop.messages import Message
from msc_desktop.store.audit_chain import (
    FORMAT_COLUMNS,
    FORMAT_ITEMS,
    GENESIS_HASH,
    ChainReport,
    SiteDigestKey,
    canonical_of_mapping,
    is_redactable,
    link_hash,
    verify_chain,
)
from msc_desktop.store.base import Base
from msc_desktop.store.item_columns import (
    ATTRIBUTE_INFO,
    ITEMS_INFO,
    ColumnItem,
    NeutralTarget,
    RecordPlace,
    SplitItems,
    column_items,
)
from msc_desktop.store.models import AuditLog, FormVersion, Participant, Visit
from msc_desktop.store.protocols import protocol_version
from msc_desktop.store.verification import address, cleared_notices

SYSTEM_USER = "system"
SETTING_DIGEST_KEY = "audit.digest_key"
SETTING_KEYED_FROM = "audit.keyed_from"


@dataclass(frozen=True)
class AuditEntry:
    """An audit row before it gets its sequence number and hashes.

    `table_name`, `record_id` and `field` say where the row came from at the site; a format-2 row
    (`row_format` 2) is otherwise about an item (`subject_key` ... `mdv_oid`, its units) or, for an
    event, about its neutral `target` (store/audit_chain.py)."""

    action: str
    table_name: str
    record_id: str
    field: str | None
    old_value: str | None
    new_value: str | None
    site_only: bool = False
    row_format: int = FORMAT_COLUMNS
    target: str | None = None
    subject_key: str | None = None
    event_oid: str | None = None
    form_oid: str | None = None
    group_oid: str | None = None
    repeat_key: str | None = None
    item_oid: str | None = None
    old_unit: str | None = None
    new_unit: str | None = None
    mdv_oid: str | None = None


class ClockBehind(StoreError):
    """The system clock is behind the newest audit time: the save is refused."""

    def __init__(self, clock: str, newest: str) -> None:
        super().__init__(
            Message(
                "The computer's clock says {clock}, earlier than the newest record in the "
                "audit trail ({newest}); nothing was saved. Set the correct date and time, "
                "then save again.",
                clock=_shown_time(clock),
                newest=_shown_time(newest),
            )
        )
        self.clock = clock
        self.newest = newest

    def at_unlock(self) -> Message:
        """What the user reads after signing in while the clock is behind."""
        return Message(
            "The computer's clock says {clock}, earlier than the newest record in the audit trail "
            "({newest}). Nothing can be saved until the date and time are set correctly.",
            clock=_shown_time(self.clock),
            newest=_shown_time(self.newest),
        )


def _shown_time(ts: str) -> str:
    """`2026-11-20T08:15:02.123456Z` as `2026-11-20 08:15 UTC`."""
    return f"{ts[:10]} {ts[11:16]} UTC"


def canonical_value(value: Any, *, clinical: bool = False) -> str | None:
    """The text an audit row, a signature digest or a bundle keeps for a value: Decimal as str,
    dates ISO, yes/no true/false; a datetime is a UTC system time ending in Z, unless `clinical`
    (the column holds an item the protocol declares a datetime: `is_clinical_column`), then the
    clinic's local time with its offset (domain/clinic_time.py), never Z. (A naive clinical time
    is one stored before clinical times kept their offset, read only by the migrations that
    compare signature digests: it keeps the text the releases before gave it.)"""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if clinical and value.tzinfo is not None:
            return clinical_text(value)
        moment: datetime = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
        return moment.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def clinical_item_text(value: object) -> str | None:
    """The text of a clinical time item: local time with its offset ("2026-05-04T11:00:00+08:00").
    A naive one is a value stored before clinical times kept their offset (only the migration that
    converts them reads one): its text is what the trail recorded then, the wall clock to the minute."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise TypeError("a clinical time must be a datetime", value)
    return clinical_text(value) if value.tzinfo is not None else value.isoformat(timespec="minutes")


def item_value_text(one: ColumnItem, item: ItemDef, value: object) -> str | None:
    """The text of the value a column holds for `item`: the declaration decides; an item declared a
    datetime is a clinical time (`clinical_item_text`), the others are written as the column says."""
    return clinical_item_text(value) if item.data_type == "datetime" else one.text(value)


#: The clinical times the releases before clinical times kept their offset stored as naive UTC
#: (taken from the system clock); the others were naive clinic wall-clock times.
_LEGACY_UTC = frozenset({("participant", "randomized_at"), ("protocol_deviation", "recorded_at")})


def legacy_clinical_time(table_name: str, column_name: str, naive: datetime) -> datetime:
    """A clinical time an older release stored without its offset, on the site's clock with the
    offset of the site's zone (the migration that converts them, the translation of old rows)."""
    if naive.tzinfo is not None:
        return fixed_offset(naive)
    if (table_name, column_name) in _LEGACY_UTC:
        return fixed_offset(naive.replace(tzinfo=UTC).astimezone(clinic_zone()))
    return fixed_offset(naive)


_CLINICAL_COLUMNS: set[tuple[str, str]] | None = None


def clinical_columns() -> frozenset[tuple[str, str]]:
    """(table, column) of every column holding an item the protocol declares a datetime (a clinical
    time): the declaration decides, not the column's type."""
    global _CLINICAL_COLUMNS
    if _CLINICAL_COLUMNS is None:
        catalogue = catalogue_of(load_protocol())
        found: set[tuple[str, str]] = set()
        for mapper in Base.registry.mappers:
            place: RecordPlace | None = getattr(mapper.class_, "__audit_place__", None)
            if place is None:
                continue
            for column in mapper.columns:
                for one in column_items(column.info):
                    form_id = one.form_id or place.form_id
                    if (
                        has_field(catalogue, form_id, one.field)
                        and catalogue.field_item(form_id, one.field).data_type == "datetime"
                    ):
                        found.add((str(mapper.class_.__tablename__), column.name))
        _CLINICAL_COLUMNS = found
    return frozenset(_CLINICAL_COLUMNS)


def is_clinical_column(table_name: str, column_name: str) -> bool:
    """Whether that column holds a clinical time (`clinical_columns`)."""
    return (table_name, column_name) in clinical_columns()


def utc_timestamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record_key(obj: Base) -> str:
    mapper: Mapper[Any] = inspect(type(obj))
    return "/".join(str(v) for v in mapper.primary_key_from_instance(obj))


_CATALOGUES: dict[int, tuple[Protocol, ItemCatalogue]] = {}


def catalogue_of(protocol: Protocol) -> ItemCatalogue:
    """The item catalogue of a protocol version, built once."""
    kept = _CATALOGUES.get(id(protocol))
    if kept is None or kept[0] is not protocol:
        kept = _CATALOGUES[id(protocol)] = (protocol, ItemCatalogue(protocol))
    return kept[1]


def has_field(catalogue: ItemCatalogue, form_id: str, field: str) -> bool:
    try:
        catalogue.field_item(form_id, field)
    except ValidationError:
        return False
    return True


def _catalogue(session: Session) -> ItemCatalogue:
    """The item catalogue of the protocol version this session's entries are made under."""
    protocol = session.info.get("protocol")
    return catalogue_of(protocol if isinstance(protocol, Protocol) else load_protocol())


@dataclass(frozen=True)
class _Place:
    """Where a record sits in the protocol: whose, which study event, which form and repeat."""

    subject_key: str | None
    event_oid: str | None
    form_id: str | None
    form_oid: str | None
    repeat_key: str | None

    def entry(
        self,
        action: str,
        table: str,
        record_id: str,
        field: str | None,
        catalogue: ItemCatalogue,
        item: ItemDef | None = None,
        old: tuple[str | None, str | None] = (None, None),
        new: tuple[str | None, str | None] = (None, None),
        *,
        site_only: bool = False,
        target: str | None = None,
    ) -> AuditEntry:
        group = item.group_oid if item is not None else None
        if group is None and self.form_id is not None:
            groups = catalogue.form(self.form_id).groups
            group = groups[0].oid if len(groups) == 1 else None
        return AuditEntry(
            action,
            table,
            record_id,
            field,
            old[0],
            new[0],
            site_only or bool(item and item.site_only),
            row_format=FORMAT_ITEMS,
            target=target,
            subject_key=self.subject_key,
            event_oid=self.event_oid,
            form_oid=self.form_oid,
            group_oid=group,
            repeat_key=self.repeat_key,
            item_oid=item.oid if item is not None else None,
            old_unit=old[1],
            new_unit=new[1],
            mdv_oid=catalogue.metadata_version_oid,
        )


_NOWHERE = _Place(None, None, None, None, None)


class _Places:
    """Finds the place of records during one flush (participants and visits read once)."""

    def __init__(self, session: Session, catalogue: ItemCatalogue) -> None:
        self.session = session
        self.catalogue = catalogue
        self.subjects: dict[str, str | None] = {}
        self.visits: dict[str, tuple[str, str] | None] = {}

    def subject_key(self, participant_id: str | None) -> str | None:
        if participant_id is None:
            return None
        if participant_id not in self.subjects:
            participant = self.session.get(Participant, participant_id)
            self.subjects[participant_id] = (
                participant.subject_id if participant is not None else None
            )
        return self.subjects[participant_id]

    def visit(self, visit_id: str) -> tuple[str, str] | None:
        """(participant id, visit code) of a visit."""
        if visit_id not in self.visits:
            visit = self.session.get(Visit, visit_id)
            self.visits[visit_id] = (
                (visit.participant_id, visit.visit_code) if visit is not None else None
            )
        return self.visits[visit_id]

    def catalogue_of(self, obj: Base) -> ItemCatalogue:
        """The catalogue of the protocol version `obj`'s form instance was entered under
        (store/protocols.py: recorded for the record, its visit or its participant)."""
        place: RecordPlace | None = getattr(type(obj), "__audit_place__", None)
        if place is None:
            return self.catalogue
        holders = [record_key(obj)]
        if place.visit is not None:
            holders.append(str(getattr(obj, place.visit)))
        if place.participant is not None:
            holders.append(str(getattr(obj, place.participant)))
        for holder in holders:
            entered = self.session.get(FormVersion, holder)
            if entered is not None:
                return catalogue_of(protocol_version(self.session, entered.version))
        return self.catalogue

    def of(self, obj: Base, form_id: str | None = None) -> _Place:
        """The place of `obj` (in `form_id` when given, else its own form)."""
        place: RecordPlace | None = getattr(type(obj), "__audit_place__", None)
        if place is None:
            return _NOWHERE
        if place.visit is not None:
            found = self.visit(str(getattr(obj, place.visit)))
            participant_id, visit_code = found if found is not None else (None, None)
        else:
            participant_id = getattr(obj, place.participant) if place.participant else None
            visit_code = getattr(obj, place.visit_code) if place.visit_code else None
        catalogue = self.catalogue_of(obj)
        if form_id is None and place.item_field is not None and visit_code is not None:
            form_id = _form_with(catalogue, visit_code, str(getattr(obj, place.item_field)))
        form_id = form_id or place.form_for(visit_code)
        repeat = getattr(obj, place.repeat_key) if place.repeat_key else None
        return _Place(
            self.subject_key(participant_id),
            _event_oid(catalogue, form_id, visit_code),
            form_id,
            catalogue.form(form_id).oid,
            None if repeat is None else str(repeat),
        )


def _event_oid(catalogue: ItemCatalogue, form_id: str, visit_code: str | None) -> str | None:
    """The study event of a form instance: its visit's, or the one event holding the form."""
    events = [study_event for study_event in catalogue.events if form_id in study_event.form_ids]
    if visit_code is not None:
        for study_event in events:
            if study_event.visit_code == visit_code:
                return study_event.oid
    return events[0].oid if len(events) == 1 else None


def _form_with(catalogue: ItemCatalogue, visit_code: str, field: str) -> str | None:
    """The first form of the visit's study event that has `field` (an item value's form)."""
    for study_event in catalogue.events:
        if study_event.visit_code == visit_code:
            for form_id in study_event.form_ids:
                if has_field(catalogue, form_id, field):
                    return form_id
    return None


def _values(obj: Base, key: str, action: str) -> tuple[Any, Any]:
    """(old, new) of one attribute in this flush."""
    history = inspect(obj).attrs[key].history
    current = getattr(obj, key)
    if action == "insert":
        return None, current
    if action == "delete":
        old = history.unchanged[0] if history.unchanged else (history.deleted or [None])[0]
        return old, None
    if history.deleted:
        return history.deleted[0], current
    return (current, current) if not history.added else (None, current)


def _item_entries(obj: Base, action: str, places: _Places) -> list[AuditEntry]:
    """One format-2 row per item of `obj` that this flush changed (an inserted record: each item
    it holds; a deleted one: each item it held)."""
    mapper: Mapper[Any] = inspect(type(obj))
    catalogue = places.catalogue_of(obj)
    place = places.of(obj)
    table, key = str(obj.__tablename__), record_key(obj)
    record_place: RecordPlace = type(obj).__audit_place__  # type: ignore[attr-defined]
    changes: list[
        tuple[ItemDef, str, tuple[str | None, str | None], tuple[str | None, str | None], bool]
    ] = []
    if record_place.item_field is not None:  # the row is the item: its value with its unit
        name = str(getattr(obj, record_place.item_field))
        if place.form_id is None or not has_field(catalogue, place.form_id, name):
            return []
        item = catalogue.field_item(place.form_id, name)
        old_value, new_value = _values(obj, "value", action)
        old_unit, new_unit = _values(obj, "unit", action)
        changes.append(
            (
                item,
                "value",
                (old_value, old_unit if old_value is not None else None),
                (new_value, new_unit if new_value is not None else None),
                False,
            )
        )
    else:
        for attr in mapper.column_attrs:
            column = attr.columns[0]
            ones = column_items(column.info)
            split: SplitItems | None = column.info.get(ITEMS_INFO)
            if not ones and split is None:
                continue
            old, new = _values(obj, attr.key, action)
            for one in ones:
                form_id = one.form_id or place.form_id
                if form_id is None or not has_field(catalogue, form_id, one.field):
                    continue  # not an item of this record's form (the screening visit's code and date)
                item = catalogue.field_item(form_id, one.field)
                unit = item.standard_unit if item.units else None
                old_text, new_text = (
                    item_value_text(one, item, old),
                    item_value_text(one, item, new),
                )
                if action == "insert" and new is None:
                    new_text = None
                if action == "delete" and old is None:
                    old_text = None
                changes.append(
                    (
                        item,
                        column.name,
                        (old_text, unit if old_text is not None else None),
                        (new_text, unit if new_text is not None else None),
                        bool(column.info.get("site_only")),
                    )
                )
            if split is not None and place.form_id is not None:
                olds = split.texts(old) if action != "insert" else {}
                news = split.texts(new) if action != "delete" else {}
                for name in split.fields:
                    item = catalogue.field_item(split.form_id or place.form_id, name)
                    changes.append(
                        (item, column.name, (olds.get(name), None), (news.get(name), None), False)
                    )
    entries = []
    for item, field, old_pair, new_pair, site_only in changes:
        if old_pair == new_pair or (old_pair[0] is None and new_pair[0] is None):
            continue
        item_place = place if item.form_id == place.form_id else places.of(obj, item.form_id)
        entries.append(
            item_place.entry(
                action, table, key, field, catalogue, item, old_pair, new_pair, site_only=site_only
            )
        )
    return entries


def _attribute_text(
    obj: Base, keys: Iterable[tuple[str, str]], which: int, action: str
) -> str | None:
    values = {}
    for key, name in keys:
        pair = _values(obj, key, action)
        if pair[0] != pair[1] or action != "update":
            values[name] = canonical_value(pair[which])
    if all(value is None for value in values.values()):
        return None
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _record_entry(obj: Base, action: str, places: _Places) -> list[AuditEntry]:
    """One format-2 row for a changed record without protocol data (an account, a signature):
    its neutral target and the attributes changed, old and new, as compact JSON."""
    neutral: NeutralTarget = type(obj).__audit_target__  # type: ignore[attr-defined]
    mapper: Mapper[Any] = inspect(type(obj))
    keys = [
        (attr.key, str(attr.columns[0].info[ATTRIBUTE_INFO]))
        for attr in mapper.column_attrs
        if ATTRIBUTE_INFO in attr.columns[0].info
    ]
    changed = [
        (key, name)
        for key, name in keys
        if action != "update" or _values(obj, key, action)[0] != _values(obj, key, action)[1]
    ]
    if not changed:
        return []
    place, catalogue = _NOWHERE, places.catalogue
    if neutral.signed is not None:
        table_attribute, key_attribute = neutral.signed
        signed = _record(
            places.session, str(getattr(obj, table_attribute)), str(getattr(obj, key_attribute))
        )
        if signed is not None:
            place, catalogue = places.of(signed), places.catalogue_of(signed)
    key = record_key(obj)
    return [
        place.entry(
            action,
            str(obj.__tablename__),
            key,
            None,
            catalogue,
            old=(_attribute_text(obj, changed, 0, action), None),
            new=(_attribute_text(obj, changed, 1, action), None),
            target=f"{neutral.kind}:{key}",
        )
    ]


def _record(session: Session, table_name: str, record_id: str) -> Base | None:
    """The audited record of the site with that table and key, if it exists."""
    model = _MODELS.get(table_name)
    return session.get(model, record_id) if model is not None else None


_MODELS: dict[str, type[Base]] = {
    str(mapper.class_.__tablename__): mapper.class_
    for mapper in Base.registry.mappers
    if getattr(mapper.class_, "__audited__", False)
}


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
    places = _Places(session, catalogue)
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
                entries.extend(_record_entry(obj, action, places))
                continue
            for entry in _item_entries(obj, action, places):
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


_LAST_LINK_SQL = "SELECT seq, hash, ts FROM audit_log ORDER BY seq DESC LIMIT 1"
_STORED = (
    "seq",
    "ts",
    "user_id",
    "action",
    "table_name",
    "record_id",
    "field",
    "old_value",
    "new_value",
    "reason",
    "site_only",
    "row_format",
    "target",
    "subject_key",
    "event_oid",
    "form_oid",
    "group_oid",
    "repeat_key",
    "item_oid",
    "old_unit",
    "new_unit",
    "mdv_oid",
    "row_digest",
    "prev_hash",
    "hash",
)
_APPEND_SQL = (
    f"INSERT INTO audit_log ({', '.join(_STORED)}) VALUES ({', '.join('?' for _ in _STORED)})"
)


def append_entries(
    connection: Connection,
    entries: Sequence[AuditEntry],
    user_id: str,
    reason: str | None,
    *,
    clock_behind_ok: bool = False,
) -> None:
    """Numbers, hashes and inserts `entries` after the last audit row, in the caller's transaction.

    Raises ClockBehind when the clock is behind the last row's time, unless `clock_behind_ok`
    (then the rows take that time, so that the trail's times never run backwards).
    """
    if not entries:
        return
    last = connection.exec_driver_sql(_LAST_LINK_SQL).first()
    seq, previous = (last[0], last[1]) if last else (0, GENESIS_HASH)
    ts = utc_timestamp()
    if last is not None and ts < last[2]:
        if not clock_behind_ok:
            raise ClockBehind(ts, last[2])
        ts = last[2]
    rows = []
    key: SiteDigestKey | None = None
    for entry in entries:
        seq += 1
        row = {**asdict(entry), "seq": seq, "ts": ts, "user_id": user_id, "reason": reason}
        encoded = canonical_of_mapping(row)
        redactable = is_redactable(entry.site_only, entry.old_value, entry.new_value)
        if redactable:
            key = key or site_digest_key(connection) or _new_digest_key(connection, seq)
        # The verifier's rule: after a truncation, a number below `keyed_from` can come again.
        if redactable and key is not None and key.covers_seq(seq):
            digest = key.digest_of(encoded)
        else:
            digest = hashlib.sha256(encoded).hexdigest()
        current = link_hash(previous, digest)
        row.update(row_digest=digest, prev_hash=previous, hash=current)
        rows.append(tuple(row[name] for name in _STORED))
        previous = current
    # Plain driver SQL: this runs on every save, and statement compilation was half its cost.
    connection.exec_driver_sql(_APPEND_SQL, rows)


_SETTING_SQL = "SELECT value FROM site_setting WHERE name = ?"
_ADD_SETTING_SQL = "INSERT INTO site_setting (name, value) VALUES (?, ?)"


def site_digest_key(connection: Connection) -> SiteDigestKey | None:
    """The site's digest secret, or None before its first site-only row that holds a value."""
    secret = connection.exec_driver_sql(_SETTING_SQL, (SETTING_DIGEST_KEY,)).scalar()
    keyed_from = connection.exec_driver_sql(_SETTING_SQL, (SETTING_KEYED_FROM,)).scalar()
    if secret is None or keyed_from is None:
        return None
    return SiteDigestKey(bytes.fromhex(str(secret)), int(keyed_from))


def _new_digest_key(connection: Connection, keyed_from: int) -> SiteDigestKey:
    made = SiteDigestKey(secrets.token_bytes(32), keyed_from)
    connection.exec_driver_sql(
        _ADD_SETTING_SQL,
        [(SETTING_DIGEST_KEY, made.secret.hex()), (SETTING_KEYED_FROM, str(made.keyed_from))],
    )
    return made


#: `session.info` key of the one-line notes a save leaves for the user (store/verification.py).
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
    record = None if table_name in EVENT_TARGETS else _record(session, table_name, record_id)
    if table_name in EVENT_TARGETS:
        entry = _NOWHERE.entry(
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
        places = _Places(session, catalogue)
        place = places.of(record, form_id)
        catalogue = places.catalogue_of(record)
        if isinstance(record, Participant) and form_id is None:
            place = _Place(place.subject_key, None, None, None, None)
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


def clock_behind(connection: Connection) -> ClockBehind | None:
    """The refusal a save would meet now, when the clock is behind the newest audit time."""
    last = connection.exec_driver_sql(_LAST_LINK_SQL).first()
    now = utc_timestamp()
    return ClockBehind(now, last[2]) if last is not None and now < last[2] else None


def record_clock_behind(session: Session, problem: ClockBehind, when: str) -> None:
    """Records that the clock was found behind the audit trail (`when`: at sign-in, save refused)."""
    record_event(
        session,
        "site",
        "clock",
        f"system clock {problem.clock} is behind the newest audit time {problem.newest}: {when}",
        clock_behind_ok=True,
    )


def audit_rows(connection: Connection, after_seq: int = 0) -> Iterable[dict[str, Any]]:
    """Audit rows after `after_seq` in order, as mappings (the shape `verify_chain` reads)."""
    result = connection.execute(
        select(AuditLog.__table__).where(AuditLog.seq > after_seq).order_by(AuditLog.seq)
    ).mappings()
    for row in result:
        yield dict(row)


def verify_audit(connection: Connection) -> ChainReport:
    return verify_chain(audit_rows(connection), key=site_digest_key(connection))
