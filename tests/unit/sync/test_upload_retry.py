"""The upload client: retries with backoff on a flaky link, gives up with one clear sentence, and
stops at a rejection; driven through httpx.MockTransport against an in-process centre."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from msc_desktop.central.service import Center
from msc_desktop.errors import SyncError
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.site import sync_status, upload_pending

from .sitepath import add_participant, connect


@pytest.fixture
def center(tmp_path: Path) -> Iterator[Center]:
    center = Center.init(tmp_path / "center")
    yield center
    center.close()


def flaky_transport(center: Center, failures: int, calls: list[str]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if len(calls) <= failures:
            if len(calls) % 2:
                raise httpx.ConnectError("connection refused", request=request)
            return httpx.Response(503, json={"status": "error", "reason": "busy"})
        outcome = center.import_bundle(request.content, "upload.mscb")
        if outcome.receipt is None:
            return httpx.Response(400, json={"status": "rejected", "reason": outcome.reason})
        return httpx.Response(200, content=outcome.receipt,
                              headers={"x-msc-status": outcome.status})

    return httpx.MockTransport(handle)


def test_flaky_link_is_retried_until_the_receipt_arrives(
        site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    calls: list[str] = []
    results = upload_pending(nurse_store, "http://centre.invalid", backoff_s=0.001, attempts=5,
                             transport=flaky_transport(center, 3, calls))
    assert [r.status for r in results] == ["accepted"] and len(calls) == 4
    assert calls == ["/bundles"] * 4
    assert sync_status(nurse_store).exported_not_acknowledged == 0


def test_dead_link_gives_up_and_keeps_the_bundle(
        site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    calls: list[str] = []
    with pytest.raises(SyncError, match="after 3 attempts .*stay in the outbox"):
        upload_pending(nurse_store, "http://centre.invalid", backoff_s=0.001, attempts=3,
                       transport=flaky_transport(center, 99, calls))
    assert len(calls) == 3
    status = sync_status(nurse_store)
    assert len(status.outbox) == 1 and status.acknowledged_seq == 0
    results = upload_pending(nurse_store, "http://centre.invalid", backoff_s=0.001,
                             transport=flaky_transport(center, 0, []))
    assert [r.status for r in results] == ["accepted"]


def test_rejection_stops_the_upload_with_the_reason(
        site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path) -> None:
    connect(site, center, tmp_path)
    center.revoke_site("01")
    add_participant(nurse_store, 0)
    results = upload_pending(nurse_store, "http://centre.invalid", backoff_s=0.001,
                             transport=flaky_transport(center, 0, []))
    assert len(results) == 1 and results[0].status == "rejected"
    assert "revoked" in results[0].detail
