"""The site store: create a site, unlock it as a user, hand out audited sessions, back it up.

A data folder holds `site.db` (SQLCipher), `keyring.json` (the wrapped database key, see keys)
and `backups/`. Unlocking derives the user's key, unwraps the database key, opens the engine,
applies pending migrations after an online backup, and records the sign-in in the audit trail.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from msc_desktop.domain.clinic_time import default_zone_name, use_site_zone, zone_named
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import AuthenticationError, MscError, StoreError, ValidationError
from msc_desktop.files import create_private_file, make_private_folder
from msc_desktop.messages import Message
from msc_desktop.paths import migrations_dir
from msc_desktop.store import keys
from msc_desktop.store.allocation_seal import SEALED, seal_list
from msc_desktop.store.audit import (
    NOTICES,
    ClockBehind,
    clock_behind,
    install_audit,
    record_clock_behind,
    record_event,
    verify_audit,
)
from msc_desktop.store.audit_anchor import (
    advance_anchor,
    anchor_path,
    anchor_problems,
    flush_anchor,
    rekey_anchor,
    reseal_anchor,
    seal_receipt,
)
from msc_desktop.store.audit_chain import ChainReport
from msc_desktop.store.engine import describe_database_error, key_pragma, open_engine
from msc_desktop.store.keys import Secret, SignatureVerifier
from msc_desktop.store.layout import (
    DB_FILE,
    KEYRING_FILE,
    FolderState,
    damage_message,
    folder_state,
)
from msc_desktop.store.models import (
    AllocationList,
    SiteSetting,
    UserAccount,
    get_setting,
    put_setting,
)
from msc_desktop.store.roles import (
    Action,
    Role,
    check_password_strength,
    check_user_id,
    may,
    require,
)

BACKUP_DIR = "backups"
LOCK_AFTER_FAILURES = 5
FIRST_LOCK_SECONDS = 60
DEFAULT_IDLE_MINUTES = 10
SITE_ID_PATTERN = re.compile(r"^[0-9]{2}$")
log = logging.getLogger("msc_desktop.store.site")
SETTING_KEYRING_GENERATION = "keyring.generation"
#: The site's IANA time zone (DESIGN 7a), recorded at set-up; clinical times are entered in it.
SETTING_TIME_ZONE = "time_zone"
SETTING_VERIFIER_PREFIX = "signature_verifier."
#: Which of the site's secrets each role's members hold (DESIGN section 3, "Who holds which key").
#: The randomization key: the roles that randomize, and administrators, who give it to the
#: investigators they add (an administrator can always add an investigator account, so leaving
#: them out would only hide that power). The signing key: the roles that export (the export
#: service runs in their session), never the read-only monitor.
KEY_HOLDERS_BY_ROLE: dict[Role, frozenset[Secret]] = {
    role: frozenset(
        {Secret.DATABASE}
        | ({Secret.RANDOMIZATION} if may(role, Action.RANDOMIZE) or role is Role.ADMIN else set())
        | ({Secret.SIGNING} if may(role, Action.EXPORT) else set())
    )
    for role in Role
}


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
        self,
        data_dir: Path,
        engine: Engine,
        secrets_: dict[Secret, bytes],
        keyring: keys.Keyring,
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
        time_zone: str | None = None,
    ) -> tuple[SiteStore, str]:
        """Creates a new encrypted site; returns it unlocked as the admin, and the recovery key.
        `time_zone`: the site's IANA zone (DESIGN 7a; default the computer's, else UTC)."""
        data_dir = Path(data_dir)
        site_id = normalized_site_id(site_id)
        zone = zone_named(time_zone).key if time_zone is not None else default_zone_name()
        if not site_name.strip():
            raise ValidationError("The site name is required.")
        if not admin_full_name.strip():
            raise ValidationError("The administrator's full name is required.")
        admin_user = check_user_id(admin_user)
        check_password_strength(
            admin_password, admin_user, full_name=admin_full_name, site_name=site_name
        )
        state = folder_state(data_dir)
        if state is FolderState.SITE:
            raise StoreError(
                "A site already exists in {folder}; it was left untouched.", folder=data_dir
            )
        if state is not FolderState.EMPTY:
            raise StoreError(damage_message(state, data_dir))
        make_private_folder(data_dir, StoreError, tighten=True)
        _require_writable(data_dir)

        db_key = keys.new_database_key()
        recovery_key = keys.new_recovery_key()
        randomization_private, randomization_public = keys.new_randomization_key()
        keyring = keys.Keyring.new(data_dir / KEYRING_FILE)
        keyring.members[keyring.slot(admin_user)] = keys.Member.create(admin_password)[0]
        keyring.members[keys.RECOVERY_SLOT] = keys.Member.create(recovery_key)[0]
        keyring.randomization_public = randomization_public
        opened = {
            Secret.DATABASE: db_key,
            Secret.RANDOMIZATION: randomization_private,
            Secret.SIGNING: secrets.token_bytes(32),
        }
        db_path = data_dir / DB_FILE
        engine: Engine | None = None
        try:
            engine = open_engine(db_path, db_key, create=True)
            _migrate(engine, db_path, db_key)
            user = CurrentUser(admin_user, admin_full_name.strip(), Role.ADMIN)
            store = cls(data_dir, engine, opened, keyring, user)
            with store.session() as session:
                for name, value in (
                    ("site_id", site_id),
                    ("site_name", site_name.strip()),
                    ("created_at", datetime.now(UTC).isoformat(timespec="seconds")),
                    ("idle_timeout_minutes", str(DEFAULT_IDLE_MINUTES)),
                    (SETTING_TIME_ZONE, zone),
                ):
                    session.add(SiteSetting(name=name, value=value))
                session.add(
                    UserAccount(user_id=admin_user, full_name=user.full_name, role=Role.ADMIN.value)
                )
                record_event(session, "site", site_id, "site created")
                record_event(
                    session,
                    "site_setting",
                    SETTING_TIME_ZONE,
                    f"setting {SETTING_TIME_ZONE} = {zone}",
                )
            use_site_zone(zone)
            store._settings = None
            store.set_signature_password(admin_user, admin_password)
            store.settle_access(reload=False)
        except BaseException:
            if engine is not None:
                engine.dispose()
            _remove_database_files(db_path)
            (data_dir / KEYRING_FILE).unlink(missing_ok=True)
            flush_anchor(data_dir)
            anchor_path(data_dir).unlink(missing_ok=True)
            raise
        return store, recovery_key

    @classmethod
    def unlock(cls, data_dir: Path, user_id: str, password: str) -> SiteStore:
        """Signs `user_id` in; raises AuthenticationError with one generic message on failure."""
        data_dir = Path(data_dir)
        state = folder_state(data_dir)
        if state is FolderState.EMPTY:
            raise StoreError(
                "There is no site in {folder}; set up a site there first.", folder=data_dir
            )
        if state is not FolderState.SITE:
            raise StoreError(damage_message(state, data_dir))
        _require_writable(data_dir)
        keyring = keys.Keyring.load(data_dir / KEYRING_FILE)
        slot = keyring.slot(user_id)
        now = time.time()
        counter = keyring.failures.get(slot)
        if counter and counter.locked_until > now:
            raise AuthenticationError(_locked_message(counter.locked_until - now))
        if not keyring.has_password(slot):
            _spend_equal_time(password)
        opened = keyring.open_member(slot, password) if keyring.has_password(slot) else None
        if opened is None or Secret.DATABASE not in opened:
            counter = keyring.failures.setdefault(slot, keys.FailureCounter())
            counter.count += 1
            event = "sign-in failed"
            if counter.count >= LOCK_AFTER_FAILURES:
                counter.locked_until = now + FIRST_LOCK_SECONDS * 2 ** (
                    counter.count - LOCK_AFTER_FAILURES
                )
                event = "account locked after repeated failed sign-ins"
            keyring.record_failure({"slot": slot, "ts": _iso_now(), "event": event})
            keyring.save()
            if counter.locked_until > now:
                raise AuthenticationError(_locked_message(counter.locked_until - now))
            raise wrong_credentials()

        db_path = data_dir / DB_FILE
        engine = _open_current_or_next(db_path, keyring, slot, password, opened)
        try:
            _migrate(engine, db_path, opened[Secret.DATABASE])
            with Session(engine) as session:
                account = session.get(UserAccount, check_user_id(user_id))
                if account is None or not account.active:
                    raise wrong_credentials()
                user = CurrentUser(account.user_id, account.full_name, Role(account.role))
            store = cls(data_dir, engine, opened, keyring, user)
            with engine.connect() as connection:
                store.unlock_warnings.extend(
                    anchor_problems(connection, data_dir, opened[Secret.DATABASE])
                )
            store._after_sign_in(slot, password)
        except (OperationalError, DatabaseError) as exc:
            engine.dispose()
            raise StoreError(describe_database_error(exc, db_path)) from None
        except BaseException:
            engine.dispose()
            raise
        return store

    def _after_sign_in(self, slot: str, password: str) -> None:
        """Checks and records what happened to the key file since the last sign-in, turns a
        format-1 wrap into a member, settles who holds which key, and seals the counters again."""
        problems = (
            []
            if self.keyring.seal is None and not self.keyring.members
            else self.keyring.check_seal(self._secrets[Secret.DATABASE], self._generation())
        )
        self._flush_pending_events()
        with self.session() as session:
            for problem in problems:
                record_event(
                    session,
                    "user_account",
                    self.user.user_id,
                    f"key file check at sign-in: {problem}",
                    user_id="system",
                    clock_behind_ok=True,
                )
            record_event(
                session, "user_account", self.user.user_id, "signed in", clock_behind_ok=True
            )
            late = clock_behind(session.connection())
            if late is not None:
                record_clock_behind(
                    session, late, "found at sign-in; saving is refused until it is set right"
                )
                self.unlock_warnings.append(late.at_unlock())
        if slot in self.keyring.legacy:
            self.keyring.legacy.pop(slot)
            self.keyring.members[slot] = keys.Member.create(password)[0]
        if self.signature_verifier(self.user.user_id) is None:
            self.set_signature_password(self.user.user_id, password)
        self.keyring.failures.pop(slot, None)
        self.settle_access(reload=False)

    def _flush_pending_events(self) -> None:
        """Moves sign-in failures recorded while the database was closed into the audit trail."""
        if not self.keyring.pending_events:
            return
        with self.session() as session:
            by_slot = {
                self.keyring.slot(uid): uid for uid in session.scalars(select(UserAccount.user_id))
            }
            for pending in self.keyring.pending_events:
                subject = by_slot.get(pending["slot"], "(unknown user name)")
                record_event(
                    session,
                    "user_account",
                    subject,
                    f"{pending['event']} at {pending['ts']}",
                    user_id="system",
                    clock_behind_ok=True,
                )

    def _generation(self) -> int:
        return int(self._read_setting(SETTING_KEYRING_GENERATION) or 0)

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

    def save_keyring(self) -> None:
        """Writes the key file sealed under this database key, then records its generation in the
        database (a crash between the two leaves the file ahead, which is not reported)."""
        generation = self._generation() + 1
        self.keyring.reseal(self._secrets[Secret.DATABASE], generation)
        self.keyring.save()
        with Session(self.engine) as session, session.begin():
            put_setting(session, SETTING_KEYRING_GENERATION, str(generation))
        self._remember_setting(SETTING_KEYRING_GENERATION, str(generation))

    def _remember_setting(self, name: str, value: str) -> None:
        """Keeps the settings copy current after a write made outside `set_setting` (re-reading it
        here could start a second transaction inside a caller's)."""
        if self._settings is not None:
            self._settings[name] = value

    # -- who holds which key -------------------------------------------------------------------

    def secret(self, which: Secret) -> bytes | None:
        """One of the site's secrets, if the signed-in user holds it (see keys)."""
        return self._secrets.get(which)

    def _reload_keyring(self) -> None:
        """Reads the key file again before changing it: another session (a signature, a second
        window, a sign-in) may have written it since this one was opened."""
        self.keyring = keys.Keyring.load(self.keyring.path)

    def settle_access(self, *, reload: bool = True) -> None:
        """Gives every active account the keys its role needs (from those this session holds),
        takes them from roles that no longer need them and from inactive accounts, and saves."""
        if reload:
            self._reload_keyring()
        self._make_missing_secrets()
        with Session(self.engine) as session:
            accounts = list(session.scalars(select(UserAccount)))
        for account in accounts:
            slot = self.keyring.slot(account.user_id)
            if not account.active:
                self.keyring.remove_member(slot)
                continue
            if slot not in self.keyring.members:
                continue
            needed = KEY_HOLDERS_BY_ROLE[Role(account.role)]
            for which in Secret:
                if which not in needed:
                    self.keyring.revoke(slot, which)
                elif not self.keyring.holds(slot, which) and which in self._secrets:
                    self.keyring.grant(slot, which, self._secrets[which])
        if keys.RECOVERY_SLOT in self.keyring.members:
            for which, value in self._secrets.items():
                if not self.keyring.holds(keys.RECOVERY_SLOT, which):
                    self.keyring.grant(keys.RECOVERY_SLOT, which, value)
        self.save_keyring()

    def _make_missing_secrets(self) -> None:
        """A site from before the per-role keys gets its randomization and signing keys from the
        first holder who signs in; the data they protect is then encrypted (after a backup)."""
        needed = KEY_HOLDERS_BY_ROLE[self.user.role]
        made = False
        if Secret.RANDOMIZATION in needed and self.keyring.randomization_public is None:
            private, public = keys.new_randomization_key()
            self._secrets[Secret.RANDOMIZATION] = private
            self.keyring.randomization_public = public
            made = True
        if Secret.SIGNING in needed and not self.keyring.grants.get(Secret.SIGNING):
            self._secrets[Secret.SIGNING] = secrets.token_bytes(32)
            made = True
        if made and Secret.RANDOMIZATION in self._secrets:
            self._seal_plain_lists()

    def _seal_plain_lists(self) -> None:
        """Seals the lists a site loaded before it had a randomization key, after a backup (the
        database is written over with secure_delete, so the plain entries do not linger)."""
        public = self.keyring.randomization_public
        if public is None or self.secret(Secret.RANDOMIZATION) is None:
            return
        with self.session() as session:
            plain = list(
                session.scalars(
                    select(AllocationList).where(AllocationList.arms.not_like(f"{SEALED}%"))
                )
            )
            if not plain:
                return
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            write_backup(
                self.engine,
                self.secret(Secret.DATABASE) or b"",
                self.keyring.path,
                self.data_dir / BACKUP_DIR / f"before-sealing-allocation-lists-{stamp}.mscbak",
            )
            for allocation_list in plain:
                allocation_list.arms, allocation_list.signed_package = seal_list(
                    public,
                    allocation_list.list_id,
                    allocation_list.arms.split(","),
                    allocation_list.signed_package,
                )
            record_event(
                session,
                "site",
                self.site_id,
                f"{len(plain)} allocation lists sealed to the randomization key",
            )

    def set_password(self, user_id: str, password: str, *, old_password: str | None = None) -> None:
        """Locks `user_id`'s keys under a new password: with the old one the same key pair is
        relocked; otherwise (a reset) a new pair gets the keys this session can give."""
        self._reload_keyring()
        slot = self.keyring.slot(user_id)
        self.keyring.failures.pop(slot, None)
        member = self.keyring.members.get(slot)
        private = (
            member.open(old_password) if member is not None and old_password is not None else None
        )
        if member is not None and private is not None:
            self.keyring.relock(slot, private, password)
        else:
            self.keyring.remove_member(slot)
            self.keyring.members[slot] = keys.Member.create(password)[0]
        self.set_signature_password(user_id, password)
        self.settle_access(reload=False)

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
                "The session was locked after {minutes} minutes without activity; enter your password.",
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

    def verify_credentials(self, user_id: str, password: str) -> CurrentUser:
        """Checks a user's password without signing them in: for e-signatures and second-person
        verification in the same dialog. Failures count towards that account's lock-out.

        The password is checked against the verifier kept inside the encrypted database (its own
        salt, a lower scrypt cost than the key file's: reaching it needs the database key first).
        An account without one yet is checked against the key file and gets one."""
        slot = self.keyring.slot(user_id)
        now = time.time()
        counter = self.keyring.failures.get(slot)
        if counter and counter.locked_until > now:
            raise AuthenticationError(_locked_message(counter.locked_until - now))
        normalised = user_id.strip().lower()
        verifier = self.signature_verifier(normalised)
        if verifier is not None:
            correct = verifier.matches(password)
        else:
            correct = self.keyring.open_member(slot, password) is not None
        with Session(self.engine) as session:
            account = session.get(UserAccount, normalised)
            active = account is not None and account.active
            signer = (
                CurrentUser(account.user_id, account.full_name, Role(account.role))
                if account and active
                else None
            )
        if not correct or signer is None:
            self._reload_keyring()
            counter = self.keyring.failures.setdefault(slot, keys.FailureCounter())
            counter.count += 1
            if counter.count >= LOCK_AFTER_FAILURES:
                counter.locked_until = now + FIRST_LOCK_SECONDS * 2 ** (
                    counter.count - LOCK_AFTER_FAILURES
                )
            self.save_keyring()
            with self.session() as session:
                record_event(session, "user_account", normalised, "signature password refused")
            raise wrong_credentials()
        if verifier is None:
            self.set_signature_password(normalised, password)
        if slot in self.keyring.failures:
            self._reload_keyring()
            self.keyring.failures.pop(slot, None)
            self.save_keyring()
        self._last_activity = time.monotonic()
        return signer

    def signature_verifier(self, user_id: str) -> SignatureVerifier | None:
        text = self._read_setting(f"{SETTING_VERIFIER_PREFIX}{user_id}")
        return SignatureVerifier.from_text(text) if text else None

    def set_signature_password(self, user_id: str, password: str) -> None:
        """Stores a new signature-password verifier for `user_id` inside the database."""
        name = f"{SETTING_VERIFIER_PREFIX}{user_id}"
        with Session(self.engine) as session, session.begin():
            value = SignatureVerifier.create(password).to_text()
            put_setting(session, name, value)
        self._remember_setting(name, value)

    def rekey(self) -> list[str]:
        """A new database key (SQLCipher `PRAGMA rekey`) given to every remaining member and the
        recovery key; a key file copied before, or a deactivated user's old one, no longer opens
        the database. Returns the slots of accounts still on a format-1 wrap, which lost access
        (an administrator sets them a new password).

        Crash-safe: the new key's grants are written to the key file before the rekey and
        promoted after it; `unlock` opens the database with whichever key fits."""
        require(self.user.role, Action.MANAGE_USERS)
        self._reload_keyring()
        self.require_recovery_member()
        dropped = [slot for slot in self.keyring.legacy if slot != keys.RECOVERY_SLOT]
        for slot in dropped:
            self.keyring.remove_member(slot)
        old_key = self._secrets[Secret.DATABASE]
        new_key = keys.new_database_key()
        self.keyring.seal_next_database(new_key)
        self.save_keyring()
        self.engine.dispose()
        connection = sqlcipher3.connect(str(self.db_path), isolation_level=None)
        try:
            connection.execute(key_pragma(old_key))
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute(key_pragma(new_key).replace("PRAGMA key", "PRAGMA rekey", 1))
        except sqlcipher3.DatabaseError as exc:
            raise StoreError(describe_database_error(exc, self.db_path)) from None
        finally:
            connection.close()
        self.engine = open_engine(self.db_path, new_key)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        install_audit(self._factory)
        self._secrets[Secret.DATABASE] = new_key
        rekey_anchor(self.data_dir, old_key, new_key)
        self.keyring.promote_next_database()
        self.save_keyring()
        return dropped

    def recovery_key_needed(self) -> bool:
        """Whether the recovery key must be typed once before the next rekey (format-1 key file)."""
        return keys.RECOVERY_SLOT not in self.keyring.members

    def require_recovery_member(self) -> None:
        if self.recovery_key_needed():
            raise ValidationError(
                "This site was set up with an earlier version: enter the recovery key once so that it "
                "keeps opening the database after the new key."
            )

    def add_recovery_member(self, recovery_key: str) -> None:
        """On a site from a format-1 key file, turns the recovery key's wrap into a member."""
        require(self.user.role, Action.MANAGE_USERS)
        typed = keys.normalise_recovery_key(recovery_key)
        self._reload_keyring()
        wrap = self.keyring.legacy.get(keys.RECOVERY_SLOT)
        if wrap is None:
            return
        if self.keyring.open_member(keys.RECOVERY_SLOT, typed) != {
            Secret.DATABASE: self._secrets[Secret.DATABASE]
        }:
            raise ValidationError("That recovery key does not open this site's database.")
        self.keyring.legacy.pop(keys.RECOVERY_SLOT)
        self.keyring.members[keys.RECOVERY_SLOT] = keys.Member.create(typed)[0]
        self.settle_access(reload=False)

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

    # -- integrity, backup, close --------------------------------------------------------------

    def verify_audit(self) -> ChainReport:
        with self.engine.connect() as connection:
            return verify_audit(connection)

    def anchor_problems(self) -> list[Message]:
        """Records removed from the end of the trail, or a rewritten trail, as its anchors see it."""
        with self.engine.connect() as connection:
            return anchor_problems(connection, self.data_dir, self._secrets[Secret.DATABASE])

    def seal_receipt(self, seq: int, chain_hash: str, receipt: bytes) -> None:
        """Keeps a checked, signed centre receipt as the trail's second anchor."""
        seal_receipt(self.data_dir, self._secrets[Secret.DATABASE], seq, chain_hash, receipt)

    def reseal_anchor(self, why: str) -> None:
        """Seals the trail as it is now as its anchor (administrators: after a restore, or once a
        reported problem was looked into); recorded in the trail with `why`."""
        require(self.user.role, Action.MANAGE_SITE)
        with self.session() as session:
            record_event(session, "site", self.site_id, f"audit trail anchor sealed again: {why}")
        with self.engine.connect() as connection:
            reseal_anchor(connection, self.data_dir, self._secrets[Secret.DATABASE])
            self._sealed_seq = None

    def backup(self, target: Path) -> Path:
        """An online backup: one file holding the still-encrypted database and the key file."""
        require(self.user.role, Action.BACKUP)
        target = Path(target)
        if target.exists():
            raise StoreError(
                "{target} already exists; choose a new file name for the backup.", target=target
            )
        with self.session() as session:
            record_event(session, "site", self.site_id, f"backup written to {target.name}")
        write_backup(self.engine, self._secrets[Secret.DATABASE], self.keyring.path, target)
        return target

    def close(self) -> None:
        flush_anchor(self.data_dir)
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
        raise StoreError(
            "The backup could not be written to {target}: {problem}.",
            target=target,
            problem=exc.strerror or str(exc),
        ) from None
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
        write_backup(
            engine,
            db_key,
            db_path.parent / KEYRING_FILE,
            backups / f"before-migration-{current}-{stamp}.mscbak",
        )
    with schema_change(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def schema_change(engine: Engine) -> Iterator[Connection]:
    """A transaction for a migration: SQLite's way to rebuild a table that others refer to, with
    references unchecked while it runs (switched off outside the transaction), then every one
    checked before it commits."""
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                yield connection
                if connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise StoreError(
                        "The database upgrade left a record that refers to a missing one; "
                        "nothing was changed."
                    )
        finally:
            driver.execute("PRAGMA foreign_keys = ON")


def _require_writable(data_dir: Path) -> None:
    """The site needs to write (WAL, audit of every sign-in): refuse a read-only folder up front."""
    read_only_mount = bool(os.statvfs(data_dir).f_flag & os.ST_RDONLY)
    if read_only_mount or not os.access(data_dir, os.W_OK):
        raise StoreError(
            "The data folder {folder} is read-only; the app needs to write there to keep the audit trail.",
            folder=data_dir,
        )


def _open_current_or_next(
    db_path: Path, keyring: keys.Keyring, slot: str, password: str, opened: dict[Secret, bytes]
) -> Engine:
    """The engine on the database; after a rekey interrupted between writing the key file and
    rekeying (or before promoting the new grants) whichever key opens it is the current one."""
    try:
        engine = open_engine(db_path, opened[Secret.DATABASE])
    except StoreError:
        next_key = keyring.open_next_database(slot, password) if keyring.next_database else None
        if next_key is None:
            raise
        engine = open_engine(db_path, next_key)
        opened[Secret.DATABASE] = next_key
        keyring.promote_next_database()
        return engine
    keyring.next_database = {}
    return engine


def _spend_equal_time(password: str) -> None:
    """Runs the KDF for an unknown user so the reply takes as long as for a known one."""
    keys.Wrap.create(password, bytes(keys.DB_KEY_BYTES))


def _locked_message(seconds: float) -> Message:
    minutes = max(1, int((seconds + 59) // 60))
    if minutes == 1:
        return Message(
            "This account is locked after repeated failed sign-ins; try again in 1 minute."
        )
    return Message(
        "This account is locked after repeated failed sign-ins; try again in {minutes} minutes.",
        minutes=minutes,
    )


def _iso_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
