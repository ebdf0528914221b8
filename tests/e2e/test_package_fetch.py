"""`POST /api/v1/site-package` on `msc-central serve`: a site whose signed request verifies gets
its current package (204 before the centre made one), anything else 403 with one line and
nothing stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from msc_desktop.central.service import Center
from msc_desktop.sync.keys import KeyPair
from msc_desktop.sync.package_request import seal_package_request
from msc_desktop.sync.packages import open_site_package
from tests.accounts import CENTRE_PASSPHRASE
from tests.e2e.test_central_server import running_server

SITE_KEY = KeyPair.generate("site", "07")
PATH = "/api/v1/site-package"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    home = tmp_path_factory.mktemp("fetch") / "centre"
    center = Center.init(home, passphrase=CENTRE_PASSPHRASE)
    center.register_site("07", SITE_KEY.public_document())
    center.close()
    with running_server(home, "--rate-limit", "1000") as url:
        yield url, home


def test_a_registered_site_fetches_its_package(served: tuple[str, Path]) -> None:
    url, home = served
    center = Center.open(home, passphrase=CENTRE_PASSPHRASE)
    try:
        fingerprint, public = center.fingerprint, center.keys.public()
        protocol = center.current_protocol()
        request = seal_package_request(SITE_KEY, fingerprint)
        before = httpx.post(url + PATH, content=request, timeout=30)
        assert (before.status_code, before.content) == (204, b"")
        center.site_package("07", 20)
    finally:
        center.close()
    fetched = httpx.post(
        url + PATH, content=seal_package_request(SITE_KEY, fingerprint), timeout=30
    )
    assert fetched.status_code == 200
    package = open_site_package(fetched.content, public, SITE_KEY, protocol)
    assert package.site_id == "07" and len(package.allocation_lists) == 2


def test_requests_that_do_not_verify_get_403(served: tuple[str, Path]) -> None:
    url, home = served
    center = Center.open(home, passphrase=CENTRE_PASSPHRASE)
    fingerprint = center.fingerprint
    center.close()
    stranger = httpx.post(
        url + PATH,
        content=seal_package_request(KeyPair.generate("site", "08"), fingerprint),
        timeout=30,
    )
    assert stranger.status_code == 403
    assert stranger.json() == {
        "status": "rejected",
        "reason": "Site 08 is not registered at this centre.",
    }
    impostor = httpx.post(
        url + PATH,
        content=seal_package_request(KeyPair.generate("site", "07"), fingerprint),
        timeout=30,
    )
    assert impostor.status_code == 403 and "not registered for site 07" in impostor.text
    assert httpx.post(url + PATH, content=b"x" * 5000, timeout=30).status_code == 413
    assert httpx.post(url + PATH, content=b"MSCP" + b"\0" * 100, timeout=30).status_code == 403
    assert httpx.get(url + PATH, timeout=30).status_code == 405
    assert str(home) not in stranger.text
