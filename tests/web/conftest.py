"""The web tests' shared centre with two demo sites (built once per session: about 15 s)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from msc_desktop.central.service import Center
from tests.web.centre import add_web_users, two_site_centre


@pytest.fixture(scope="session")
def demo_centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Center]:
    from msc_desktop.store import keys

    saved = keys.scrypt_n, keys.signature_scrypt_n
    keys.scrypt_n, keys.signature_scrypt_n = 2**10, 2**8  # as the autouse fast_kdf, for a session
    try:
        center = two_site_centre(tmp_path_factory.mktemp("web-demo"))
    finally:
        keys.scrypt_n, keys.signature_scrypt_n = saved
    add_web_users(center)
    yield center
    center.close()
