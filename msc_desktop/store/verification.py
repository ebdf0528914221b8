"""Source data verification marks at the site: what each still covers (DESIGN section 11).

A mark (domain/queries.py `SdvMark`) covers the items of its item, form or visit as the audit trail
held them up to the mark's `covers_to_seq`. An item row after that clears it for that item only;
the save that does it leaves a notice saying so (`cleared_notices`, from the audit hook).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from weakref import WeakSet

from sqlalchemy import Connection, Engine, func, select

from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.queries import ItemAddress, SdvMark
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message
from msc_desktop.store.models import AuditLog, SourceVerification


def address(*place: str | None) -> ItemAddress:
    """An item address from audit-row place fields (None as "")."""
    return ItemAddress(*(value or "" for value in place))


@dataclass(frozen=True)
class HeldMark:
    """A mark as the site holds it: the mark, and the last audit row whose values it covers."""

    mark: SdvMark
    covers_to_seq: int


_HAVE_MARKS: WeakSet[Engine] = WeakSet()


def _has_marks_table(connection: Connection) -> bool:
    """Whether the database has its marks yet (a migration before 0008 writes audited rows)."""
    if connection.engine in _HAVE_MARKS:
        return True
    found = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'source_verification'"
    ).first()
    if found is not None:
        _HAVE_MARKS.add(connection.engine)
    return found is not None


def marks_of(connection: Connection, subject_keys: Iterable[str]) -> list[HeldMark]:
    """The marks on these participants."""
    keys = sorted(set(subject_keys))
    if not keys or not _has_marks_table(connection):
        return []
    mark = SourceVerification
    rows = connection.execute(
        select(
            mark.mark_id,
            mark.scope,
            mark.subject_key,
            mark.event_oid,
            mark.form_oid,
            mark.group_oid,
            mark.repeat_key,
            mark.item_oid,
            mark.at,
            mark.by,
            mark.side,
            mark.covers_to_seq,
        ).where(mark.subject_key.in_(keys))
    )
    return [
        HeldMark(
            SdvMark(mark_id=mark_id, scope=scope, address=address(*place), at=at, by=by, side=side),
            covers_to_seq,
        )
        for mark_id, scope, *place, at, by, side, covers_to_seq in rows
    ]


def last_change_seq(connection: Connection, item: ItemAddress) -> int:
    """The sequence number of the newest audit row that changed this item (0 if none)."""
    return (
        connection.execute(
            select(func.max(AuditLog.seq)).where(
                AuditLog.subject_key == item.subject_key,
                AuditLog.event_oid == item.event_oid,
                AuditLog.form_oid == item.form_oid,
                AuditLog.item_oid == item.item_oid,
                func.coalesce(AuditLog.repeat_key, "") == item.repeat_key,
                AuditLog.action != "event",
            )
        ).scalar()
        or 0
    )


def covering_mark(
    connection: Connection, marks: Sequence[HeldMark], item: ItemAddress
) -> HeldMark | None:
    """The newest mark that still covers `item` (none of its changes came after the mark)."""
    covering = [held for held in marks if held.mark.covers(item)]
    if not covering:
        return None
    changed = last_change_seq(connection, item)
    standing = [row for row in covering if row.covers_to_seq >= changed]
    return max(standing, key=lambda row: row.covers_to_seq) if standing else None


def item_label(catalogue: ItemCatalogue, item_oid: str) -> object:
    """The item's question (a label in both languages), or its OID when this version lacks it."""
    try:
        return catalogue.item(item_oid).question
    except ValidationError:
        return item_oid


def cleared_notices(
    connection: Connection, changed: Sequence[ItemAddress], catalogue: ItemCatalogue
) -> list[Message]:
    """For items about to be changed (before their rows are written): one line per item whose
    source verification the change clears."""
    marks = marks_of(connection, (item.subject_key for item in changed))
    if not marks:
        return []
    notices = []
    for item in dict.fromkeys(changed):
        if covering_mark(connection, marks, item) is not None:
            notices.append(
                Message(
                    "Source verification of {item} ({subject}) cleared by this change.",
                    item=item_label(catalogue, item.item_oid),
                    subject=item.subject_key,
                )
            )
    return notices
