"""The tables of queries and source verification marks, read and written: rows to domain
objects and back, a site's next query number, an address checked against the protocol, and
the line each action adds to the centre's audit log."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import cast
from uuid import uuid4

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from msc_desktop.central.tables import (
    CenterEvent,
    CenterItem,
    CenterQuery,
    CenterQueryEvent,
    CenterSdvMark,
    CenterSite,
)
from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.queries import (
    ItemAddress,
    Query,
    QueryEvent,
    QueryEventKind,
    SdvMark,
    SdvScope,
    Side,
)
from msc_desktop.errors import ValidationError
from msc_desktop.sync.odm_clinical import ItemChange
from msc_desktop.sync.packages import utc_now_text

ADDRESS = ("subject_key", "event_oid", "form_oid", "group_oid", "repeat_key", "item_oid")
DEPTH = {"visit": 2, "form": 3, "item": 6}


def address_of(row: CenterQuery | CenterSdvMark | ItemChange) -> ItemAddress:
    return ItemAddress(*(getattr(row, name) for name in ADDRESS))


def _event(row: CenterQueryEvent) -> QueryEvent:
    return QueryEvent(
        row.query_event_uid,
        cast(QueryEventKind, row.step),
        row.step_at,
        row.step_by,
        row.remark,
        row.replies_to,
        row.corrected_to,
    )


def queries_of(session: Session, rows: Sequence[CenterQuery]) -> list[Query]:
    events: dict[str, list[QueryEvent]] = defaultdict(list)
    ids = [row.query_uid for row in rows]
    for start in range(0, len(ids), 500):
        for event in session.scalars(
            select(CenterQueryEvent).where(CenterQueryEvent.query_uid.in_(ids[start : start + 500]))
        ):
            events[event.query_uid].append(_event(event))
    return [
        Query(
            row.query_uid, row.query_no, row.site_id, address_of(row), row.raised_from, ()
        ).with_events(events[row.query_uid])
        for row in rows
    ]


def site_queries(session: Session, site_id: str) -> list[Query]:
    """Every query of a site with its full history (what its package carries)."""
    return queries_of(
        session,
        list(
            session.scalars(
                select(CenterQuery)
                .where(CenterQuery.site_id == site_id)
                .order_by(CenterQuery.query_no)
            )
        ),
    )


def site_marks(session: Session, site_id: str, subject_key: str | None = None) -> list[SdvMark]:
    """Every source verification mark of a site (of one participant), oldest first."""
    statement = select(CenterSdvMark).where(CenterSdvMark.site_id == site_id)
    if subject_key is not None:
        statement = statement.where(CenterSdvMark.subject_key == subject_key)
    return [
        mark_of(row)
        for row in session.scalars(
            statement.order_by(CenterSdvMark.stored_at, CenterSdvMark.sdv_mark_uid)
        )
    ]


def mark_of(row: CenterSdvMark) -> SdvMark:
    return SdvMark(
        row.sdv_mark_uid,
        cast(SdvScope, row.sdv_scope),
        address_of(row),
        row.verified_at,
        row.verified_by,
        cast(Side, row.verified_side),
    )


def find_query(session: Session, site_id: str, number: int) -> CenterQuery:
    row = session.scalar(
        select(CenterQuery).where(CenterQuery.site_id == site_id, CenterQuery.query_no == number)
    )
    if row is None:
        raise ValidationError("Site {site} has no query {number}.", site=site_id, number=number)
    return row


def check_address(
    session: Session,
    catalogues: Iterable[ItemCatalogue],
    site_id: str,
    address: ItemAddress,
    scope: str = "item",
) -> None:
    """The participant is known at the site and the address is declared by some protocol
    version: the form in that study event, the item in that group of that form."""
    known = session.scalar(
        select(CenterItem.subject_key)
        .where(CenterItem.site_id == site_id, CenterItem.subject_key == address.subject_key)
        .limit(1)
    )
    if known is None:
        raise ValidationError(
            "Participant {subject} is not known at site {site}.",
            subject=address.subject_key,
            site=site_id,
        )
    for catalogue in catalogues:
        event = next((event for event in catalogue.events if event.oid == address.event_oid), None)
        if event is None:
            continue
        if scope == "visit":
            return
        for form_id in event.form_ids:
            form = catalogue.form(form_id)
            if form.oid != address.form_oid:
                continue
            if scope == "form":
                return
            for item in form.items:
                group = next(group for group in form.groups if group.oid == item.group_oid)
                if (
                    item.oid == address.item_oid
                    and item.group_oid == address.group_oid
                    and bool(address.repeat_key) == group.repeating
                ):
                    return
    raise ValidationError(
        "The protocol declares no item {item} in form {form} of {event}.",
        item=address.item_oid or "-",
        form=address.form_oid or "-",
        event=address.event_oid,
    )


def _next_number(session: Session, site_id: str) -> int:
    return (
        int(
            session.scalar(
                select(func.coalesce(func.max(CenterQuery.query_no), 0)).where(
                    CenterQuery.site_id == site_id
                )
            )
            or 0
        )
        + 1
    )


def lock_site(session: Session, site_id: str) -> None:
    if session.get(CenterSite, site_id, with_for_update=True) is None:
        raise ValidationError("Site {site} is not registered at this centre.", site=site_id)


def add_query(
    session: Session,
    site_id: str,
    address: ItemAddress,
    text: str,
    by: str,
    origin: str,
    digest: str | None = None,
) -> Query:
    number = _next_number(session, site_id)
    row = CenterQuery(
        query_uid=uuid4().hex,
        site_id=site_id,
        query_no=number,
        raised_from=origin,
        check_digest=digest,
        **{name: getattr(address, name) for name in ADDRESS},
    )
    session.add(row)
    event = QueryEvent(uuid4().hex, "open", utc_now_text(), by, text)
    add_event(session, row.query_uid, event)
    return Query(row.query_uid, number, site_id, address, origin, (event,))


def add_event(session: Session, query_uid: str, event: QueryEvent) -> None:
    session.add(
        CenterQueryEvent(
            query_event_uid=event.event_id,
            query_uid=query_uid,
            step=event.kind,
            step_at=event.at,
            step_by=event.by[:64],
            remark=event.text,
            replies_to=event.reply_to,
            corrected_to=event.correction,
        )
    )


def log_action(session: Session, by: str, action: str, detail: str, client: str) -> None:
    session.add(CenterEvent(user_id=by[:64], action=action, detail=detail, address=client[:64]))


def place_of(address: ItemAddress) -> str:
    place = f"{address.subject_key} {address.event_oid} {address.form_oid} {address.item_oid}"
    return place + (f" #{address.repeat_key}" if address.repeat_key else "")


def add_mark(session: Session, site_id: str, mark: SdvMark) -> None:
    session.add(
        CenterSdvMark(
            sdv_mark_uid=mark.mark_id,
            site_id=site_id,
            sdv_scope=mark.scope,
            verified_at=mark.at,
            verified_by=mark.by[:64],
            verified_side=mark.side,
            **{name: getattr(mark.address, name) for name in ADDRESS},
        )
    )


ItemKey = tuple[str, str, str, str, str]  # event, form, group, repeat key, item


def entered_keys(session: Session, site_id: str, subject_key: str) -> set[ItemKey]:
    return {
        cast(ItemKey, tuple(row))
        for row in session.execute(
            select(
                CenterItem.event_oid,
                CenterItem.form_oid,
                CenterItem.group_oid,
                CenterItem.repeat_key,
                CenterItem.item_oid,
            ).where(
                CenterItem.site_id == site_id,
                CenterItem.subject_key == subject_key,
                CenterItem.removed.is_(False),
                CenterItem.current_value.is_not(None),
                CenterItem.current_value != "",
            )
        )
    }
