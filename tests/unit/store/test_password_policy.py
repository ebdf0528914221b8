"""Passwords a reviewer would sign, and secret files private from their first byte (issue 15 item
11)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from msc_desktop.errors import ValidationError
from msc_desktop.store import backups
from msc_desktop.store.roles import password_problem
from msc_desktop.store.site import SiteStore
from msc_desktop.store.users import change_own_password, create_user
from tests.accounts import ADMIN, NURSE


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password12", "needs at least 12 characters (10 so far)"),
        ("password1234", "too easy to guess: it is a very common password"),
        ("abcdefghijkl", "too easy to guess: sequences like abc"),
        ("qwertyuiop12", "too easy to guess"),
        ("ninasecond", "at least 12"),
        ("NinaNinaNina", "too easy to guess"),
        ("ninasecond1980", "too easy to guess"),
        ("Nurse3-1980!!", "must not contain the user name"),
        ("my-nurse3-pass", "must not contain the user name"),
    ],
)
def test_guessable_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    problem = password_problem(
        password, "nurse3", full_name="Nina Second", site_name="Test Hospital"
    )
    assert problem is not None and reason in problem


@pytest.mark.parametrize(
    "password", [ADMIN[1], NURSE[1], "correct horse battery staple", "Lantern-pine-2026"]
)
def test_strong_passwords_and_passphrases_pass(password: str) -> None:
    assert password_problem(password, "nurse3", full_name="Nina Second") is None


def test_the_attack_password_is_refused_everywhere(site: SiteStore, nurse_store: SiteStore) -> None:
    with pytest.raises(ValidationError, match="at least 12"):
        create_user(site, "nurse3", "Nina Second", "nurse", "password12")
    with pytest.raises(ValidationError, match="too easy to guess"):
        create_user(site, "nurse3", "Nina Second", "nurse", "Password1234")
    with pytest.raises(ValidationError, match="too easy to guess"):
        change_own_password(nurse_store, NURSE[1], "1qaz2wsx3edc")


@pytest.fixture
def open_umask() -> Iterator[None]:
    """umask 0: a file made without an explicit mode would be world-readable."""
    old = os.umask(0)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_site_files_are_private_from_creation(open_umask: None, tmp_path: Path) -> None:
    chmods: list[object] = []
    real_chmod = os.chmod
    data_dir = tmp_path / "site"
    store, _key = SiteStore.init(
        data_dir,
        site_id="01",
        site_name="Test Hospital",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
    )
    try:
        assert _mode(data_dir) == 0o700
        for name in ("keyring.json", "site.db", "site.db-wal"):
            assert _mode(data_dir / name) == 0o600, name
        os.chmod = lambda *args, **kwargs: chmods.append(args)  # type: ignore[assignment]
        try:
            create_user(store, NURSE[0], NURSE[2], "nurse", NURSE[1])
            made = backups.backup_now(store)
        finally:
            os.chmod = real_chmod
        assert chmods == []  # private by creation, not by a later chmod
        assert _mode(data_dir / "keyring.json") == 0o600
        assert _mode(made.path) == 0o600 and _mode(made.path.parent) == 0o700
    finally:
        store.close()
    backups.restore_backup(data_dir, made.path, ADMIN[0], ADMIN[1], expected_site_id="01")
    assert _mode(data_dir / "keyring.json") == 0o600 and _mode(data_dir / "site.db") == 0o600


def test_an_existing_empty_data_folder_is_made_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "site"
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    SiteStore.init(
        data_dir,
        site_id="01",
        site_name="Test Hospital",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
    )[0].close()
    assert _mode(data_dir) == 0o700
