"""The upload client: retries with backoff on a flaky link, gives up with one clear sentence, and
stops at a rejection; driven through httpx.MockTransport against an in-process centre."""

from __future__ import annotations

import ssl
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest

from msc_desktop.central.service import Center
from msc_desktop.errors import SyncError
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.identity import pin_center_key, write_identity
from msc_desktop.sync.keys import KeyPair
from msc_desktop.sync.site_status import sync_status
from msc_desktop.sync.site_upload import upload_pending
from tests.accounts import CENTRE_PASSPHRASE, NURSE

from .sitepath import add_participant, connect


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
        return httpx.Response(
            200, content=outcome.receipt, headers={"x-msc-status": outcome.status}
        )

    return httpx.MockTransport(handle)


def test_flaky_link_is_retried_until_the_receipt_arrives(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    calls: list[str] = []
    results = upload_pending(
        nurse_store,
        "https://centre.invalid",
        backoff_s=0.001,
        attempts=5,
        transport=flaky_transport(center, 3, calls),
    )
    assert [r.status for r in results] == ["accepted"] and len(calls) == 4
    assert calls == ["/bundles"] * 4
    assert sync_status(nurse_store).exported_not_acknowledged == 0


def test_dead_link_gives_up_and_keeps_the_bundle(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    calls: list[str] = []
    with pytest.raises(SyncError, match="after 3 attempts .*stay in the outbox"):
        upload_pending(
            nurse_store,
            "https://centre.invalid",
            backoff_s=0.001,
            attempts=3,
            transport=flaky_transport(center, 99, calls),
        )
    assert len(calls) == 3
    status = sync_status(nurse_store)
    assert len(status.outbox) == 1 and status.acknowledged_seq == 0
    results = upload_pending(
        nurse_store,
        "https://centre.invalid",
        backoff_s=0.001,
        transport=flaky_transport(center, 0, []),
    )
    assert [r.status for r in results] == ["accepted"]


def test_rejection_stops_the_upload_with_the_reason(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    center.revoke_site("01")
    add_participant(nurse_store, 0)
    results = upload_pending(
        nurse_store,
        "https://centre.invalid",
        backoff_s=0.001,
        transport=flaky_transport(center, 0, []),
    )
    assert len(results) == 1 and results[0].status == "rejected"
    assert "revoked" in results[0].detail


def recording_transport(center: Center, calls: list[str]) -> httpx.MockTransport:
    return flaky_transport(center, 0, calls)


@pytest.mark.parametrize(
    "url", ["http://centre.example.org", "http://10.0.0.5:8443", "HTTP://Centre.Example.org/"]
)
def test_plain_http_to_another_computer_is_refused_before_anything_is_sent(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path, url: str
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    calls: list[str] = []
    with pytest.raises(SyncError, match="uses plain http:// to another computer.*https://"):
        upload_pending(
            nurse_store, url, backoff_s=0.001, transport=recording_transport(center, calls)
        )
    assert calls == []
    assert sync_status(nurse_store).outbox == ()


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"]
)
def test_plain_http_to_this_computer_is_allowed(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path, url: str
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    results = upload_pending(
        nurse_store, url, backoff_s=0.001, transport=recording_transport(center, [])
    )
    assert [r.status for r in results] == ["accepted"]


def test_insecure_allows_plain_http_when_asked(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    calls: list[str] = []
    results = upload_pending(
        nurse_store,
        "http://centre.example.org",
        backoff_s=0.001,
        insecure=True,
        transport=recording_transport(center, calls),
    )
    assert [r.status for r in results] == ["accepted"] and calls == ["/bundles"]


@pytest.mark.parametrize("url", ["ftp://centre.example.org", "centre.example.org", "https://"])
def test_an_address_that_is_not_a_web_address_is_refused(
    site: SiteStore, nurse_store: SiteStore, url: str
) -> None:
    with pytest.raises(SyncError, match="must start with https:// and name a host"):
        upload_pending(nurse_store, url)


def test_a_certificate_failure_is_named_and_not_retried(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    calls: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        failure = ssl.SSLCertVerificationError(
            1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"
        )
        failure.verify_message = "self-signed certificate"
        raise httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED]", request=request) from failure

    with pytest.raises(
        SyncError, match=r"certificate .* could not be verified \(self-signed certificate\)"
    ):
        upload_pending(
            nurse_store,
            "https://centre.example.org",
            backoff_s=0.001,
            attempts=5,
            transport=httpx.MockTransport(handle),
        )
    assert len(calls) == 1
    assert len(sync_status(nurse_store).outbox) == 1


def test_a_failed_upload_is_sent_again_as_the_same_bundle(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    """Issue 15 item 15: every failed attempt (each sign-in adds a row) made one more bundle."""
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    for _attempt in range(3):
        again = SiteStore.unlock(nurse_store.data_dir, NURSE[0], NURSE[1])  # a new sign-in row
        with pytest.raises(SyncError, match="stay in the outbox"):
            upload_pending(
                again,
                "https://centre.invalid",
                backoff_s=0.001,
                attempts=1,
                transport=flaky_transport(center, 99, []),
            )
        again.close()
        assert len(sync_status(nurse_store).outbox) == 1
    first = sync_status(nurse_store).outbox[0]
    results = upload_pending(
        nurse_store,
        "https://centre.invalid",
        backoff_s=0.001,
        transport=flaky_transport(center, 0, []),
    )
    assert [r.status for r in results] == ["accepted", "accepted"]
    assert results[0].file_name == first
    status = sync_status(nurse_store)
    assert status.acknowledged_seq == status.exported_seq == status.last_seq
    assert center.site_progress()["01"][0] == status.last_seq and status.outbox == ()


def test_pending_bundles_go_to_the_new_centre_after_its_key_is_replaced(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    assert [
        r.status
        for r in upload_pending(
            nurse_store,
            "https://old.invalid",
            backoff_s=0.001,
            transport=flaky_transport(center, 0, []),
        )
    ] == ["accepted"]
    add_participant(nurse_store, 1)
    with pytest.raises(SyncError, match="stay in the outbox"):
        upload_pending(
            nurse_store,
            "https://old.invalid",
            backoff_s=0.001,
            attempts=1,
            transport=flaky_transport(center, 99, []),
        )
    assert len(sync_status(nurse_store).outbox) == 1  # sealed to the old centre
    new_center = Center.init(tmp_path / "new-center", passphrase=CENTRE_PASSPHRASE)
    try:
        identity = tmp_path / "site-again.pub"
        write_identity(site, identity)
        new_center.register_site("01", identity.read_bytes())
        pin_center_key(site, new_center.home.public_key_path, replace=True)
        assert sync_status(nurse_store).outbox == ()
        results = upload_pending(
            nurse_store,
            "https://new.invalid",
            backoff_s=0.001,
            transport=flaky_transport(new_center, 0, []),
        )
        assert [r.status for r in results] == ["accepted"]
        assert results[0].file_name.startswith("01-000001-")
        status = sync_status(nurse_store)
        assert new_center.site_progress()["01"][0] == status.last_seq == status.acknowledged_seq
    finally:
        new_center.close()


def test_the_old_centre_accepts_the_full_bundle_after_a_replaced_key_is_put_back(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    """A centre that already holds the site's history takes the re-sent records once."""
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    upload_pending(nurse_store, "https://centre.invalid", transport=flaky_transport(center, 0, []))
    other = tmp_path / "other.pub"
    other.write_bytes(KeyPair.generate("center", "X").public_document())
    pin_center_key(site, other, replace=True)
    pin_center_key(site, center.home.public_key_path, replace=True)
    add_participant(nurse_store, 1)
    results = upload_pending(
        nurse_store, "https://centre.invalid", transport=flaky_transport(center, 0, [])
    )
    assert [r.status for r in results] == ["accepted"]
    status = sync_status(nurse_store)
    assert center.site_progress()["01"][0] == status.last_seq == status.acknowledged_seq


def busy_transport(
    center: Center, answers: list[httpx.Response], calls: list[str]
) -> httpx.MockTransport:
    """Answers with `answers` first (one per request), then imports like the centre."""

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if answers:
            return answers.pop(0)
        outcome = center.import_bundle(request.content, "upload.mscb")
        assert outcome.receipt is not None
        return httpx.Response(
            200, content=outcome.receipt, headers={"x-msc-status": outcome.status}
        )

    return httpx.MockTransport(handle)


def test_busy_centre_is_asked_again_after_its_retry_after(
    site: SiteStore,
    nurse_store: SiteStore,
    center: Center,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    waits: list[float] = []
    monkeypatch.setattr("msc_desktop.sync.site_upload._wait", waits.append)
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=45), usegmt=True)
    answers = [
        httpx.Response(429, json={"status": "error"}, headers={"retry-after": "60"}),
        httpx.Response(503, json={"status": "error"}, headers={"retry-after": later}),
        httpx.Response(503, json={"status": "error"}),
    ]
    calls: list[str] = []
    results = upload_pending(
        nurse_store,
        "https://centre.invalid",
        backoff_s=0.001,
        attempts=5,
        transport=busy_transport(center, answers, calls),
    )
    assert [r.status for r in results] == ["accepted"] and len(calls) == 4
    assert waits[0] == 60 and 40 <= waits[1] <= 46 and waits[2] < 1


def test_a_centre_asking_for_a_long_wait_ends_the_attempt_and_keeps_the_bundle(
    site: SiteStore,
    nurse_store: SiteStore,
    center: Center,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    waits: list[float] = []
    monkeypatch.setattr("msc_desktop.sync.site_upload._wait", waits.append)
    answers = [httpx.Response(503, json={"status": "error"}, headers={"retry-after": "3600"})]
    with pytest.raises(SyncError, match="wait 60 minutes .*stay in the outbox"):
        upload_pending(
            nurse_store,
            "https://centre.invalid",
            backoff_s=0.001,
            attempts=5,
            transport=busy_transport(center, answers, []),
        )
    assert waits == [] and len(sync_status(nurse_store).outbox) == 1
