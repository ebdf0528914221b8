"""Data queries and source data verification at the centre (DESIGN section 11): what the data
manager and the monitors do, and what the pages and the command line read.

A data manager opens a query on one item of one participant (`resolve_item` finds it from what a
nurse calls it; `open_query` checks it is declared in that form of that visit), closes it or
re-opens it. Monitors mark items, forms or visits as verified; a later change of a covered item
clears the mark for it (`item_sdv`). Queries are numbered per site; every action of a person
goes into the centre's audit log. What an import does to queries (the site's answers and marks,
the edit checks) is in `edit_checks`; the rows behind both, and `site_queries` and `site_marks`
(what a site package carries), in `query_rows`. It stays one module of about 400 lines: it is
the one surface the web pages and the command line call for queries and marks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import cast
from uuid import uuid4

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from msc_desktop.central.query_rows import (
    ADDRESS,
    DEPTH,
    ItemKey,
    add_event,
    add_mark,
    add_query,
    check_address,
    entered_keys,
    find_query,
    lock_site,
    log_action,
    mark_of,
    place_of,
    queries_of,
)
from msc_desktop.central.service import Center
from msc_desktop.central.tables import (
    CenterAuditRow,
    CenterBundle,
    CenterItem,
    CenterQuery,
    CenterSdvMark,
    CenterSubjectItems,
)
from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.queries import (
    SDV_SCOPES,
    ItemAddress,
    Query,
    QueryEvent,
    QueryState,
    SdvMark,
    check_query_text,
)
from msc_desktop.errors import ValidationError
from msc_desktop.sync.packages import utc_now_text


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
        found = queries_of(session, list(session.scalars(statement)))
    return [query for query in found if state is None or query.state == state]


def get_query(center: Center, site_id: str, number: int) -> Query:
    with center.store.session() as session:
        return queries_of(session, [find_query(session, site_id, number)])[0]


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


# -- the data manager's actions -------------------------------------------------------------


def open_query(
    center: Center, site_id: str, address: ItemAddress, text: str, by: str, client: str = ""
) -> Query:
    """A new query, numbered next at its site; ValidationError when the address is not
    declared or the participant not known there, or the text is empty or too long."""
    question = check_query_text(text)
    catalogues = list(center.catalogues().values())
    with center.store.session() as session:
        lock_site(session, site_id)
        check_address(session, reversed(catalogues), site_id, address)
        query = add_query(session, site_id, address, question, by, "manual")
        log_action(
            session,
            by,
            "query opened",
            f"{site_id} query {query.number}: {place_of(address)}",
            client,
        )
    return query


def _locked_query(session: Session, site_id: str, number: int) -> tuple[CenterQuery, Query]:
    """A query of a site, read with its history while the site is locked for the change."""
    lock_site(session, site_id)
    row = find_query(session, site_id, number)
    return row, queries_of(session, [row])[0]


def close_query(
    center: Center, site_id: str, number: int, by: str, text: str = "", client: str = ""
) -> Query:
    """Close a query (upon its latest answer, when it has one), with an optional remark."""
    remark = check_query_text(text) if text.strip() else ""
    with center.store.session() as session:
        row, query = _locked_query(session, site_id, number)
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
        add_event(session, row.query_uid, event)
        log_action(session, by, "query closed", f"{site_id} query {number}", client)
    return query.with_events([event])


def reopen_query(
    center: Center, site_id: str, number: int, by: str, text: str, client: str = ""
) -> Query:
    """Re-open an answered or closed query with a new question."""
    question = check_query_text(text)
    with center.store.session() as session:
        row, query = _locked_query(session, site_id, number)
        if query.state == "open":
            raise ValidationError(
                "Query {number} of site {site} is open: it waits for the site's answer.",
                number=number,
                site=site_id,
            )
        event = QueryEvent(uuid4().hex, "reopen", utc_now_text(), by, question)
        add_event(session, row.query_uid, event)
        log_action(session, by, "query reopened", f"{site_id} query {number}", client)
    return query.with_events([event])


def mark_verified(
    center: Center, site_id: str, scope: str, address: ItemAddress, by: str, client: str = ""
) -> SdvMark:
    """A monitor's mark that an item, a form or a visit matches the source documents."""
    if scope not in SDV_SCOPES:
        raise ValidationError("Mark an item, a form or a visit.")
    depth = DEPTH[scope]
    trimmed = ItemAddress(
        *(getattr(address, name) if index < depth else "" for index, name in enumerate(ADDRESS))
    )
    mark = SdvMark(uuid4().hex, scope, trimmed, utc_now_text(), by, "centre")
    catalogues = list(center.catalogues().values())
    with center.store.session() as session:
        check_address(session, reversed(catalogues), site_id, trimmed, scope)
        add_mark(session, site_id, mark)
        log_action(
            session, by, "source verified", f"{site_id} {scope}: {place_of(trimmed)}", client
        )
    return mark


# -- source verification state ---------------------------------------------------------------


@dataclass(frozen=True)
class ItemSdv:
    """An item's latest covering mark; `cleared_at`: the time of the change that cleared it."""

    scope: str
    verified_at: str
    verified_by: str
    cleared_at: str | None


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
        covering = [mark for mark in marks if mark_of(mark).covers(address)]
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
            values = entered_keys(session, site, subject)
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
