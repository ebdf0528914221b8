"""The upload endpoint under attack (issue 15 item 3), served in-process by uvicorn with small
limits: unauthenticated bodies are refused before anything is kept, the body never sits in
memory, quarantine quotas hold, slow clients are dropped, one address is rate limited, and no
answer names a path on the server."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn

from msc_desktop.central.core import CenterLimits
from msc_desktop.central.server import ServerSettings, server_config
from msc_desktop.central.service import Center
from msc_desktop.store.audit_chain import GENESIS_HASH
from msc_desktop.sync.bundle import BundleHeader, seal_bundle
from msc_desktop.sync.keys import KeyPair
from tests.accounts import CENTRE_PASSPHRASE
from tests.unit.sync.chains import clinical, item_chain

SITE = KeyPair.generate("site", "07")
INTRUDER = KeyPair.generate("site", "07")
FAST = ServerSettings(
    header_timeout_s=1.0,
    body_idle_timeout_s=1.0,
    body_timeout_s=1.0,
    min_body_rate=1_000_000,
    rate_limit=1000,
)


@contextmanager
def serving(center: Center, settings: ServerSettings = FAST) -> Iterator[str]:
    """The endpoint on a free loopback port in a thread of this process; yields its URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = server_config(center, "127.0.0.1", port, settings)
    config.log_level = "warning"
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        listener.close()


def new_center(tmp_path: Path, **limits: int) -> Center:
    center = Center.init(
        tmp_path / "centre", passphrase=CENTRE_PASSPHRASE, limits=CenterLimits(**limits)
    )
    center.register_site("07", SITE.public_document())
    return center


def bundle(
    center: Center, signer: KeyPair = SITE, rows: int = 5, first_prev: str = GENESIS_HASH
) -> bytes:
    chain = item_chain(rows, prev_hash=first_prev)
    header = BundleHeader(
        "07",
        "dev",
        1,
        rows,
        first_prev,
        chain[-1]["hash"],
        "2026-11-29T10:00:00.000000Z",
        center.fingerprint,
        signer.public().fingerprint,
    )
    return seal_bundle(header, chain, clinical(chain, "07"), signer, center.keys.public())


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_unauthenticated_bodies_are_refused_and_nothing_is_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Twenty 4 MB junk bodies filled 78 MB of quarantine in 0.66 s; none may be kept now."""
    center = new_center(tmp_path)
    forged = bundle(center, INTRUDER)
    junk = [os.urandom(4 * 1024 * 1024) for _ in range(3)]
    spoofed = b"MSCB" + bytes(4 * 1024 * 1024)
    with serving(center) as url:
        statuses = [
            httpx.post(url + "/bundles", content=body, timeout=30).status_code
            for body in [*junk * 6, spoofed, forged]
        ]
        answer = httpx.post(url + "/bundles", content=forged, timeout=30)
    center.close()
    assert statuses == [400] * 19 + [401]
    assert answer.json() == {
        "status": "rejected",
        "reason": ("This bundle was signed by a key that is not registered for site 07."),
    }
    assert files_under(center.home.quarantine_dir) == []
    assert files_under(center.home.incoming_dir) == []
    refusals = [record for record in caplog.records if "refused, nothing kept" in record.message]
    assert len(refusals) == 21 and all("\n" not in record.message for record in refusals)


def test_a_body_is_streamed_to_disk_not_held_in_memory(tmp_path: Path) -> None:
    """Eight 60 MB posts took 685 MB RSS: the body now goes to a bounded temporary file."""
    center = new_center(tmp_path)
    seen: list[int] = []
    original = center.verify_upload

    def spy(stream: object, length: int) -> BundleHeader:
        seen.extend(path.stat().st_mode & 0o777 for path in files_under(center.home.incoming_dir))
        return original(stream, length)  # type: ignore[arg-type]

    center.verify_upload = spy  # type: ignore[method-assign]
    with serving(center) as url:
        response = httpx.post(url + "/bundles", content=bundle(center), timeout=30)
    center.close()
    assert response.status_code == 200 and response.headers["x-msc-status"] == "accepted"
    assert seen == [0o600]
    assert files_under(center.home.incoming_dir) == []


def test_quarantine_quotas_per_site_and_in_total(tmp_path: Path) -> None:
    center = new_center(tmp_path)
    conflicting = [bundle(center, rows=5, first_prev="ab" * 32) for _ in range(4)]
    size = len(conflicting[0])
    center.limits = CenterLimits(site_quarantine_bytes=2 * size + 400)
    with serving(center) as url:
        answers = [
            httpx.post(url + "/bundles", content=body, timeout=30).json()["reason"]
            for body in conflicting
        ]
    kept = [
        path for path in files_under(center.home.quarantine_dir / "07") if path.suffix == ".mscb"
    ]
    assert len(kept) == 2
    assert [answer.endswith("no copy was kept: the quarantine is full") for answer in answers] == [
        False,
        False,
        True,
        True,
    ]
    # The whole quarantine has its own quota, whoever the files came from.
    center.limits = CenterLimits(quarantine_bytes=3 * size)
    outcome = center.import_bundle(b"MSCB" + bytes(size), "junk.mscb")
    center.close()
    assert outcome.quarantine_path is None and outcome.reason.endswith("the quarantine is full")
    assert files_under(center.home.quarantine_dir / "unidentified-senders") == []


def test_slow_headers_and_slow_bodies_are_dropped(tmp_path: Path) -> None:
    """Slow clients were still held after 30 s."""
    center = new_center(tmp_path)
    with serving(center) as url:
        port = int(url.rsplit(":", 1)[1])
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", port)) as slow_headers:
            slow_headers.settimeout(10)
            closed_after = None
            for character in b"POST /bundles HTTP/1.1\r\nHost: x\r\n":
                try:
                    slow_headers.sendall(bytes([character]))
                    if slow_headers.recv(1, socket.MSG_DONTWAIT) == b"":
                        closed_after = time.monotonic() - started
                        break
                except BlockingIOError:
                    pass
                except OSError:
                    closed_after = time.monotonic() - started
                    break
                time.sleep(0.2)
        assert closed_after is not None and closed_after < 5
        with socket.create_connection(("127.0.0.1", port)) as slow_body:
            slow_body.settimeout(10)
            slow_body.sendall(b"POST /bundles HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n")
            slow_body.sendall(b"MSCB")
            started = time.monotonic()
            answer = slow_body.recv(4096)
            waited = time.monotonic() - started
    center.close()
    assert answer.startswith(b"HTTP/1.1 408 ") and waited < 5
    assert files_under(center.home.incoming_dir) == []


def test_one_address_is_rate_limited(tmp_path: Path) -> None:
    center = new_center(tmp_path)
    limited = ServerSettings(rate_limit=3)
    with serving(center, limited) as url:
        statuses = [
            httpx.post(url + "/bundles", content=b"MSCB", timeout=30).status_code for _ in range(5)
        ]
        last = httpx.get(url + "/bundles", timeout=30)
        page = httpx.get(url + "/sign-in", timeout=30)  # the web application has its own limits
    center.close()
    assert statuses == [400, 400, 400, 429, 429]
    assert last.status_code == 429 and last.headers["retry-after"] == "60"
    assert page.status_code == 200


def test_answers_never_name_a_path_on_the_server(tmp_path: Path) -> None:
    center = new_center(tmp_path)
    home = str(center.home.path)
    center.home.quarantine_dir.mkdir(parents=True, exist_ok=True)
    (center.home.quarantine_dir / "07").write_text("not a folder")  # quarantine cannot be written
    with serving(center) as url:
        bodies = [b"", b"MSCB", bundle(center, INTRUDER), bundle(center, first_prev="cd" * 32)]
        answers = [httpx.post(url + "/bundles", content=body, timeout=30) for body in bodies]
    center.close()
    assert [answer.status_code for answer in answers] == [400, 400, 401, 400]
    assert answers[3].json()["reason"].endswith("; no copy could be kept in quarantine")
    assert all(home not in answer.text and "/tmp" not in answer.text for answer in answers)
