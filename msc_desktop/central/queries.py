"""Data queries and source data verification at the centre (DESIGN section 11).

A data manager opens a query on one item of one participant (`resolve_item` finds it from what a
nurse calls it; `open_query` checks it is declared in that form of that visit), closes it or
re-opens it; edit checks open some by themselves when a bundle is imported (`after_import`: a
value outside its soft range that the site did not confirm, an infusion volume off the plan by
more than the protocol allows without a deviation), once per item value. The site's answers
and its monitors' marks arrive as audit event rows (`QUERY:<query id>`, `SDV:<scope>`) and
become query events and marks exactly once (their id is the row's site and number). Monitors
mark items, forms or visits as verified here too; a later change of a covered item clears the
mark for it (`item_sdv`). Queries are numbered per site; every action of a person goes into the
centre's audit log; `site_queries` and `site_marks` are what a site package carries.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast
from uuid import uuid4

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from msc_desktop.central.store import (
    CenterAuditRow,
    CenterBundle,
    CenterEvent,
    CenterItem,
    CenterQuery,
    CenterQueryEvent,
    CenterSdvMark,
    CenterSite,
    CenterSubjectItems,
)
from msc_desktop.domain.decimals import format_decimal
from msc_desktop.domain.dosing import volume_off_plan
from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol import FieldDef
from msc_desktop.domain.queries import (
    SDV_SCOPES,
    ItemAddress,
    Query,
    QueryEvent,
    QueryEventKind,
    QueryState,
    SdvMark,
    SdvScope,
    Side,
    check_query_text,
    query_from_wire,
    query_to_wire,
    sdv_from_wire,
)
from msc_desktop.domain.units import to_standard
from msc_desktop.errors import ValidationError
from msc_desktop.sync.odm_clinical import ItemChange
from msc_desktop.sync.packages import utc_now_text

if TYPE_CHECKING:  # the service imports this module for its import's hook
    from msc_desktop.central.service import Center

log = logging.getLogger("msc_desktop.central.queries")
EDIT_CHECK_USER = "edit check"
QUERY_TARGET = "QUERY:"
SDV_TARGET = "SDV:"
_CONFIRMED = "warning confirmed"
_ADDRESS = ("subject_key", "event_oid", "form_oid", "group_oid", "repeat_key", "item_oid")
_DEPTH = {"visit": 2, "form": 3, "item": 6}


# -- reading -------------------------------------------------------------------------------


def _address(row: CenterQuery | CenterSdvMark) -> ItemAddress:
    return ItemAddress(*(getattr(row, name) for name in _ADDRESS))


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


def _queries(session: Session, rows: Sequence[CenterQuery]) -> list[Query]:
    events: dict[str, list[QueryEvent]] = defaultdict(list)
    ids = [row.query_uid for row in rows]
    for start in range(0, len(ids), 500):
        for event in session.scalars(
            select(CenterQueryEvent).where(CenterQueryEvent.query_uid.in_(ids[start : start + 500]))
        ):
            events[event.query_uid].append(_event(event))
    return [
        Query(
            row.query_uid, row.query_no, row.site_id, _address(row), row.raised_from, ()
        ).with_events(events[row.query_uid])
        for row in rows
    ]


def list_queries(
    center: Center,
    site_id: str | None = None,
    state: QueryState | None = None,
    subject_key: str | None = None,
) -> list[Query]:
    """The queries (of one site, participant, in one state), by site and number."""
    statement = select(CenterQuery).order_by(CenterQuery.site_id, CenterQuery.query_no)
    if site_id is not None:
        statement = statement.where(CenterQuery.site_id == site_id)
    if subject_key is not None:
        statement = statement.where(CenterQuery.subject_key == subject_key)
    with center.store.session() as session:
        found = _queries(session, list(session.scalars(statement)))
    return [query for query in found if state is None or query.state == state]


def site_queries(session: Session, site_id: str) -> list[Query]:
    """Every query of a site with its full history (what its package carries)."""
    return _queries(
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
        _mark(row)
        for row in session.scalars(
            statement.order_by(CenterSdvMark.stored_at, CenterSdvMark.sdv_mark_uid)
        )
    ]


def _mark(row: CenterSdvMark) -> SdvMark:
    return SdvMark(
        row.sdv_mark_uid,
        cast(SdvScope, row.sdv_scope),
        _address(row),
        row.verified_at,
        row.verified_by,
        cast(Side, row.verified_side),
    )


def get_query(center: Center, site_id: str, number: int) -> Query:
    with center.store.session() as session:
        return _queries(session, [_find(session, site_id, number)])[0]


def _find(session: Session, site_id: str, number: int) -> CenterQuery:
    row = session.scalar(
        select(CenterQuery).where(CenterQuery.site_id == site_id, CenterQuery.query_no == number)
    )
    if row is None:
        raise ValidationError("Site {site} has no query {number}.", site=site_id, number=number)
    return row


def visit_name(catalogues: Iterable[ItemCatalogue], event_oid: str) -> str:
    """A study event as a nurse calls it: its visit code ("W4"), else its OID (SE.COMMON)."""
    for catalogue in catalogues:
        for event in catalogue.events:
            if event.oid == event_oid and event.visit_code:
                return event.visit_code
    return event_oid


def answer_text(query: Query) -> str:
    """The latest answer as one line: its text, and the corrected value when it corrected."""
    answer = query.latest_answer()
    if answer is None:
        return ""
    return answer.text + (f" (corrected to {answer.correction})" if answer.correction else "")


# -- where an item is ------------------------------------------------------------------------


def resolve_item(
    center: Center,
    subject_key: str,
    visit: str,
    item_oid: str,
    repeat_key: str = "",
    site_id: str | None = None,
    form_oid: str | None = None,
) -> tuple[str, ItemAddress]:
    """The site and address of an item as a nurse names it: participant, visit code ("W4", or a
    study event OID such as SE.COMMON for the records outside the schedule), item OID (and the
    repeat key of a repeating group, the form when the item is in several of the visit's
    forms). ValidationError with one line when it is not exactly one declared place."""
    with center.store.session() as session:
        sites = list(
            session.scalars(
                select(CenterItem.site_id).distinct().where(CenterItem.subject_key == subject_key)
            )
        )
    if site_id is not None:
        sites = [site for site in sites if site == site_id]
    if not sites:
        where = f" at site {site_id}" if site_id else ""
        raise ValidationError(
            "Participant {subject} is not known at the centre{where}.",
            subject=subject_key,
            where=where,
        )
    if len(sites) > 1:
        raise ValidationError(
            "Participant {subject} is known at sites {sites}: say which with --site.",
            subject=subject_key,
            sites=", ".join(sorted(sites)),
        )
    catalogues = list(center.catalogues().values())
    places: set[tuple[str, str, str, bool]] = set()
    visit_known = False
    for catalogue in reversed(catalogues):  # the current version first
        events = [
            event for event in catalogue.events if event.visit_code == visit or event.oid == visit
        ]
        visit_known = visit_known or bool(events)
        for event in events:
            for form_id in event.form_ids:
                form = catalogue.form(form_id)
                if form_oid is not None and form.oid != form_oid:
                    continue
                for item in form.items:
                    if item.oid == item_oid:
                        group = next(group for group in form.groups if group.oid == item.group_oid)
                        places.add((event.oid, form.oid, item.group_oid, group.repeating))
        if places:
            break  # an item a later version retired is found in the version that declared it
    if not visit_known:
        raise ValidationError("The protocol has no visit {visit}.", visit=visit)
    if not places:
        raise ValidationError(
            "Visit {visit} has no item {item} in its forms.", visit=visit, item=item_oid
        )
    if len(places) > 1:
        forms = ", ".join(sorted(place[1] for place in places))
        raise ValidationError(
            "Item {item} is in several forms of visit {visit} ({forms}): say which with --form.",
            item=item_oid,
            visit=visit,
            forms=forms,
        )
    ((event_oid, found_form, group_oid, repeating),) = places
    if repeating and not repeat_key:
        raise ValidationError(
            "Item {item} is in a repeating group: give its repeat key (an AE "
            "number...) with --repeat.",
            item=item_oid,
        )
    if not repeating and repeat_key:
        raise ValidationError(
            "Item {item} is not in a repeating group: leave out --repeat.", item=item_oid
        )
    return sites[0], ItemAddress(
        subject_key, event_oid, found_form, group_oid, repeat_key, item_oid
    )


def _check_address(
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


# -- the data manager's actions -------------------------------------------------------------


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


def _lock_site(session: Session, site_id: str) -> None:
    if session.get(CenterSite, site_id, with_for_update=True) is None:
        raise ValidationError("Site {site} is not registered at this centre.", site=site_id)


def _add_query(
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
        **{name: getattr(address, name) for name in _ADDRESS},
    )
    session.add(row)
    event = QueryEvent(uuid4().hex, "open", utc_now_text(), by, text)
    _add_event(session, row.query_uid, event)
    return Query(row.query_uid, number, site_id, address, origin, (event,))


def _add_event(session: Session, query_uid: str, event: QueryEvent) -> None:
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


def _log(session: Session, by: str, action: str, detail: str, client: str) -> None:
    session.add(CenterEvent(user_id=by[:64], action=action, detail=detail, address=client[:64]))


def _where(address: ItemAddress) -> str:
    place = f"{address.subject_key} {address.event_oid} {address.form_oid} {address.item_oid}"
    return place + (f" #{address.repeat_key}" if address.repeat_key else "")


def open_query(
    center: Center, site_id: str, address: ItemAddress, text: str, by: str, client: str = ""
) -> Query:
    """A new query, numbered next at its site; ValidationError when the address is not
    declared or the participant not known there, or the text is empty or too long."""
    question = check_query_text(text)
    catalogues = list(center.catalogues().values())
    with center.store.session() as session:
        _lock_site(session, site_id)
        _check_address(session, reversed(catalogues), site_id, address)
        query = _add_query(session, site_id, address, question, by, "manual")
        _log(
            session,
            by,
            "query opened",
            f"{site_id} query {query.number}: {_where(address)}",
            client,
        )
    return query


def close_query(
    center: Center, site_id: str, number: int, by: str, text: str = "", client: str = ""
) -> Query:
    """Close a query (upon its latest answer, when it has one), with an optional remark."""
    remark = check_query_text(text) if text.strip() else ""
    with center.store.session() as session:
        _lock_site(session, site_id)
        row = _find(session, site_id, number)
        query = _queries(session, [row])[0]
        if query.state == "closed":
            raise ValidationError(
                "Query {number} of site {site} is closed already.", number=number, site=site_id
            )
        answer = query.latest_answer() if query.state == "answered" else None
        event = QueryEvent(
            uuid4().hex,
            "close",
            utc_now_text(),
            by,
            remark,
            reply_to=answer.event_id if answer is not None else None,
        )
        _add_event(session, row.query_uid, event)
        _log(session, by, "query closed", f"{site_id} query {number}", client)
    return query.with_events([event])


def reopen_query(
    center: Center, site_id: str, number: int, by: str, text: str, client: str = ""
) -> Query:
    """Re-open an answered or closed query with a new question."""
    question = check_query_text(text)
    with center.store.session() as session:
        _lock_site(session, site_id)
        row = _find(session, site_id, number)
        query = _queries(session, [row])[0]
        if query.state == "open":
            raise ValidationError(
                "Query {number} of site {site} is open: it waits for the site's answer.",
                number=number,
                site=site_id,
            )
        event = QueryEvent(uuid4().hex, "reopen", utc_now_text(), by, question)
        _add_event(session, row.query_uid, event)
        _log(session, by, "query reopened", f"{site_id} query {number}", client)
    return query.with_events([event])


def mark_verified(
    center: Center, site_id: str, scope: str, address: ItemAddress, by: str, client: str = ""
) -> SdvMark:
    """A monitor's mark that an item, a form or a visit matches the source documents."""
    if scope not in SDV_SCOPES:
        raise ValidationError("Mark an item, a form or a visit.")
    depth = _DEPTH[scope]
    trimmed = ItemAddress(
        *(getattr(address, name) if index < depth else "" for index, name in enumerate(_ADDRESS))
    )
    mark = SdvMark(uuid4().hex, scope, trimmed, utc_now_text(), by, "centre")
    catalogues = list(center.catalogues().values())
    with center.store.session() as session:
        _check_address(session, reversed(catalogues), site_id, trimmed, scope)
        _add_mark(session, site_id, mark)
        _log(session, by, "source verified", f"{site_id} {scope}: {_where(trimmed)}", client)
    return mark


def _add_mark(session: Session, site_id: str, mark: SdvMark) -> None:
    session.add(
        CenterSdvMark(
            sdv_mark_uid=mark.mark_id,
            site_id=site_id,
            sdv_scope=mark.scope,
            verified_at=mark.at,
            verified_by=mark.by[:64],
            verified_side=mark.side,
            **{name: getattr(mark.address, name) for name in _ADDRESS},
        )
    )


# -- source verification state ---------------------------------------------------------------


@dataclass(frozen=True)
class ItemSdv:
    """An item's latest covering mark; `cleared_at`: the time of the change that cleared it."""

    scope: str
    verified_at: str
    verified_by: str
    cleared_at: str | None


ItemKey = tuple[str, str, str, str, str]  # event, form, group, repeat key, item


def item_sdv(session: Session, site_id: str, subject_key: str) -> dict[ItemKey, ItemSdv]:
    """Per item of one participant that a mark covers: the latest mark and whether a later
    change cleared it (a site mark by the site's audit order, a centre mark by when the
    change's bundle arrived)."""
    marks = session.scalars(
        select(CenterSdvMark).where(
            CenterSdvMark.site_id == site_id, CenterSdvMark.subject_key == subject_key
        )
    ).all()
    if not marks:
        return {}
    items = session.execute(
        select(
            CenterItem.event_oid,
            CenterItem.form_oid,
            CenterItem.group_oid,
            CenterItem.repeat_key,
            CenterItem.item_oid,
        ).where(CenterItem.site_id == site_id, CenterItem.subject_key == subject_key)
    ).all()
    changes: dict[ItemKey, list[tuple[int, datetime, str]]] = defaultdict(list)
    for event_oid, form_oid, group_oid, repeat_key, item_oid, seq, ts, arrived in session.execute(
        select(
            CenterAuditRow.event_oid,
            CenterAuditRow.form_oid,
            CenterAuditRow.group_oid,
            CenterAuditRow.repeat_key,
            CenterAuditRow.item_oid,
            CenterAuditRow.seq,
            CenterAuditRow.ts,
            CenterBundle.received_at,
        )
        .join(CenterBundle, CenterBundle.sha256 == CenterAuditRow.bundle_sha256)
        .where(
            CenterAuditRow.site_id == site_id,
            CenterAuditRow.subject_key == subject_key,
            CenterAuditRow.item_oid.is_not(None),
            CenterAuditRow.action != "event",
        )
    ):
        key = (event_oid or "", form_oid or "", group_oid or "", repeat_key or "", item_oid)
        changes[key].append((seq, arrived, ts or ""))
    result: dict[ItemKey, ItemSdv] = {}
    for item in items:
        key = cast(ItemKey, tuple(item))
        address = ItemAddress(subject_key, *key)
        covering = [mark for mark in marks if _mark(mark).covers(address)]
        if not covering:
            continue
        latest = max(covering, key=lambda mark: (mark.stored_at, mark.verified_at))
        later = [change for change in changes.get(key, []) if _after(change, latest)]
        result[key] = ItemSdv(
            latest.sdv_scope,
            latest.verified_at,
            latest.verified_by,
            min(later)[2] if later else None,
        )
    return result


def _after(change: tuple[int, datetime, str], mark: CenterSdvMark) -> bool:
    seq, arrived, _ts = change
    if mark.verified_side == "site":
        return seq > int(mark.sdv_mark_uid.rsplit(".", 1)[1])
    return arrived > mark.stored_at


def marks_version(center: Center) -> tuple[int, str]:
    """What changes whenever a mark is added: their number and the latest one's id."""
    with center.store.session() as session:
        count = int(session.scalar(select(func.count()).select_from(CenterSdvMark)) or 0)
        latest = session.scalar(select(func.max(CenterSdvMark.sdv_mark_uid))) or ""
    return count, str(latest)


@dataclass(frozen=True)
class SdvProgress:
    site_id: str
    subject_key: str  # "" for a whole site
    verified: int
    entered: int


def sdv_progress(
    center: Center, site_id: str | None = None
) -> tuple[list[SdvProgress], list[SdvProgress]]:
    """(per site, per participant) items verified against source and items entered (the
    counts the import keeps; only the participants with a mark are read item by item)."""
    entered_query = select(
        CenterSubjectItems.site_id, CenterSubjectItems.subject_key, CenterSubjectItems.items_entered
    )
    marked_query = select(CenterSdvMark.site_id, CenterSdvMark.subject_key).distinct()
    if site_id is not None:
        entered_query = entered_query.where(CenterSubjectItems.site_id == site_id)
        marked_query = marked_query.where(CenterSdvMark.site_id == site_id)
    with center.store.session() as session:
        entered = {
            (site, subject): int(count) for site, subject, count in session.execute(entered_query)
        }
        verified: dict[tuple[str, str], int] = {}
        for site, subject in session.execute(marked_query):
            live = item_sdv(session, site, subject)
            values = _entered_keys(session, site, subject)
            verified[(site, subject)] = sum(
                1 for key, state in live.items() if state.cleared_at is None and key in values
            )
    people = [
        SdvProgress(site, subject, verified.get((site, subject), 0), count)
        for (site, subject), count in sorted(entered.items())
    ]
    sites: dict[str, list[int]] = {}
    for row in people:
        totals = sites.setdefault(row.site_id, [0, 0])
        totals[0] += row.verified
        totals[1] += row.entered
    return (
        [SdvProgress(site, "", done, total) for site, (done, total) in sorted(sites.items())],
        people,
    )


def _entered_keys(session: Session, site_id: str, subject_key: str) -> set[ItemKey]:
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


# -- at import ------------------------------------------------------------------------------


def after_import(
    session: Session,
    site_id: str,
    rows: Sequence[Mapping[str, Any]],
    changes: Sequence[ItemChange],
    catalogues: Mapping[str, ItemCatalogue],
) -> None:
    """In the import's transaction, after its rows and items are applied: the site's answers
    and marks among `rows` become query events and marks (each once), and the edit checks run
    on the items `changes` set."""
    for row in rows:
        target = row.get("target") or ""
        if row.get("action") != "event" or row.get("redacted"):
            continue
        if target.startswith(QUERY_TARGET):
            _answer_from_row(session, site_id, row, target.removeprefix(QUERY_TARGET))
        elif target.startswith(SDV_TARGET):
            _mark_from_row(session, site_id, row, target.removeprefix(SDV_TARGET))
    if changes:
        _edit_checks(session, site_id, changes, catalogues)


def _answer_from_row(
    session: Session, site_id: str, row: Mapping[str, Any], query_uid: str
) -> None:
    event_id = f"{site_id}.{row['seq']}"
    if session.get(CenterQueryEvent, event_id) is not None:
        return
    stored = session.get(CenterQuery, query_uid)
    try:
        body = json.loads(row.get("new_value") or "")
        if stored is None or stored.site_id != site_id:
            raise ValidationError("It answers a query this centre did not raise for the site.")
        if (
            not isinstance(body, dict)
            or set(body) != {"kind", "reply_to", "text", "correction"}
            or body["kind"] != "answer"
        ):
            raise ValidationError("It is not an answer.")
        answer = QueryEvent(
            event_id,
            "answer",
            str(row.get("ts")),
            str(row.get("user_id")),
            body["text"],
            body["reply_to"],
            body["correction"],
        )
        query = _queries(session, [stored])[0]
        # The domain's reader checks the answer as it checks one arriving in a package.
        query_from_wire(query_to_wire(query.with_events([answer])))
    except (ValueError, TypeError, ValidationError) as error:
        log.warning(
            "site %s record %s: an answer that cannot be applied: %s", site_id, row["seq"], error
        )
        return
    _add_event(session, query_uid, answer)
    _log(
        session,
        f"site {site_id}: {answer.by}",
        "query answered",
        f"{site_id} query {stored.query_no}",
        "",
    )


def _mark_from_row(session: Session, site_id: str, row: Mapping[str, Any], scope: str) -> None:
    mark_id = f"{site_id}.{row['seq']}"
    if session.get(CenterSdvMark, mark_id) is not None:
        return
    try:
        body = json.loads(row.get("new_value") or "")
        if (
            not isinstance(body, dict)
            or set(body) != {"scope", "item_oid"}
            or body["scope"] != scope
            or scope not in _DEPTH
        ):
            raise ValidationError("It is not a verification mark.")
        depth = _DEPTH[scope]
        place = {
            name: (row.get(name) or "") if index < depth else ""
            for index, name in enumerate(_ADDRESS)
        }
        if scope == "item":
            place["item_oid"] = body["item_oid"] or ""
        mark = sdv_from_wire(
            {
                "mark_id": mark_id,
                "scope": scope,
                "address": place,
                "at": row.get("ts"),
                "by": row.get("user_id"),
                "side": "site",
            }
        )
    except (ValueError, TypeError, ValidationError) as error:
        log.warning(
            "site %s record %s: a verification mark that cannot be applied: %s",
            site_id,
            row["seq"],
            error,
        )
        return
    _add_mark(session, site_id, mark)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _raise_check(
    session: Session, site_id: str, address: ItemAddress, rule: str, text: str, digest: str
) -> None:
    if (
        session.scalar(
            select(CenterQuery.query_uid).where(
                CenterQuery.site_id == site_id, CenterQuery.check_digest == digest
            )
        )
        is not None
    ):
        return
    query = _add_query(
        session, site_id, address, text, EDIT_CHECK_USER, f"edit-check:{rule}", digest
    )
    _log(
        session,
        EDIT_CHECK_USER,
        "query raised",
        f"{site_id} query {query.number} ({rule}): {_where(address)}",
        "",
    )
    session.flush()


def _edit_checks(
    session: Session,
    site_id: str,
    changes: Sequence[ItemChange],
    catalogues: Mapping[str, ItemCatalogue],
) -> None:
    last: dict[tuple[str, ...], ItemChange] = {}
    for change in changes:
        last[
            (
                change.subject_key,
                change.event_oid,
                change.form_oid,
                change.group_oid,
                change.repeat_key,
                change.item_oid,
            )
        ] = change
    infusions: set[tuple[str, str, str, str, str]] = set()
    for change in last.values():
        catalogue = catalogues.get(change.mdv_oid)
        if catalogue is None or change.action == "delete" or change.value is None:
            continue
        _soft_range(session, site_id, change, catalogue)
        infusion = catalogue.form(_INFUSION)
        if change.form_oid == infusion.oid and change.item_oid in _volume_items(catalogue):
            infusions.add(
                (
                    change.subject_key,
                    change.event_oid,
                    change.form_oid,
                    change.group_oid,
                    change.repeat_key,
                )
            )
    current = list(catalogues.values())[-1]
    for instance in sorted(infusions):
        _infusion_volume(session, site_id, instance, current)


_INFUSION, _DEVIATION = "infusion", "deviation"
_VOLUME_QUESTION = (
    "{infused} mL was infused instead of the planned {planned} mL (more than "
    "{limit} % off) and no protocol deviation was recorded. Please check the "
    "volume or record the deviation."
)


def _volume_items(catalogue: ItemCatalogue) -> tuple[str, str]:
    return (
        catalogue.field_item(_INFUSION, "volume_infused_ml").oid,
        catalogue.field_item(_INFUSION, "volume_planned_ml").oid,
    )


def _soft_range(
    session: Session, site_id: str, change: ItemChange, catalogue: ItemCatalogue
) -> None:
    """A value outside its declared soft range that the site did not confirm raises a query."""
    protocol = catalogue.protocol
    field = _field_of(catalogue, change.form_oid, change.item_oid)
    try:
        value = Decimal(change.value or "")
        if field is None or field.soft_range is None or not value.is_finite():
            return
        standard = value
        if field.test is not None and field.kind == "lab" and change.unit:
            standard = to_standard(field.test, value, change.unit, protocol)
    except (ValidationError, InvalidOperation):
        return
    if standard in field.soft_range:
        return
    confirmed = session.scalar(
        select(CenterAuditRow.seq)
        .where(
            CenterAuditRow.site_id == site_id,
            CenterAuditRow.subject_key == change.subject_key,
            CenterAuditRow.event_oid == change.event_oid,
            CenterAuditRow.form_oid == change.form_oid,
            func.coalesce(CenterAuditRow.repeat_key, "") == change.repeat_key,
            CenterAuditRow.action == "event",
            CenterAuditRow.seq >= change.seq,
            CenterAuditRow.new_value.like(f"{_CONFIRMED}%"),
            func.coalesce(CenterAuditRow.item_oid, change.item_oid) == change.item_oid,
        )
        .limit(1)
    )
    if confirmed is not None:
        return
    unit = f" {field.standard_unit}" if field.standard_unit else ""
    shown = f"{change.value} {change.unit}" if change.unit else change.value
    text = (
        f"{field.label.en} {shown} is outside the expected range "
        f"{format_decimal(field.soft_range.low)} to {format_decimal(field.soft_range.high)}"
        f"{unit}, and the site did not confirm it. Please check it against the source."
    )
    address = ItemAddress(
        change.subject_key,
        change.event_oid,
        change.form_oid,
        change.group_oid,
        change.repeat_key,
        change.item_oid,
    )
    _raise_check(
        session,
        site_id,
        address,
        "soft-range",
        text,
        _digest("soft-range", *_address_parts(address), change.value or "", change.unit or ""),
    )


def _field_of(catalogue: ItemCatalogue, form_oid: str, item_oid: str) -> FieldDef | None:
    """The typed field declaring an item in a form (None for one the app records itself)."""
    for form in catalogue.protocol.all_forms:
        if form.oid == form_oid:
            return next(
                (field for field in (*form.fields, *form.retired_fields) if field.oid == item_oid),
                None,
            )
    return None


def _address_parts(address: ItemAddress) -> list[str]:
    return [getattr(address, name) for name in _ADDRESS]


def _infusion_volume(
    session: Session,
    site_id: str,
    instance: tuple[str, str, str, str, str],
    catalogue: ItemCatalogue,
) -> None:
    """An infused volume off the plan by more than the protocol allows, without a protocol
    deviation recorded for that visit, raises a query on the volume infused."""
    subject, event_oid, form_oid, group_oid, repeat_key = instance
    infused_oid, planned_oid = _volume_items(catalogue)
    found = session.execute(
        select(CenterItem.item_oid, CenterItem.current_value).where(
            CenterItem.site_id == site_id,
            CenterItem.subject_key == subject,
            CenterItem.event_oid == event_oid,
            CenterItem.form_oid == form_oid,
            CenterItem.repeat_key == repeat_key,
            CenterItem.removed.is_(False),
            CenterItem.item_oid.in_([infused_oid, planned_oid]),
        )
    )
    values = {oid: value for oid, value in found}
    try:
        infused, planned = Decimal(values[infused_oid] or ""), Decimal(values[planned_oid] or "")
    except (KeyError, InvalidOperation):
        return
    if not volume_off_plan(infused, planned, catalogue.protocol):
        return
    visit_code = next(
        (event.visit_code for event in catalogue.events if event.oid == event_oid), None
    )
    deviation = catalogue.form(_DEVIATION)
    visit_item = catalogue.field_item(_DEVIATION, "visit_code").oid
    recorded = session.scalar(
        select(CenterItem.repeat_key)
        .where(
            and_(
                CenterItem.site_id == site_id,
                CenterItem.subject_key == subject,
                CenterItem.form_oid == deviation.oid,
                CenterItem.item_oid == visit_item,
                CenterItem.current_value == visit_code,
                CenterItem.removed.is_(False),
            )
        )
        .limit(1)
    )
    if recorded is not None:
        return
    text = _VOLUME_QUESTION.format(
        infused=format_decimal(infused),
        planned=format_decimal(planned),
        limit=format_decimal(catalogue.protocol.dosing.volume_deviation_pct),
    )
    address = ItemAddress(subject, event_oid, form_oid, group_oid, repeat_key, infused_oid)
    _raise_check(
        session,
        site_id,
        address,
        "infusion-volume",
        text,
        _digest("infusion-volume", *_address_parts(address), str(infused), str(planned)),
    )
