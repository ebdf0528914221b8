"""Backups into a folder (keep N, schedule) and restore (checks first, current database kept
aside)."""

from __future__ import annotations

import hashlib
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from msc_desktop.errors import AuthenticationError, PermissionDenied, StoreError
from msc_desktop.store import backups, settings
from msc_desktop.store.base import Base
from msc_desktop.store.demo import generate_demo_data, make_demo_site
from msc_desktop.store.layout import DB_FILE, KEYRING_FILE
from msc_desktop.store.site import SETTING_KEYRING_GENERATION, SiteStore
from tests.accounts import ADMIN, NURSE

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def table_contents(store: SiteStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order (less the key file's generation, which each
    sign-in advances)."""
    with store.engine.connect() as connection:
        return {
            table.name: sorted(
                (
                    tuple(row)
                    for row in connection.execute(select(table))
                    if tuple(row)[:1] != (SETTING_KEYRING_GENERATION,)
                ),
                key=repr,
            )
            for table in Base.metadata.sorted_tables
        }


def file_digests(folder: Path, names: tuple[str, ...] = (DB_FILE, KEYRING_FILE)) -> dict[str, str]:
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in names
        if (folder / name).exists()
    }


@pytest.fixture
def backed_up(site: SiteStore, tmp_path: Path) -> tuple[SiteStore, backups.BackupFile]:
    """A site with demo participants, a backup folder outside the data folder, one backup."""
    make_demo_site(site)
    generate_demo_data(site, 8, seed=5, today=date(2026, 11, 1))
    settings.change(site, "backup_folder", str(tmp_path / "usb"))
    return site, backups.backup_now(site, now=T0)


def test_restore_finds_every_record_and_a_verifying_audit_chain(
    backed_up: tuple[SiteStore, backups.BackupFile], data_dir: Path
) -> None:
    site, backup = backed_up
    at_backup = table_contents(site)
    assert len(at_backup["participant"]) == 8
    settings.change(site, "paper_size", "letter")  # a change made after the backup
    site.close()
    before_restore = file_digests(data_dir)

    report = backups.restore_backup(
        data_dir, backup.path, ADMIN[0], ADMIN[1], expected_site_id="01"
    )

    restored = SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])
    try:
        now = table_contents(restored)
        chain = restored.verify_audit()
        paper = restored.get_setting("paper_size")
    finally:
        restored.close()
    for name, rows in at_backup.items():
        if name == "audit_log":
            assert set(rows) <= set(now[name])
        else:
            assert now[name] == rows, name
    assert len(now["audit_log"]) > len(at_backup["audit_log"])
    assert chain.ok and chain.count == len(now["audit_log"])
    assert paper is None
    assert report.site_id == "01" and report.record_counts["participant"] == 8
    assert report.audit_records == len(at_backup["audit_log"])
    assert (
        report.kept_aside is not None
        and report.kept_aside.parent == data_dir / backups.REPLACED_DIR
    )
    assert file_digests(report.kept_aside) == before_restore
    assert not list(data_dir.glob(".restore-*"))


def test_the_restore_is_in_the_restored_audit_trail(
    backed_up: tuple[SiteStore, backups.BackupFile], data_dir: Path
) -> None:
    site, backup = backed_up
    site.close()
    backups.restore_backup(data_dir, backup.path, ADMIN[0], ADMIN[1])
    restored = SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])
    try:
        with restored.engine.connect() as connection:
            events = [
                str(v)
                for v in connection.exec_driver_sql("SELECT new_value FROM audit_log").scalars()
            ]
    finally:
        restored.close()
    assert any(e.startswith(f"restored from backup {backup.path.name}") for e in events)


@pytest.mark.parametrize(
    ("user", "password", "error"),
    [
        (ADMIN[0], "Wrong-password-1", AuthenticationError),
        ("nobody", ADMIN[1], AuthenticationError),
        (NURSE[0], NURSE[1], PermissionDenied),
    ],
)
def test_restore_refuses_anyone_but_an_administrator_and_changes_nothing(
    backed_up: tuple[SiteStore, backups.BackupFile],
    data_dir: Path,
    user: str,
    password: str,
    error: type[Exception],
) -> None:
    site, backup = backed_up
    site.close()
    before = file_digests(data_dir)
    with pytest.raises(error):
        backups.restore_backup(data_dir, backup.path, user, password, expected_site_id="01")
    assert file_digests(data_dir) == before
    assert not (data_dir / backups.REPLACED_DIR).exists()
    assert not list(data_dir.glob(".restore-*"))


def _flip_byte_inside_database(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(DB_FILE)
    data = bytearray(path.read_bytes())
    data[info.header_offset + 200] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage",
    [
        _flip_byte_inside_database,
        lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
        lambda path: path.write_bytes(b"this is not a backup"),
    ],
    ids=["flipped-byte", "truncated", "not-a-zip"],
)
def test_restore_refuses_a_damaged_file(
    backed_up: tuple[SiteStore, backups.BackupFile], data_dir: Path, damage: Any
) -> None:
    site, backup = backed_up
    site.close()
    damage(backup.path)
    before = file_digests(data_dir)
    with pytest.raises(StoreError, match="damaged or is not an MSC Desktop backup"):
        backups.restore_backup(data_dir, backup.path, ADMIN[0], ADMIN[1], expected_site_id="01")
    assert file_digests(data_dir) == before


def test_a_backup_of_another_site_needs_confirmation(
    site: SiteStore, data_dir: Path, tmp_path: Path
) -> None:
    other, _key = SiteStore.init(
        tmp_path / "other",
        site_id="02",
        site_name="Other Hospital",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
    )
    other_backup = backups.backup_now(other, now=T0)
    other.close()
    site.close()
    before = file_digests(data_dir)
    with pytest.raises(backups.BackupOfAnotherSite) as refused:
        backups.restore_backup(
            data_dir, other_backup.path, ADMIN[0], ADMIN[1], expected_site_id="01"
        )
    assert (refused.value.backup_site_id, refused.value.current_site_id) == ("02", "01")
    assert "site 02 (Other Hospital), not to site 01" in str(refused.value)
    assert file_digests(data_dir) == before

    report = backups.restore_backup(
        data_dir,
        other_backup.path,
        ADMIN[0],
        ADMIN[1],
        expected_site_id="01",
        allow_other_site=True,
    )
    assert report.site_id == "02"
    assert report.kept_aside is not None and file_digests(report.kept_aside) == before


def test_restore_on_a_new_computer(
    backed_up: tuple[SiteStore, backups.BackupFile], tmp_path: Path
) -> None:
    site, backup = backed_up
    expected = table_contents(site)["participant"]
    site.close()
    fresh = tmp_path / "new-computer" / "data"
    report = backups.restore_backup(fresh, backup.path, ADMIN[0], ADMIN[1])
    assert report.kept_aside is None
    restored = SiteStore.unlock(fresh, ADMIN[0], ADMIN[1])
    try:
        assert table_contents(restored)["participant"] == expected
    finally:
        restored.close()


def test_backups_keep_the_newest_n_of_this_site_only(site: SiteStore, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    foreign = [folder / "msc-site02-20260101T000000Z.mscbak", folder / "notes.txt"]
    for path in foreign:
        path.write_bytes(b"not ours")
    settings.change(site, "backup_folder", str(folder))
    settings.change(site, "backup_keep", "3")
    written = [backups.backup_now(site, now=T0 + timedelta(hours=h)) for h in range(5)]
    kept = backups.list_backups(folder, "01")
    assert [b.path for b in kept] == [w.path for w in reversed(written[2:])]
    assert all(path.read_bytes() == b"not ours" for path in foreign)
    assert [b.written for b in kept] == [T0 + timedelta(hours=h) for h in (4, 3, 2)]


def test_two_backups_in_the_same_second_get_distinct_names(site: SiteStore, tmp_path: Path) -> None:
    settings.change(site, "backup_folder", str(tmp_path / "usb"))
    first = backups.backup_now(site, now=T0)
    second = backups.backup_now(site, now=T0)
    assert first.path != second.path and first.path.exists() and second.path.exists()
    assert backups.list_backups(tmp_path / "usb")[0].path == second.path


def test_the_default_folder_is_backups_in_the_data_folder(site: SiteStore, data_dir: Path) -> None:
    made = backups.backup_now(site, now=T0)
    assert made.path.parent == data_dir / "backups"
    assert made.path.name == "msc-site01-20261102T080000Z.mscbak"


@pytest.mark.parametrize(
    ("schedule", "interval"), [("daily", timedelta(days=1)), ("weekly", timedelta(days=7))]
)
def test_scheduled_backups_run_when_due(
    site: SiteStore, tmp_path: Path, schedule: str, interval: timedelta
) -> None:
    settings.change(site, "backup_folder", str(tmp_path / "usb"))
    settings.change(site, "backup_schedule", schedule)
    assert backups.backup_due(site, now=T0)
    first = backups.run_scheduled_backup(site, now=T0)
    assert first is not None
    assert backups.run_scheduled_backup(site, now=T0 + interval - timedelta(minutes=1)) is None
    second = backups.run_scheduled_backup(site, now=T0 + interval)
    assert second is not None and second.written == T0 + interval


def test_no_scheduled_backup_when_the_schedule_is_off(site: SiteStore, tmp_path: Path) -> None:
    settings.change(site, "backup_folder", str(tmp_path / "usb"))
    settings.change(site, "backup_schedule", "off")
    assert not backups.backup_due(site, now=T0)
    assert backups.run_scheduled_backup(site, now=T0) is None
    assert backups.list_backups(tmp_path / "usb") == []


def test_a_backup_holds_no_plaintext(backed_up: tuple[SiteStore, backups.BackupFile]) -> None:
    site, backup = backed_up
    with site.engine.connect() as connection:
        names = list(
            connection.exec_driver_sql("SELECT full_name FROM participant_identity").scalars()
        )
    with zipfile.ZipFile(backup.path) as archive:
        database = archive.read(DB_FILE)
    assert names and not any(str(name).encode() in database for name in names)
    assert b"SQLite format 3" not in database


def test_check_backup_reports_without_changing_anything(
    backed_up: tuple[SiteStore, backups.BackupFile], data_dir: Path
) -> None:
    site, backup = backed_up
    participants = len(table_contents(site)["participant"])
    site.close()
    before = file_digests(data_dir)
    report = backups.check_backup(backup.path, ADMIN[0], ADMIN[1], expected_site_id="01")
    assert (report.site_id, report.site_name, report.kept_aside) == ("01", "Test Hospital", None)
    assert report.record_counts["participant"] == participants
    assert abs(report.written - datetime.now(UTC)) < timedelta(minutes=5)  # the manifest's own time
    with pytest.raises(AuthenticationError):
        backups.check_backup(backup.path, ADMIN[0], "Wrong-password-1")
    with pytest.raises(backups.BackupOfAnotherSite):
        backups.check_backup(backup.path, ADMIN[0], ADMIN[1], expected_site_id="07")
    assert file_digests(data_dir) == before and not (data_dir / backups.REPLACED_DIR).exists()
