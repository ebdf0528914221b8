"""The site store: create a site, unlock it as a user, hand out audited sessions, back it up.

A data folder holds `site.db` (SQLCipher), `keyring.json` (the wrapped database key, see keys)
and `backups/`. Unlocking derives the user's key, unwraps the database key, opens the engine,
applies pending migrations after an online backup, and records the sign-in in the audit trail.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from msc_desktop.errors import AuthenticationError, MscError, StoreError, ValidationError
from msc_desktop.files import create_private_file, make_private_folder
from msc_desktop.messages import Message
from msc_desktop.paths import migrations_dir
from msc_desktop.store import keys
from msc_desktop.store.audit import (
    ClockBehind,
    clock_behind,
    install_audit,
    record_clock_behind,
    record_event,
    verify_audit,
)
from msc_desktop.store.audit_chain import ChainReport
from msc_desktop.store.engine import describe_database_error, key_pragma, open_engine
from msc_desktop.store.layout import (
    DB_FILE,
    KEYRING_FILE,
    FolderState,
    damage_message,
    folder_state,
)
from msc_desktop.store.models import SiteSetting, UserAccount
from msc_desktop.store.roles import Action, Role, check_password_strength, check_user_id, require

BACKUP_DIR = "backups"
LOCK_AFTER_FAILURES = 5
FIRST_LOCK_SECONDS = 60
DEFAULT_IDLE_MINUTES = 10
SITE_ID_PATTERN = re.compile(r"^[0-9]{2}$")


def normalized_site_id(text: str) -> str:
    """The site id as stored: two digits. " 07 " and "7" are read as "07"; anything else is refused."""
    site_id = text.strip()
    if len(site_id) == 1 and site_id.isdigit():
        site_id = f"0{site_id}"
    if not SITE_ID_PATTERN.match(site_id):
        raise ValidationError("The site id is two digits, e.g. 01 (subject ids look like 01-0007).")
    return site_id


def wrong_credentials() -> AuthenticationError:
    """The one answer to a wrong password or an unknown user, so neither gives the other away."""
    return AuthenticationError("Wrong user name or password.")


class SessionLocked(AuthenticationError):
    """The session was idle too long; the user must enter the password again."""


@dataclass(frozen=True)
class CurrentUser:
    user_id: str
    full_name: str
    role: Role


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def _remove_database_files(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


class SiteStore:
    """An unlocked site database with its signed-in user."""

    def __init__(
        self, data_dir: Path, engine: Engine, db_key: bytes, keyring: keys.Keyring, user: CurrentUser
    ):
        self.data_dir = data_dir
        self.engine = engine
        self._db_key = db_key
        self.keyring = keyring
        self.user = user
        self._factory: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
        install_audit(self._factory)
        self._last_activity = time.monotonic()
        self._settings: dict[str, str] | None = None
        #: What the user must see right after signing in (clock behind the audit trail...).
        self.unlock_warnings: list[Message] = []
        self.idle_timeout_s = 60 * int(self.get_setting("idle_timeout_minutes") or DEFAULT_IDLE_MINUTES)

    # -- paths and existence -------------------------------------------------------------------

    @staticmethod
    def db_path_in(data_dir: Path) -> Path:
        return Path(data_dir) / DB_FILE

    @property
    def db_path(self) -> Path:
        return self.db_path_in(self.data_dir)

    @staticmethod
    def exists(data_dir: Path) -> bool:
        return folder_state(Path(data_dir)) is FolderState.SITE

    # -- creating and unlocking ----------------------------------------------------------------

    @classmethod
    def init(
        cls,
        data_dir: Path,
        *,
        site_id: str,
        site_name: str,
        admin_user: str,
        admin_password: str,
        admin_full_name: str,
    ) -> tuple[SiteStore, str]:
        """Creates a new encrypted site; returns it unlocked as the admin, and the recovery key."""
        data_dir = Path(data_dir)
        site_id = normalized_site_id(site_id)
        if not site_name.strip():
            raise ValidationError("The site name is required.")
        if not admin_full_name.strip():
            raise ValidationError("The administrator's full name is required.")
        admin_user = check_user_id(admin_user)
        check_password_strength(admin_password, admin_user, full_name=admin_full_name, site_name=site_name)
        state = folder_state(data_dir)
        if state is FolderState.SITE:
            raise StoreError("A site already exists in {folder}; it was left untouched.", folder=data_dir)
        if state is not FolderState.EMPTY:
            raise StoreError(damage_message(state, data_dir))
        make_private_folder(data_dir, StoreError, tighten=True)
        _require_writable(data_dir)

        db_key = keys.new_database_key()
        recovery_key = keys.new_recovery_key()
        keyring = keys.Keyring.new(data_dir / KEYRING_FILE)
        keyring.wraps[keyring.slot(admin_user)] = keys.Wrap.create(admin_password, db_key)
        keyring.recovery = keys.Wrap.create(recovery_key, db_key)
        db_path = data_dir / DB_FILE
        engine: Engine | None = None
        try:
            engine = open_engine(db_path, db_key, create=True)
            _migrate(engine, db_path, db_key)
            user = CurrentUser(admin_user, admin_full_name.strip(), Role.ADMIN)
            store = cls(data_dir, engine, db_key, keyring, user)
            with store.session() as session:
                for name, value in (
                    ("site_id", site_id),
                    ("site_name", site_name.strip()),
                    ("created_at", datetime.now(UTC).isoformat(timespec="seconds")),
                    ("idle_timeout_minutes", str(DEFAULT_IDLE_MINUTES)),
                ):
                    session.add(SiteSetting(name=name, value=value))
                session.add(UserAccount(user_id=admin_user, full_name=user.full_name, role=Role.ADMIN.value))
                record_event(session, "site", site_id, "site created")
            store._settings = None
            keyring.save()
        except BaseException:
            if engine is not None:
                engine.dispose()
            _remove_database_files(db_path)
            (data_dir / KEYRING_FILE).unlink(missing_ok=True)
            raise
        return store, recovery_key

    @classmethod
    def unlock(cls, data_dir: Path, user_id: str, password: str) -> SiteStore:
        """Signs `user_id` in; raises AuthenticationError with one generic message on failure."""
        data_dir = Path(data_dir)
        state = folder_state(data_dir)
        if state is FolderState.EMPTY:
            raise StoreError("There is no site in {folder}; create one first (msc-site init).", folder=data_dir)
        if state is not FolderState.SITE:
            raise StoreError(damage_message(state, data_dir))
        _require_writable(data_dir)
        keyring = keys.Keyring.load(data_dir / KEYRING_FILE)
        slot = keyring.slot(user_id)
        now = time.time()
        counter = keyring.failures.get(slot)
        if counter and counter.locked_until > now:
            raise AuthenticationError(_locked_message(counter.locked_until - now))
        wrap = keyring.wraps.get(slot)
        if wrap is None:
            _spend_equal_time(password)
        db_key = wrap.open(password) if wrap else None
        if db_key is None:
            counter = keyring.failures.setdefault(slot, keys.FailureCounter())
            counter.count += 1
            event = "sign-in failed"
            if counter.count >= LOCK_AFTER_FAILURES:
                counter.locked_until = now + FIRST_LOCK_SECONDS * 2 ** (counter.count - LOCK_AFTER_FAILURES)
                event = "account locked after repeated failed sign-ins"
            keyring.pending_events.append({"slot": slot, "ts": _iso_now(), "event": event})
            keyring.save()
            if counter.locked_until > now:
                raise AuthenticationError(_locked_message(counter.locked_until - now))
            raise wrong_credentials()

        db_path = data_dir / DB_FILE
        engine = open_engine(db_path, db_key)
        try:
            _migrate(engine, db_path, db_key)
            with Session(engine) as session:
                account = session.get(UserAccount, check_user_id(user_id))
                if account is None or not account.active:
                    raise wrong_credentials()
                user = CurrentUser(account.user_id, account.full_name, Role(account.role))
            store = cls(data_dir, engine, db_key, keyring, user)
            store._flush_pending_events()
            with store.session() as session:
                record_event(session, "user_account", user.user_id, "signed in", clock_behind_ok=True)
                late = clock_behind(session.connection())
                if late is not None:
                    record_clock_behind(session, late, "found at sign-in; saving is refused until it is set right")
                    store.unlock_warnings.append(late.at_unlock())
        except (OperationalError, DatabaseError) as exc:
            engine.dispose()
            raise StoreError(describe_database_error(exc, db_path)) from None
        except BaseException:
            engine.dispose()
            raise
        keyring.failures.pop(slot, None)
        keyring.pending_events.clear()
        keyring.save()
        return store

    def _flush_pending_events(self) -> None:
        """Moves sign-in failures recorded while the database was closed into the audit trail."""
        if not self.keyring.pending_events:
            return
        with self.session() as session:
            by_slot = {self.keyring.slot(uid): uid for uid in session.scalars(select(UserAccount.user_id))}
            for pending in self.keyring.pending_events:
                subject = by_slot.get(pending["slot"], "(unknown user name)")
                record_event(
                    session, "user_account", subject, f"{pending['event']} at {pending['ts']}",
                    user_id="system", clock_behind_ok=True,
                )

    # -- sessions, idle lock -------------------------------------------------------------------

    @contextmanager
    def session(self, reason: str | None = None) -> Iterator[Session]:
        """A unit of work as the signed-in user; commits on success, rolls back on any error."""
        self.ensure_active()
        session = self._factory()
        session.info["user_id"] = self.user.user_id
        session.info["reason"] = reason
        try:
            yield session
            session.commit()
        except ClockBehind as refused:
            session.rollback()
            with self.session() as record:
                record_clock_behind(record, refused, "save refused")
            raise
        except MscError:
            session.rollback()
            raise
        except IntegrityError:
            session.rollback()
            raise StoreError("The change conflicts with data already saved; nothing was saved.") from None
        except (OperationalError, DatabaseError) as exc:
            session.rollback()
            raise StoreError(describe_database_error(exc, self.db_path)) from None
        finally:
            session.close()
        self._last_activity = time.monotonic()

    def is_idle_locked(self) -> bool:
        return time.monotonic() - self._last_activity > self.idle_timeout_s

    def ensure_active(self) -> None:
        if self.is_idle_locked():
            minutes = self.idle_timeout_s // 60
            raise SessionLocked(
                "The session was locked after {minutes} minutes without activity; enter your password.",
                minutes=minutes,
            )

    def touch(self) -> None:
        """Marks user activity (the GUI calls this on input) so the idle lock starts over."""
        self._last_activity = time.monotonic()

    def reauthenticate(self, password: str) -> None:
        """Unlocks an idle-locked session, or checks a password before a signature."""
        wrap = self.keyring.wraps.get(self.keyring.slot(self.user.user_id))
        if wrap is None or wrap.open(password) is None:
            raise wrong_credentials()
        self._last_activity = time.monotonic()

    def verify_credentials(self, user_id: str, password: str) -> CurrentUser:
        """Checks a user's password without signing them in: for e-signatures and second-person
        verification in the same dialog. Failures count towards that account's lock-out."""
        slot = self.keyring.slot(user_id)
        now = time.time()
        counter = self.keyring.failures.get(slot)
        if counter and counter.locked_until > now:
            raise AuthenticationError(_locked_message(counter.locked_until - now))
        wrap = self.keyring.wraps.get(slot)
        if wrap is None or wrap.open(password) is None:
            counter = self.keyring.failures.setdefault(slot, keys.FailureCounter())
            counter.count += 1
            if counter.count >= LOCK_AFTER_FAILURES:
                counter.locked_until = now + FIRST_LOCK_SECONDS * 2 ** (counter.count - LOCK_AFTER_FAILURES)
            self.keyring.save()
            with self.session() as session:
                record_event(session, "user_account", user_id.strip().lower(), "signature password refused")
            raise wrong_credentials()
        with Session(self.engine) as session:
            account = session.get(UserAccount, user_id.strip().lower())
            if account is None or not account.active:
                raise wrong_credentials()
            if self.keyring.failures.pop(slot, None) is not None:
                self.keyring.save()
            self._last_activity = time.monotonic()
            return CurrentUser(account.user_id, account.full_name, Role(account.role))

    def wrap_database_key(self, password: str) -> keys.Wrap:
        """A new wrap of this site's database key under `password` (for users.py)."""
        return keys.Wrap.create(password, self._db_key)

    # -- settings ------------------------------------------------------------------------------

    def get_setting(self, name: str) -> str | None:
        """A site setting, from the copy read at unlock (reads never open a second transaction)."""
        if self._settings is None:
            with Session(self.engine) as session:
                self._settings = {s.name: s.value for s in session.scalars(select(SiteSetting))}
        return self._settings.get(name)

    def set_setting(self, name: str, value: str, *, secret: bool = False) -> None:
        """Stores a site setting and audits the change (the value itself is left out if secret)."""
        require(self.user.role, Action.MANAGE_SITE)
        with self.session() as session:
            setting = session.get(SiteSetting, name)
            old = setting.value if setting else None
            if setting is None:
                session.add(SiteSetting(name=name, value=value))
            else:
                setting.value = value
            description = f"setting {name} changed" if secret else f"setting {name} = {value}"
            record_event(session, "site_setting", name, description, old_value=None if secret else old)
        self._settings = None
        if name == "idle_timeout_minutes":
            self.idle_timeout_s = 60 * int(value)

    @property
    def site_id(self) -> str:
        return self.get_setting("site_id") or ""

    @property
    def site_name(self) -> str:
        return self.get_setting("site_name") or ""

    # -- integrity, backup, close --------------------------------------------------------------

    def verify_audit(self) -> ChainReport:
        with self.engine.connect() as connection:
            return verify_audit(connection)

    def backup(self, target: Path) -> Path:
        """An online backup: one file holding the still-encrypted database and the key file."""
        require(self.user.role, Action.BACKUP)
        target = Path(target)
        if target.exists():
            raise StoreError("{target} already exists; choose a new file name for the backup.", target=target)
        with self.session() as session:
            record_event(session, "site", self.site_id, f"backup written to {target.name}")
        write_backup(self.engine, self._db_key, self.keyring.path, target)
        return target

    def close(self) -> None:
        self.engine.dispose()


def write_backup(engine: Engine, db_key: bytes, keyring_path: Path, target: Path) -> None:
    """Copies the live database with SQLite's backup API into a zip with the keyring, atomically."""
    make_private_folder(target.parent, StoreError)
    work = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
    db_copy = Path(f"{work}.db")
    try:
        create_private_file(db_copy, b"", StoreError)
        create_private_file(work, b"", StoreError)
        raw = engine.raw_connection()
        try:
            destination = sqlcipher3.connect(str(db_copy))
            try:
                destination.execute(key_pragma(db_key))
                raw.driver_connection.backup(destination)  # type: ignore[union-attr]
            finally:
                destination.close()
        finally:
            raw.close()
        with zipfile.ZipFile(work, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.write(db_copy, DB_FILE)
            archive.write(keyring_path, KEYRING_FILE)
            archive.writestr("manifest.json", json.dumps({"format": 1, "written": _iso_now()}))
        with open(work, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(work, target)
    except OSError as exc:
        raise StoreError("The backup could not be written to {target}: {problem}.", target=target,
                         problem=exc.strerror or str(exc)) from None
    except (sqlcipher3.DatabaseError, DatabaseError) as exc:
        raise StoreError("The backup could not be written: {problem}.", problem=str(exc)) from None
    finally:
        db_copy.unlink(missing_ok=True)
        Path(work).unlink(missing_ok=True)


def _migrate(engine: Engine, db_path: Path, db_key: bytes) -> None:
    """Brings the schema to head, after an online backup when the database holds data already."""
    config = _alembic_config()
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise StoreError(
            "This site database was written by a newer version of MSC Desktop; install that version to open it."
        )
    if current is not None:
        backups = db_path.parent / BACKUP_DIR
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        write_backup(engine, db_key, db_path.parent / KEYRING_FILE, backups / f"before-migration-{current}-{stamp}.mscbak")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _require_writable(data_dir: Path) -> None:
    """The site needs to write (WAL, audit of every sign-in): refuse a read-only folder up front."""
    read_only_mount = bool(os.statvfs(data_dir).f_flag & os.ST_RDONLY)
    if read_only_mount or not os.access(data_dir, os.W_OK):
        raise StoreError(
            "The data folder {folder} is read-only; the app needs to write there to keep the audit trail.",
            folder=data_dir,
        )


def _spend_equal_time(password: str) -> None:
    """Runs the KDF for an unknown user so the reply takes as long as for a known one."""
    keys.Wrap.create(password, bytes(keys.DB_KEY_BYTES))


def _locked_message(seconds: float) -> Message:
    minutes = max(1, int((seconds + 59) // 60))
    if minutes == 1:
        return Message("This account is locked after repeated failed sign-ins; try again in 1 minute.")
    return Message("This account is locked after repeated failed sign-ins; try again in {minutes} minutes.",
                   minutes=minutes)


def _iso_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
