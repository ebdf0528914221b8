"""The upload endpoint (`msc-central serve`) on 127.0.0.1: 50 concurrent uploads in random order
lose nothing, oversized bodies get 413, malformed requests 400, anything else is not exposed, and
a site's `upload_pending` talks to it end to end, over HTTPS too."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import random
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import func, select

from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterAuditRow
from msc_desktop.errors import SyncError
from msc_desktop.store.audit_chain import GENESIS_HASH
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.bundle import BundleHeader, seal_bundle
from msc_desktop.sync.keys import KeyPair
from msc_desktop.sync.packages import open_receipt
from msc_desktop.sync.site_status import sync_status
from msc_desktop.sync.site_upload import upload_pending
from tests.accounts import CENTRE_PASSPHRASE
from tests.unit.sync.chains import clinical, item_chain
from tests.unit.sync.sitepath import add_participant, connect

MAX_BYTES = 200_000
CENTRAL = "import sys; from msc_desktop.cli.central import central_main; sys.exit(central_main())"
SITE_KEY = KeyPair.generate("site", "09")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(
    home: Path, *extra: str, scheme: str = "http", verify: ssl.SSLContext | bool = True
) -> Iterator[str]:
    """`msc-central serve` in a subprocess on a free loopback port; yields its URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CENTRAL,
            "serve",
            "--home",
            str(home),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *extra,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "MSC_CENTRAL_PASSPHRASE": CENTRE_PASSPHRASE},
    )
    url = f"{scheme}://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url + "/", timeout=1, verify=verify)
            break
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the server did not start") from None
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    home = tmp_path_factory.mktemp("server") / "centre"
    center = Center.init(home, passphrase=CENTRE_PASSPHRASE)
    center.register_site("09", SITE_KEY.public_document())
    center.close()
    with running_server(home, "--max-bytes", str(MAX_BYTES), "--rate-limit", "1000") as url:
        yield url, home


def chained_bundles(center_public: Any, count: int, size: int) -> list[tuple[str, bytes]]:
    rows = item_chain(count * size)
    bundles = []
    for index in range(count):
        part = rows[index * size : (index + 1) * size]
        prev = GENESIS_HASH if index == 0 else rows[index * size - 1]["hash"]
        header = BundleHeader(
            "09",
            "dev",
            part[0]["seq"],
            part[-1]["seq"],
            prev,
            part[-1]["hash"],
            "2026-11-29T10:00:00.000000Z",
            center_public.fingerprint,
            SITE_KEY.public().fingerprint,
        )
        bundles.append(
            (
                header.file_name,
                seal_bundle(header, part, clinical(part, "09"), SITE_KEY, center_public),
            )
        )
    return bundles


def test_fifty_concurrent_uploads_lose_nothing(server: tuple[str, Path]) -> None:
    url, home = server
    center = Center.open(home, passphrase=CENTRE_PASSPHRASE)
    bundles = chained_bundles(center.keys.public(), 50, 4)
    shuffled = bundles[:]
    random.Random(50).shuffle(shuffled)

    async def upload_all() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(timeout=120, limits=limits) as client:
            return await asyncio.gather(
                *(client.post(url + "/bundles", content=data) for _name, data in shuffled)
            )

    responses = asyncio.run(upload_all())
    assert [response.status_code for response in responses] == [200] * 50
    statuses = {response.headers["x-msc-status"] for response in responses}
    assert statuses <= {"accepted", "held", "duplicate"}
    receipts = [open_receipt(response.content, center.keys.public()) for response in responses]
    assert max(receipt.contiguous_seq for receipt in receipts) == 200
    assert center.site_progress()["09"][0] == 200
    with center.store.session() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(CenterAuditRow)
                .where(CenterAuditRow.site_id == "09")
            )
            == 200
        )
    again = httpx.post(url + "/bundles", content=bundles[7][1], timeout=30)
    assert again.status_code == 200 and again.headers["x-msc-status"] == "duplicate"
    center.close()


def test_oversized_body_gets_413_and_server_keeps_serving(server: tuple[str, Path]) -> None:
    url, _home = server
    response = httpx.post(url + "/bundles", content=b"x" * (MAX_BYTES + 1), timeout=30)
    assert response.status_code == 413
    assert httpx.post(url + "/bundles", content=b"MSCB", timeout=30).status_code == 400


@pytest.mark.parametrize(
    "body", [b"", b"\x00" * 100, b"MSCB\x01" + bytes(range(200)), b'{"rows": []}']
)
def test_malformed_uploads_get_400_with_reason(server: tuple[str, Path], body: bytes) -> None:
    url, _home = server
    response = httpx.post(url + "/bundles", content=body, timeout=30)
    assert response.status_code == 400
    document = response.json()
    assert document["status"] == "rejected" and document["reason"]


def test_nothing_else_is_exposed(server: tuple[str, Path]) -> None:
    """Besides the upload endpoint only the web application answers, and it wants a sign-in."""
    url, home = server
    front = httpx.get(url + "/", timeout=10)
    assert front.status_code == 303 and front.headers["location"].startswith("/sign-in")
    assert httpx.get(url + "/sites", timeout=10).status_code == 303
    missing = httpx.get(url + "/center.key", timeout=10)
    assert missing.status_code == 404 and str(home) not in missing.text
    assert httpx.get(url + "/bundles", timeout=10).status_code == 405
    assert httpx.post(url + "/receipts", content=b"x", timeout=10).status_code == 404
    assert httpx.get(url + "/../center.key", timeout=10).status_code == 404
    chunked = httpx.post(url + "/bundles", content=iter([b"abc"]), timeout=10)
    assert chunked.status_code == 411


def test_site_upload_pending_end_to_end(
    server: tuple[str, Path], site: SiteStore, nurse_store: SiteStore, tmp_path: Path
) -> None:
    url, home = server
    center = Center.open(home, passphrase=CENTRE_PASSPHRASE)
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    first = upload_pending(nurse_store, url, backoff_s=0.01)
    assert [result.status for result in first] == ["accepted"]
    status = sync_status(nurse_store)
    assert status.acknowledged_seq == status.exported_seq == status.last_seq
    assert status.outbox == ()
    add_participant(nurse_store, 1)
    second = upload_pending(nurse_store, url, backoff_s=0.01)
    assert [result.status for result in second] == ["accepted"]
    assert center.site_progress()["01"][0] == sync_status(nurse_store).acknowledged_seq
    center.close()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "msc centre test")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "centre.crt", folder / "centre.key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_upload_over_https_trusts_only_the_given_certificate(
    site: SiteStore, nurse_store: SiteStore, tmp_path: Path
) -> None:
    home = tmp_path / "centre"
    center = Center.init(home, passphrase=CENTRE_PASSPHRASE)
    connect(site, center, tmp_path)
    cert, key = self_signed_certificate(tmp_path)
    trusted = ssl.create_default_context(cafile=str(cert))
    add_participant(nurse_store, 0)
    with running_server(
        home, "--tls-cert", str(cert), "--tls-key", str(key), scheme="https", verify=trusted
    ) as url:
        with pytest.raises(
            SyncError, match="certificate .* could not be verified .*nothing was sent"
        ):
            upload_pending(nurse_store, url, attempts=2, backoff_s=0.01)
        results = upload_pending(nurse_store, url, attempts=2, backoff_s=0.01, ca_file=cert)
    assert [result.status for result in results] == ["accepted"]
    assert center.site_progress()["01"][0] == sync_status(nurse_store).acknowledged_seq
    center.close()
