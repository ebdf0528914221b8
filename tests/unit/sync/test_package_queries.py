"""Site packages carry the site's queries and source verification marks; package requests."""

from __future__ import annotations

import json
from dataclasses import replace
from uuid import uuid4

import pytest

from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.domain.queries import ItemAddress, Query, QueryEvent, SdvMark, query_to_wire
from msc_desktop.errors import SyncError
from msc_desktop.sync.envelope import PACKAGE_MAGIC, canonical_json, seal
from msc_desktop.sync.keys import KeyPair, PublicIdentity
from msc_desktop.sync.package_request import (
    MAX_REQUEST_BYTES,
    open_package_request,
    seal_package_request,
)
from msc_desktop.sync.packages import open_site_package, seal_site_package

PROTOCOL = load_protocol()
SITE = KeyPair.generate("site", "01")
OTHER = KeyPair.generate("site", "02")
CENTER = KeyPair.generate("center", "XJMSC0001")
ADDRESS = ItemAddress("01-0007", "SE.W4", "F.LAB", "IG.LAB", "", "IT.LB.ALB")


def query(site_id: str = "01", number: int = 1) -> Query:
    opened = QueryEvent(uuid4().hex, "open", "2026-12-04T10:00:00.000000Z", "dm", "Albumin 12?")
    answer = QueryEvent(
        f"{site_id}.41",
        "answer",
        "2026-12-04T11:00:00.000000Z",
        "nurse",
        "Typo, corrected",
        reply_to=opened.event_id,
        correction="35 g/L",
    )
    return Query(uuid4().hex, number, site_id, ADDRESS, "manual", (opened, answer))


def test_package_carries_queries_with_history_and_marks() -> None:
    asked = query()
    mark = SdvMark(
        uuid4().hex,
        "form",
        replace(ADDRESS, group_oid="", item_oid=""),
        "2026-12-04T12:00:00.000000Z",
        "monitor",
        "centre",
    )
    data = seal_site_package(SITE.public(), [], {}, CENTER, queries=[asked], sdv_marks=[mark])
    assert b"Albumin" not in data  # encrypted to the site
    package = open_site_package(data, CENTER.public(), SITE, PROTOCOL)
    assert package.queries == (asked,)
    assert package.queries[0].state == "answered"
    assert package.sdv_marks == (mark,)


def test_package_without_queries_opens_with_none() -> None:
    package = open_site_package(
        seal_site_package(SITE.public(), [], {}, CENTER), CENTER.public(), SITE, PROTOCOL
    )
    assert package.queries == () and package.sdv_marks == ()


def _package_with_body(body: dict[str, object]) -> bytes:
    header = {
        "kind": "site-package",
        "site_id": "01",
        "center": CENTER.public().fingerprint,
        "recipient": SITE.public().fingerprint,
        "created": "2026-12-04T00:00:00.000000Z",
        "package_id": uuid4().hex,
    }
    return seal(PACKAGE_MAGIC, header, canonical_json(body), CENTER, SITE.public().recipient_key)


def test_package_from_before_queries_travelled_still_opens() -> None:
    old = _package_with_body({"allocation_lists": [], "protocol_settings": {}})
    assert open_site_package(old, CENTER.public(), SITE, PROTOCOL).queries == ()


@pytest.mark.parametrize(
    "queries, marks, reason",
    [
        ("x", [], "malformed"),
        ([{"query_id": "nope"}], [], "malformed query"),
        ([], [{"mark_id": 1}], "malformed query or verification mark"),
    ],
)
def test_package_with_a_bad_query_section_is_refused(
    queries: object, marks: object, reason: str
) -> None:
    data = _package_with_body(
        {"allocation_lists": [], "protocol_settings": {}, "queries": queries, "sdv_marks": marks}
    )
    with pytest.raises(SyncError, match=reason):
        open_site_package(data, CENTER.public(), SITE, PROTOCOL)


def test_a_query_of_another_site_is_neither_sealed_nor_opened() -> None:
    with pytest.raises(SyncError, match="its own site"):
        seal_site_package(SITE.public(), [], {}, CENTER, queries=[query("02")])
    data = _package_with_body(
        {
            "allocation_lists": [],
            "protocol_settings": {},
            "queries": [query_to_wire(query("02"))],
            "sdv_marks": [],
        }
    )
    with pytest.raises(SyncError, match="another site"):
        open_site_package(data, CENTER.public(), SITE, PROTOCOL)


def registered(site_id: str) -> PublicIdentity:
    if site_id == "01":
        return SITE.public()
    raise SyncError("Site {site_id} is not registered at this centre.", site_id=site_id)


def test_package_request_round_trip() -> None:
    data = seal_package_request(SITE, CENTER.public().fingerprint)
    assert len(data) < MAX_REQUEST_BYTES
    request = open_package_request(data, registered, CENTER.public().fingerprint)
    assert request.site_id == "01" and len(request.nonce) == 32
    again = open_package_request(
        seal_package_request(SITE, CENTER.public().fingerprint),
        registered,
        CENTER.public().fingerprint,
    )
    assert again.nonce != request.nonce


def test_package_requests_that_do_not_verify_are_refused() -> None:
    centre = CENTER.public().fingerprint
    with pytest.raises(SyncError, match="not registered"):
        open_package_request(seal_package_request(OTHER, centre), registered, centre)
    with pytest.raises(SyncError, match="another coordinating centre"):
        open_package_request(seal_package_request(SITE, "ab" * 32), registered, centre)
    impostor = KeyPair.generate("site", "01")
    with pytest.raises(SyncError, match="not registered for site 01"):
        open_package_request(seal_package_request(impostor, centre), registered, centre)
    altered = bytearray(seal_package_request(SITE, centre))
    altered[-5] ^= 1
    with pytest.raises(SyncError, match="signature"):
        open_package_request(bytes(altered), registered, centre)
    with pytest.raises(SyncError, match="too large"):
        open_package_request(b"x" * (MAX_REQUEST_BYTES + 1), registered, centre)
    with pytest.raises(SyncError, match="not a package request"):
        open_package_request(b"MSCB" + b"\0" * 200, registered, centre)
    package = seal_site_package(SITE.public(), [], {}, CENTER)[:MAX_REQUEST_BYTES]
    with pytest.raises(SyncError, match="not a package request"):
        open_package_request(package, registered, centre)


def test_a_request_header_with_extra_keys_is_refused() -> None:
    header = {
        "kind": "package-request",
        "site_id": "01",
        "center": CENTER.public().fingerprint,
        "sender": SITE.public().fingerprint,
        "created": "2026-12-04T00:00:00.000000Z",
        "nonce": "n",
        "extra": 1,
    }
    data = seal(PACKAGE_MAGIC, header, json.dumps({}).encode(), SITE, None)
    with pytest.raises(SyncError, match="not a package request"):
        open_package_request(data, registered, CENTER.public().fingerprint)
