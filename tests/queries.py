"""Queries as the centre would send them, for the site's tests (domain/queries.py)."""

from __future__ import annotations

import uuid

from msc_desktop.domain.queries import ItemAddress, Query, QueryEvent


def centre_id() -> str:
    return uuid.uuid4().hex


def opened(
    number: int,
    place: ItemAddress,
    text: str,
    *,
    site_id: str = "01",
    at: str = "2026-11-21T08:00:00.000000Z",
) -> Query:
    """A query the centre has just opened."""
    return Query(
        centre_id(),
        number,
        site_id,
        place,
        "manual",
        (QueryEvent(centre_id(), "open", at, "dm", text),),
    )


def closed(
    query: Query, *, upon: str | None = None, at: str = "2026-11-23T08:00:00.000000Z"
) -> Query:
    """`query` as the centre closes it (upon the answer `upon`, when it saw one)."""
    return query.with_events([QueryEvent(centre_id(), "close", at, "dm", "", reply_to=upon)])
