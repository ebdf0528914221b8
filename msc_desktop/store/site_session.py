"""The unlocked site store's sessions: units of work as the signed-in user, one transaction that
services join, the idle lock, and the site settings."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from msc_desktop.domain.clinic_time import use_site_zone
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import MscError, StoreError
from msc_desktop.messages import Message
from msc_desktop.store.audit import NOTICES, install_audit, record_clock_behind, record_event
from msc_desktop.store.audit_anchor import advance_anchor
from msc_desktop.store.audit_log import ClockBehind
from msc_desktop.store.engine import describe_database_error
from msc_desktop.store.key_file import Keyring
from msc_desktop.store.keys import Secret
from msc_desktop.store.layout import DB_FILE, FolderState, folder_state
from msc_desktop.store.models import SiteSetting, get_setting, put_setting
from msc_desktop.store.roles import Action, require
from msc_desktop.store.sign_in import CurrentUser, SessionLocked, wrong_credentials

DEFAULT_IDLE_MINUTES = 10
log = logging.getLogger("msc_desktop.store.site")
#: The site's IANA time zone (DESIGN 7a), recorded at set-up; clinical times are entered in it.
SETTING_TIME_ZONE = "time_zone"


class SessionStore:
    """An unlocked site database with its signed-in user: audited sessions, the idle lock and
    the site settings (the keys are added by KeyedStore, creating and unlocking by SiteStore)."""

    def __init__(
        self,
        data_dir: Path,
        engine: Engine,
        secrets_: dict[Secret, bytes],
        keyring: Keyring,
        user: CurrentUser,
    ):
        self.data_dir = data_dir
        self.engine = engine
        self._secrets = dict(secrets_)
        self.keyring = keyring
        self.user = user
        #: The protocol this site's services and screens work under: the one place they get it
        #: (domain functions are handed it; a test may hand the store another version).
        self.protocol: Protocol = load_protocol()
        self._factory: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
        install_audit(self._factory)
        self._last_activity = time.monotonic()
        self._settings: dict[str, str] | None = None
        #: What the user must see right after signing in (clock behind the audit trail...).
        self.unlock_warnings: list[Message] = []
        #: One-line notes a committed save leaves for the user (a source verification cleared);
        #: `on_notice`, when set (by the main window), is told each one as it comes.
        self.notices: list[Message] = []
        self.on_notice: Callable[[Message], None] | None = None
        self._joined = threading.local()
        self._sealed_seq: int | None = None
        self.idle_timeout_s = 60 * int(
            self.get_setting("idle_timeout_minutes") or DEFAULT_IDLE_MINUTES
        )
        use_site_zone(self.get_setting(SETTING_TIME_ZONE))

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

    def _read_setting(self, name: str) -> str | None:
        """One setting as stored now, read outside any transaction (so never waiting on one)."""
        raw = self.engine.raw_connection()
        try:
            row = (
                raw.cursor()
                .execute("SELECT value FROM site_setting WHERE name = ?", (name,))
                .fetchone()
            )
        finally:
            raw.close()
        return str(row[0]) if row is not None else None

    def _remember_setting(self, name: str, value: str) -> None:
        """Keeps the settings copy current after a write made outside `set_setting` (re-reading it
        here could start a second transaction inside a caller's)."""
        if self._settings is not None:
            self._settings[name] = value

    # -- sessions, idle lock -------------------------------------------------------------------

    @contextmanager
    def session(self, reason: str | None = None) -> Iterator[Session]:
        """A unit of work as the signed-in user; commits on success, rolls back on any error.

        Inside `one_transaction` (same thread) it is a part of that transaction instead: its
        changes are flushed with its `reason` and committed, or rolled back, with the whole."""
        joined: Session | None = getattr(self._joined, "session", None)
        if joined is not None:
            outer_reason = joined.info["reason"]
            joined.info["reason"] = reason
            try:
                yield joined
                joined.flush()
            finally:
                joined.info["reason"] = outer_reason
            return
        self.ensure_active()
        session = self._factory()
        session.info["user_id"] = self.user.user_id
        session.info["reason"] = reason
        session.info["protocol"] = self.protocol
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
            raise StoreError(
                "The change conflicts with data already saved; nothing was saved."
            ) from None
        except (OperationalError, DatabaseError) as exc:
            session.rollback()
            raise StoreError(describe_database_error(exc, self.db_path)) from None
        finally:
            session.close()
        self._last_activity = time.monotonic()
        self._advance_anchor()
        for notice in session.info.get(NOTICES, ()):
            self.notices.append(notice)
            if self.on_notice is not None:
                self.on_notice(notice)

    @contextmanager
    def one_transaction(self, reason: str | None = None) -> Iterator[Session]:
        """One session that the services called inside it (`session`) join: everything they
        change is committed together, or nothing of it is."""
        assert getattr(self._joined, "session", None) is None, "one_transaction is not nested"
        with self.session(reason) as session:
            self._joined.session = session
            try:
                yield session
            finally:
                self._joined.session = None

    def _advance_anchor(self) -> None:
        """Seals the trail's head outside the database after a save (audit_anchor); a failure
        only leaves the anchor behind, which is never reported as a problem."""
        try:
            with self.engine.connect() as connection:
                self._sealed_seq = advance_anchor(
                    connection, self.data_dir, self._secrets[Secret.DATABASE], self._sealed_seq
                )
        except (StoreError, OperationalError, DatabaseError) as error:
            log.warning("the audit anchor was not advanced: %s", type(error).__name__)

    def is_idle_locked(self) -> bool:
        return time.monotonic() - self._last_activity > self.idle_timeout_s

    def ensure_active(self) -> None:
        if self.is_idle_locked():
            minutes = self.idle_timeout_s // 60
            raise SessionLocked(
                "The session was locked after {minutes} minutes without activity; enter your "
                "password.",
                minutes=minutes,
            )

    def touch(self) -> None:
        """Marks user activity (the GUI calls this on input) so the idle lock starts over."""
        self._last_activity = time.monotonic()

    def reauthenticate(self, password: str) -> None:
        """Unlocks an idle-locked session with the password (the key file's own cost)."""
        if self.keyring.open_member(self.keyring.slot(self.user.user_id), password) is None:
            raise wrong_credentials()
        self._last_activity = time.monotonic()

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
            old = get_setting(session, name)
            put_setting(session, name, value)
            description = f"setting {name} changed" if secret else f"setting {name} = {value}"
            record_event(
                session, "site_setting", name, description, old_value=None if secret else old
            )
        self._settings = None
        if name == "idle_timeout_minutes":
            self.idle_timeout_s = 60 * int(value)
        if name == SETTING_TIME_ZONE:
            use_site_zone(value)  # times stored before keep their offsets

    @property
    def site_id(self) -> str:
        return self.get_setting("site_id") or ""

    @property
    def site_name(self) -> str:
        return self.get_setting("site_name") or ""
