"""A site folder that lost its database (or its key file) is named as such, never replaced (issue
15 item 2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from msc_desktop.errors import StoreError
from msc_desktop.store.layout import FolderState, folder_state
from msc_desktop.store.site import SiteStore
from tests.accounts import ADMIN


def _sign_in_fails_with(data_dir: Path, expected: str) -> None:
    keyring_before = (data_dir / "keyring.json").read_bytes()
    with pytest.raises(StoreError, match=expected) as refused:
        SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])
    assert "Restore the site from its latest backup" in str(refused.value)
    assert "Wrong user name or password" not in str(refused.value)
    assert (data_dir / "keyring.json").read_bytes() == keyring_before


def test_an_empty_database_next_to_a_keyring_is_refused_and_left_empty(
    site: SiteStore, data_dir: Path
) -> None:
    site.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{data_dir / 'site.db'}{suffix}").unlink(missing_ok=True)
    (data_dir / "site.db").write_bytes(b"")
    assert folder_state(data_dir) is FolderState.DATABASE_EMPTY
    _sign_in_fails_with(data_dir, r"is empty \(0 bytes\)")
    assert (data_dir / "site.db").stat().st_size == 0


def test_a_missing_database_next_to_a_keyring_is_refused_and_not_created(
    site: SiteStore, data_dir: Path
) -> None:
    site.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{data_dir / 'site.db'}{suffix}").unlink(missing_ok=True)
    assert folder_state(data_dir) is FolderState.DATABASE_MISSING
    _sign_in_fails_with(data_dir, "site.db is missing")
    assert not (data_dir / "site.db").exists()
    keyring_before = (data_dir / "keyring.json").read_bytes()
    with pytest.raises(StoreError, match="site.db is missing"):
        SiteStore.init(
            data_dir,
            site_id="02",
            site_name="New",
            admin_user="boss",
            admin_password="Another-harbour-77",
            admin_full_name="B",
        )
    assert (data_dir / "keyring.json").read_bytes() == keyring_before
    assert not (data_dir / "site.db").exists()


def test_a_database_without_its_key_file_is_refused(site: SiteStore, data_dir: Path) -> None:
    site.close()
    (data_dir / "keyring.json").unlink()
    assert folder_state(data_dir) is FolderState.KEYRING_MISSING
    with pytest.raises(StoreError, match="keyring.json is missing"):
        SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])


def test_the_command_line_says_what_is_wrong_in_one_line(site: SiteStore, data_dir: Path) -> None:
    site.close()
    (data_dir / "site.db").unlink()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from msc_desktop.cli import site_main; sys.exit(site_main())",
            "verify-audit",
            "--data-dir",
            str(data_dir),
            "--user",
            ADMIN[0],
            "--password-stdin",
        ],
        input=ADMIN[1] + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "site.db is missing" in done.stderr and "Restore" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (data_dir / "site.db").exists()
