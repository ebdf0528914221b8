"""Fixtures shared by every test layer: the project's reference data (tests/data), test sites and a
private print queue."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from msc_desktop.central.service import Center
from tests.accounts import ADMIN, CENTRE_PASSPHRASE, INVESTIGATOR, MONITOR, NURSE
from tests.cups_server import TEST_QUEUE, PrivateCups, missing_parts

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Every CUPS client of the tests (Qt's print support, the app's own, the CUPS tools) talks to the
# private scheduler of this run, never to the machine's printers; set before anything asks CUPS.
CUPS_SOCKET = Path(f"/tmp/msc-cups-{os.getpid()}/cups.sock")
os.environ["CUPS_SERVER"] = str(CUPS_SOCKET)

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "tests" / "data"
VECTORS_DIR = DATA_DIR / "vectors"
ODM_SCHEMA = DATA_DIR / "schemas" / "odm-1.3.2" / "ODM1-3-2.xsd"
# Optional extra reference cases beside the repository; nothing depends on them.
SHARED_VECTORS_DIR = REPO_ROOT.parent / "shared" / "vectors"


@pytest.fixture(autouse=True)
def no_site_zone_left() -> Iterator[None]:
    """A site opened by one test leaves its time zone to no other (domain/clinic_time.py)."""
    from msc_desktop.domain.clinic_time import use_site_zone

    yield
    use_site_zone(None)


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap scrypt for tests (the real cost is measured in bench/); parameters travel with
    wraps."""
    from msc_desktop.store import keys

    monkeypatch.setattr(keys, "scrypt_n", 2**10)
    monkeypatch.setattr(keys, "signature_scrypt_n", 2**8)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "site"


@pytest.fixture
def site(data_dir: Path):  # type: ignore[no-untyped-def]
    """A new site with an admin, a nurse, an investigator and a monitor; unlocked as the admin."""
    from msc_desktop.store.site import SiteStore
    from msc_desktop.store.users import create_user

    store, _recovery = SiteStore.init(
        data_dir,
        site_id="01",
        site_name="Test Hospital",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
    )
    create_user(store, NURSE[0], NURSE[2], "nurse", NURSE[1])
    create_user(store, INVESTIGATOR[0], INVESTIGATOR[2], "investigator", INVESTIGATOR[1])
    create_user(store, MONITOR[0], MONITOR[2], "monitor", MONITOR[1])
    yield store
    store.close()


def _unlock_as(data_dir: Path, who: tuple[str, str, str]):  # type: ignore[no-untyped-def]
    from msc_desktop.store.site import SiteStore

    return SiteStore.unlock(data_dir, who[0], who[1])


@pytest.fixture
def nurse_store(site, data_dir: Path):  # type: ignore[no-untyped-def]
    store = _unlock_as(data_dir, NURSE)
    yield store
    store.close()


@pytest.fixture
def investigator_store(site, data_dir: Path):  # type: ignore[no-untyped-def]
    store = _unlock_as(data_dir, INVESTIGATOR)
    yield store
    store.close()


@pytest.fixture
def center(tmp_path: Path) -> Iterator[Center]:
    """A new coordinating centre with no site registered (modules with other needs define their
    own)."""
    center = Center.init(tmp_path / "center", passphrase=CENTRE_PASSPHRASE)
    yield center
    center.close()


@pytest.fixture(scope="session")
def cups_server() -> Iterator[PrivateCups]:
    """A private CUPS scheduler with the cups-pdf queue TEST_QUEUE, stopped after the run."""
    missing = missing_parts()
    if missing is not None:
        pytest.skip(f"no private print queue: {missing}")
    server = PrivateCups(CUPS_SOCKET)
    try:
        server.start()
        server.add_queue(TEST_QUEUE)
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture
def print_queue(cups_server: PrivateCups) -> PrivateCups:
    """The private scheduler with TEST_QUEUE enabled, accepting jobs and set up for A4."""
    cups_server.reset_queue(TEST_QUEUE)
    return cups_server


@pytest.fixture
def computer_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Sets the computer's zone (TZ) for one test: `computer_zone("Asia/Shanghai")`."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()
