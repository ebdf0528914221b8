"""Backups to a folder (on demand and on a schedule, keeping the last N) and restore from one.

A backup is the zip `SiteStore.backup` writes: the still-encrypted `site.db` (SQLite's online
backup API), `keyring.json` and a manifest. Its name carries the site id and the UTC time,
`msc-site01-20261129T031500Z.mscbak`, so a folder can hold several sites' backups and pruning
only ever deletes this site's files of that exact pattern.

Restore never overwrites: the backup is unpacked and checked in a staging folder (zip CRCs, the
admin's password against the backup's own key file, the administrator role inside the backup,
the audit chain, the site id), and only then the current `site.db`, its WAL files and
`keyring.json` are moved into `replaced/before-restore-TIME/` and the staged files moved in.
The restored database records the restore in its own audit trail.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, func, inspect, select, table, text
from sqlalchemy.exc import DatabaseError, OperationalError

from msc_desktop.errors import PermissionDenied, StoreError
from msc_desktop.files import create_private_file, make_private_folder
from msc_desktop.store import keys, settings
from msc_desktop.store.audit import record_event
from msc_desktop.store.audit_log import verify_audit
from msc_desktop.store.base import Base
from msc_desktop.store.engine import open_engine
from msc_desktop.store.key_file import Keyring
from msc_desktop.store.layout import DB_FILE, KEYRING_FILE
from msc_desktop.store.roles import Role
from msc_desktop.store.sign_in import wrong_credentials
from msc_desktop.store.site import SiteStore

BACKUP_SUFFIX = ".mscbak"
MANIFEST_FILE = "manifest.json"
MANIFEST_FORMAT = 1
REPLACED_DIR = "replaced"
_NAME = re.compile(
    r"^msc-site(?P<site>[0-9]{2})-(?P<stamp>[0-9]{8}T[0-9]{6}Z)(?:-(?P<n>[0-9]+))?\.mscbak$"
)
_STAMP = "%Y%m%dT%H%M%SZ"
_DATABASE_FILES = (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", f"{DB_FILE}-journal", KEYRING_FILE)
SCHEDULE_INTERVALS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


class BackupOfAnotherSite(StoreError):
    """The backup belongs to a different site id; restoring it needs an explicit confirmation."""

    def __init__(self, backup_site_id: str, backup_site_name: str, current_site_id: str) -> None:
        self.backup_site_id = backup_site_id
        self.backup_site_name = backup_site_name
        self.current_site_id = current_site_id
        super().__init__(
            "This backup belongs to site {backup_site_id} ({backup_site_name}), not to site "
            "{current_site_id}; confirm to restore it anyway.",
            backup_site_id=backup_site_id,
            backup_site_name=backup_site_name,
            current_site_id=current_site_id,
        )


@dataclass(frozen=True)
class BackupFile:
    path: Path
    site_id: str
    written: datetime
    size: int


@dataclass(frozen=True)
class RestoreReport:
    """What was restored: the backup's site, its record counts per table, where the old files
    went."""

    site_id: str
    site_name: str
    written: datetime
    record_counts: dict[str, int]
    audit_records: int
    kept_aside: Path | None


# -- writing and listing -------------------------------------------------------------------------


def backup_name(site_id: str, written: datetime, attempt: int = 1) -> str:
    stamp = written.astimezone(UTC).strftime(_STAMP)
    return f"msc-site{site_id}-{stamp}{'' if attempt == 1 else f'-{attempt}'}{BACKUP_SUFFIX}"


def list_backups(folder: Path, site_id: str | None = None) -> list[BackupFile]:
    """This app's backup files in `folder` (of one site if given), newest first."""
    found: list[BackupFile] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    for path in entries:
        match = _NAME.match(path.name)
        if (
            match is None
            or not path.is_file()
            or (site_id is not None and match["site"] != site_id)
        ):
            continue
        written = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        found.append(BackupFile(path, match["site"], written, path.stat().st_size))
    found.sort(key=lambda b: (b.written, _attempt(b.path)), reverse=True)
    return found


def _attempt(path: Path) -> int:
    match = _NAME.match(path.name)
    return int(match["n"]) if match and match["n"] else 1


def backup_now(store: SiteStore, *, now: datetime | None = None) -> BackupFile:
    """Writes a backup into the configured folder, then deletes this site's oldest beyond N."""
    written = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    folder = settings.backup_folder(store)
    attempt = 1
    while (folder / backup_name(store.site_id, written, attempt)).exists():
        attempt += 1
    path = store.backup(folder / backup_name(store.site_id, written, attempt))
    prune(folder, store.site_id, int(settings.site_value(store, "backup_keep")))
    return BackupFile(path, store.site_id, written, path.stat().st_size)


def prune(folder: Path, site_id: str, keep: int) -> list[Path]:
    """Deletes this site's backups beyond the newest `keep`; returns the deleted paths."""
    removed = []
    for old in list_backups(folder, site_id)[max(1, keep) :]:
        try:
            old.path.unlink()
        except OSError as exc:
            raise StoreError(
                "The old backup {name} could not be deleted: {problem}.",
                name=old.path.name,
                problem=exc.strerror,
            ) from None
        removed.append(old.path)
    return removed


def backup_due(store: SiteStore, *, now: datetime | None = None) -> bool:
    """True when the schedule is on and this site's newest backup in the folder is too old."""
    interval = SCHEDULE_INTERVALS.get(settings.site_value(store, "backup_schedule"))
    if interval is None:
        return False
    newest = list_backups(settings.backup_folder(store), store.site_id)
    moment = now or datetime.now(UTC)
    return not newest or moment - newest[0].written >= interval


def run_scheduled_backup(store: SiteStore, *, now: datetime | None = None) -> BackupFile | None:
    """The scheduled backup if one is due (the GUI calls this after sign-in and on a timer)."""
    return backup_now(store, now=now) if backup_due(store, now=now) else None


# -- restoring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Staged:
    site_id: str
    site_name: str
    record_counts: dict[str, int]
    audit_records: int


def check_backup(
    backup: Path,
    user_id: str,
    password: str,
    *,
    expected_site_id: str | None = None,
    allow_other_site: bool = False,
) -> RestoreReport:
    """Every check `restore_backup` makes, without touching any site (the GUI asks this first)."""
    with tempfile.TemporaryDirectory(prefix="msc-check-") as folder:
        staging = Path(folder) / "staged"
        written = _unpack(Path(backup), staging)
        staged = _check_staged(staging, Path(backup), user_id, password)
    _refuse_other_site(staged, expected_site_id, allow_other_site)
    return RestoreReport(
        staged.site_id, staged.site_name, written, staged.record_counts, staged.audit_records, None
    )


def restore_backup(
    data_dir: Path,
    backup: Path,
    user_id: str,
    password: str,
    *,
    expected_site_id: str | None = None,
    allow_other_site: bool = False,
) -> RestoreReport:
    """Replaces the site in `data_dir` with `backup`, keeping the current files aside.

    The caller closes any open store on `data_dir` first. `user_id`/`password` must be an active
    administrator's in the backup. `expected_site_id` is the site the caller had open (None on a
    new computer); a backup of another site raises BackupOfAnotherSite unless `allow_other_site`.
    """
    data_dir = Path(data_dir)
    backup = Path(backup)
    make_private_folder(data_dir, StoreError, tighten=True)
    staging = data_dir / f".restore-{secrets.token_hex(4)}"
    try:
        written = _unpack(backup, staging)
        staged = _check_staged(staging, backup, user_id, password)
        _refuse_other_site(staged, expected_site_id, allow_other_site)
        kept_aside = _swap_in(data_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    restored = SiteStore.unlock(data_dir, user_id, password)
    try:
        with restored.session() as session:
            where = (
                f"; the previous database was kept in {REPLACED_DIR}/{kept_aside.name}"
                if kept_aside
                else ""
            )
            record_event(
                session,
                "site",
                restored.site_id,
                f"restored from backup {backup.name} written {written.isoformat()}{where}",
            )
        restored.reseal_anchor(f"the site was restored from backup {backup.name}")
    finally:
        restored.close()
    return RestoreReport(
        staged.site_id,
        staged.site_name,
        written,
        staged.record_counts,
        staged.audit_records,
        kept_aside,
    )


def _refuse_other_site(
    staged: _Staged, expected_site_id: str | None, allow_other_site: bool
) -> None:
    if expected_site_id is not None and staged.site_id != expected_site_id and not allow_other_site:
        raise BackupOfAnotherSite(staged.site_id, staged.site_name, expected_site_id)


def _unpack(backup: Path, staging: Path) -> datetime:
    """Extracts the three known members after checking every CRC; returns the manifest's time."""
    damaged = _damaged(backup)
    try:
        with zipfile.ZipFile(backup) as archive:
            names = set(archive.namelist())
            if not {DB_FILE, KEYRING_FILE, MANIFEST_FILE} <= names or archive.testzip() is not None:
                raise damaged
            manifest = json.loads(archive.read(MANIFEST_FILE))
            if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
                raise damaged
            written = datetime.fromisoformat(str(manifest["written"]))
            staging.mkdir(mode=0o700)
            for name in (DB_FILE, KEYRING_FILE):
                create_private_file(staging / name, archive.read(name), StoreError)
    except FileNotFoundError:
        raise StoreError("The backup file {path} does not exist.", path=backup) from None
    except (zipfile.BadZipFile, ValueError, KeyError, EOFError):
        raise damaged from None
    except OSError as exc:
        raise StoreError("The backup could not be read: {problem}.", problem=exc.strerror) from None
    return written


def _damaged(backup: Path) -> StoreError:
    return StoreError(
        "The backup file {name} is damaged or is not an MSC Desktop backup; nothing was changed.",
        name=backup.name,
    )


def _check_staged(staging: Path, backup: Path, user_id: str, password: str) -> _Staged:
    keyring = Keyring.load(staging / KEYRING_FILE)
    opened = keyring.open_member(keyring.slot(user_id), password)
    if opened is None or keys.Secret.DATABASE not in opened:
        raise wrong_credentials()
    engine = open_engine(staging / DB_FILE, opened[keys.Secret.DATABASE])
    try:
        with engine.connect() as connection:
            role = connection.execute(
                text("SELECT role FROM user_account WHERE user_id = :u AND active"),
                {"u": user_id.strip().lower()},
            ).scalar_one_or_none()
            if role != Role.ADMIN.value:
                raise PermissionDenied("Only a site administrator may restore a backup.")
            chain = verify_audit(connection)
            if not chain.ok:
                raise StoreError(
                    "The backup's audit trail is broken at record {seq}; it was not restored.",
                    seq=chain.first_broken_seq,
                )
            found = dict(
                connection.execute(text("SELECT name, value FROM site_setting")).tuples().all()
            )
            counts = record_counts(connection)
    except (OperationalError, DatabaseError):
        raise _damaged(backup) from None
    finally:
        engine.dispose()
    return _Staged(
        str(found.get("site_id", "")), str(found.get("site_name", "")), counts, chain.count
    )


def record_counts(connection: Connection) -> dict[str, int]:
    """Rows per table of the site schema that exist in this database (older backups lack some)."""
    present = set(inspect(connection).get_table_names())
    return {
        name: int(connection.execute(select(func.count()).select_from(table(name))).scalar_one())
        for name in sorted(Base.metadata.tables)
        if name in present
    }


def _swap_in(data_dir: Path, staging: Path) -> Path | None:
    """Moves the current database files aside, then the staged ones in; undoes the move on
    failure."""
    current = [name for name in _DATABASE_FILES if (data_dir / name).exists()]
    kept_aside: Path | None = None
    moved: list[str] = []
    placed: list[str] = []
    try:
        if current:
            stamp = datetime.now(UTC).strftime(_STAMP)
            kept_aside = data_dir / REPLACED_DIR / f"before-restore-{stamp}-{secrets.token_hex(2)}"
            kept_aside.mkdir(mode=0o700, parents=True)
            for name in current:
                os.replace(data_dir / name, kept_aside / name)
                moved.append(name)
        for name in (DB_FILE, KEYRING_FILE):
            os.replace(staging / name, data_dir / name)
            placed.append(name)
    except OSError as exc:
        for name in placed:
            (data_dir / name).unlink(missing_ok=True)
        for name in moved:
            assert kept_aside is not None
            os.replace(kept_aside / name, data_dir / name)
        raise StoreError(
            "The backup could not be put in place ({problem}); the current database is unchanged.",
            problem=exc.strerror,
        ) from None
    return kept_aside
