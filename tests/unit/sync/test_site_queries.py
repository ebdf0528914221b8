"""A site package's queries and SDV marks at the site: imported by a nurse, exactly once, and
fetched after a successful upload (a failed fetch never fails the upload)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from msc_desktop.central.service import Center
from msc_desktop.domain.queries import ItemAddress, Query, SdvMark
from msc_desktop.errors import PermissionDenied
from msc_desktop.store.services.queries import (
    list_queries,
    open_query_count,
    verified_items,
    visit_place,
)
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.packages import seal_site_package
from msc_desktop.sync.site import import_package_bytes, upload_pending
from tests.queries import centre_id, closed, opened

from .sitepath import connect, screened_participant
from .test_upload_retry import flaky_transport


def _package(
    center: Center,
    queries: list[Query],
    marks: list[SdvMark] = (),  # type: ignore[assignment]
    settings: dict[str, str] | None = None,
) -> bytes:
    return seal_site_package(
        center.site_identity("01"),
        [],
        settings or {},
        center.keys,
        queries=queries,
        sdv_marks=marks,
    )


def _albumin(store: SiteStore, pid: str) -> ItemAddress:
    return visit_place(store, pid, "SCR", "screening", "albumin")


def test_a_nurse_imports_the_queries_of_a_package_exactly_once(
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    center: Center,
    tmp_path: Path,
) -> None:
    connect(site, center, tmp_path)
    pid = screened_participant(nurse_store, investigator_store, 0)
    query = opened(1, _albumin(nurse_store, pid), "Albumin?")
    visit = visit_place(nurse_store, pid, "SCR")
    mark = SdvMark(centre_id(), "visit", visit, "2026-11-21T09:00:00.000000Z", "mona", "centre")
    data = _package(center, [query], [mark])
    assert import_package_bytes(nurse_store, data) == "1 new query, 1 source verification marks"
    assert import_package_bytes(nurse_store, data) == "no change to the queries"
    assert open_query_count(nurse_store) == 1
    # a centre mark covers what the centre had received when it came (nothing yet here)
    assert verified_items(nurse_store, pid) == {}
    shut = _package(center, [closed(query)], [mark], settings={"protocol_version": "1.0"})
    assert import_package_bytes(nurse_store, shut) == (
        "1 closed; the allocation lists, protocol settings or versions it also holds wait "
        "for the site "
        "administrator to import it"
    )
    assert [view.state for view in list_queries(nurse_store)] == ["closed"]
    with pytest.raises(PermissionDenied, match="site administrator"):
        import_package_bytes(
            nurse_store, _package(center, [], settings={"protocol_version": "1.1"})
        )
    assert import_package_bytes(site, shut) == (
        "no new allocation list; protocol ? version 1.0; no change to the queries"
    )
    last = site.verify_audit().last_seq
    import_package_bytes(
        site, shut
    )  # the same package again (a fetch after each upload) writes nothing
    assert site.verify_audit().last_seq == last


def _with_package(center: Center, package: bytes | None, status: int = 200) -> httpx.MockTransport:
    bundles = flaky_transport(center, 0, [])

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/site-package":
            if status != 200:
                return httpx.Response(status, json={"status": "rejected", "reason": "unknown site"})
            return httpx.Response(204) if package is None else httpx.Response(200, content=package)
        return bundles.handle_request(request)

    return httpx.MockTransport(handle)


def test_after_a_successful_upload_the_site_fetches_and_imports_its_package(
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    center: Center,
    tmp_path: Path,
) -> None:
    connect(site, center, tmp_path)
    pid = screened_participant(nurse_store, investigator_store, 0)
    query = opened(1, _albumin(nurse_store, pid), "Albumin?")
    results = upload_pending(
        nurse_store,
        "https://centre.invalid",
        backoff_s=0.001,
        fetch_package=True,
        transport=_with_package(center, _package(center, [query])),
    )
    assert [str(r.line()) for r in results][-1] == "centre package: received: 1 new query"
    assert results[0].status == "accepted"
    assert open_query_count(nurse_store) == 1
    nothing = upload_pending(
        nurse_store,
        "https://centre.invalid",
        backoff_s=0.001,
        fetch_package=True,
        transport=_with_package(center, None),
    )
    assert str(nothing[-1].line()) == "centre package: nothing new from the centre"
    refused = upload_pending(
        nurse_store,
        "https://centre.invalid",
        backoff_s=0.001,
        fetch_package=True,
        transport=_with_package(center, None, 403),
    )
    assert (
        str(refused[-1].line())
        == "centre package: not fetched (the bundles were sent): unknown site"
    )
    assert all(result.status != "rejected" for result in refused)
