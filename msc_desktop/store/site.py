"""The site store: create a site, unlock it as a user, check its audit trail, back it up.

A data folder holds `site.db` (SQLCipher), `keyring.json` (the wrapped database key, see keys)
and `backups/`. Unlocking derives the user's key, unwraps the database key, opens the engine,
applies pending migrations after an online backup (migrate, backup_writer), and records the
sign-in in the audit trail. `SiteStore` builds on `KeyedStore` (site_keys: who holds which key,
passwords) and `SessionStore` (site_session: audited sessions, the idle lock, settings).
"""

from __future__ import annotations

import os
import re
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session

from msc_desktop.domain.clinic_time import default_zone_name, use_site_zone, zone_named
from msc_desktop.errors import AuthenticationError, StoreError, ValidationError
from msc_desktop.files import make_private_folder
from msc_desktop.messages import Message
from msc_desktop.store import keys
from msc_desktop.store.audit import record_clock_behind, record_event
from msc_desktop.store.audit_anchor import (
    anchor_path,
    anchor_problems,
    flush_anchor,
    reseal_anchor,
    seal_receipt,
)
from msc_desktop.store.audit_chain import ChainReport
from msc_desktop.store.audit_log import clock_behind, verify_audit
from msc_desktop.store.backup_writer import write_backup
from msc_desktop.store.engine import describe_database_error, open_engine
from msc_desktop.store.key_file import RECOVERY_SLOT, FailureCounter, Keyring
from msc_desktop.store.keys import Secret
from msc_desktop.store.layout import (
    DB_FILE,
    KEYRING_FILE,
    FolderState,
    damage_message,
    folder_state,
)
from msc_desktop.store.migrate import migrate
from msc_desktop.store.models import UserAccount, put_setting
from msc_desktop.store.roles import Action, Role, check_password_strength, check_user_id, require
from msc_desktop.store.sign_in import (
    LOCK_AFTER_FAILURES,
    CurrentUser,
    count_failure,
    locked_message,
    spend_equal_time,
    wrong_credentials,
)
from msc_desktop.store.site_keys import KeyedStore
from msc_desktop.store.site_session import DEFAULT_IDLE_MINUTES, SETTING_TIME_ZONE

OWN_SITE_ID_PATTERN = re.compile(r"^[0-9]{2}$")


def normalized_site_id(text: str) -> str:
    """The site id as stored: two digits. " 07 " and "7" are read as "07"; anything else is
    refused."""
    site_id = text.strip()
    if len(site_id) == 1 and site_id.isdigit():
        site_id = f"0{site_id}"
    if not OWN_SITE_ID_PATTERN.match(site_id):
        raise ValidationError("The site id is two digits, e.g. 01 (subject ids look like 01-0007).")
    return site_id


def _remove_database_files(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


class SiteStore(KeyedStore):
    """An unlocked site database with its signed-in user."""

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
        keyring = Keyring.new(data_dir / KEYRING_FILE)
        keyring.members[keyring.slot(admin_user)] = keys.Member.create(admin_password)[0]
        keyring.members[RECOVERY_SLOT] = keys.Member.create(recovery_key)[0]
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
            migrate(engine, db_path, db_key)
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
                    put_setting(session, name, value)
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
        keyring = Keyring.load(data_dir / KEYRING_FILE)
        slot = keyring.slot(user_id)
        now = time.time()
        counter = keyring.failures.get(slot)
        if counter and counter.locked_until > now:
            raise AuthenticationError(locked_message(counter.locked_until - now))
        if not keyring.has_password(slot):
            spend_equal_time(password)
        opened = keyring.open_member(slot, password) if keyring.has_password(slot) else None
        if opened is None or Secret.DATABASE not in opened:
            counter = keyring.failures.setdefault(slot, FailureCounter())
            count_failure(counter, now)
            event = (
                "account locked after repeated failed sign-ins"
                if counter.count >= LOCK_AFTER_FAILURES
                else "sign-in failed"
            )
            keyring.record_failure({"slot": slot, "ts": _iso_now(), "event": event})
            keyring.save()
            if counter.locked_until > now:
                raise AuthenticationError(locked_message(counter.locked_until - now))
            raise wrong_credentials()

        db_path = data_dir / DB_FILE
        engine = _open_current_or_next(db_path, keyring, slot, password, opened)
        try:
            migrate(engine, db_path, opened[Secret.DATABASE])
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

    # -- integrity, backup, close --------------------------------------------------------------

    def verify_audit(self) -> ChainReport:
        with self.engine.connect() as connection:
            return verify_audit(connection)

    def anchor_problems(self) -> list[Message]:
        """Records removed from the end of the trail, or a rewritten trail, as its anchors see
        it."""
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


def _require_writable(data_dir: Path) -> None:
    """The site needs to write (WAL, audit of every sign-in): refuse a read-only folder up front."""
    read_only_mount = bool(os.statvfs(data_dir).f_flag & os.ST_RDONLY)
    if read_only_mount or not os.access(data_dir, os.W_OK):
        raise StoreError(
            "The data folder {folder} is read-only; the app needs to write there to keep the audit "
            "trail.",
            folder=data_dir,
        )


def _open_current_or_next(
    db_path: Path, keyring: Keyring, slot: str, password: str, opened: dict[Secret, bytes]
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


def _iso_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
