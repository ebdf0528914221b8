"""The keys of an unlocked site: who holds which secret (by role), passwords and signature
passwords checked with the lock-out, a new database key, the recovery key."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime

import sqlcipher3
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from msc_desktop.errors import AuthenticationError, StoreError, ValidationError
from msc_desktop.store import keys
from msc_desktop.store.allocation_seal import SEALED, seal_list
from msc_desktop.store.audit import install_audit, record_event
from msc_desktop.store.audit_anchor import rekey_anchor
from msc_desktop.store.backup_writer import BACKUP_DIR, write_backup
from msc_desktop.store.engine import describe_database_error, key_pragma, open_engine
from msc_desktop.store.key_file import RECOVERY_SLOT, FailureCounter, Keyring
from msc_desktop.store.keys import Secret, SignatureVerifier
from msc_desktop.store.models import AllocationList, UserAccount, put_setting
from msc_desktop.store.roles import Action, Role, may, require
from msc_desktop.store.sign_in import CurrentUser, count_failure, locked_message, wrong_credentials
from msc_desktop.store.site_session import SessionStore

SETTING_KEYRING_GENERATION = "keyring.generation"
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


class KeyedStore(SessionStore):
    """The site store's keys: who holds which secret, passwords, signature passwords, a new
    database key (rekey) and the recovery key."""

    def _generation(self) -> int:
        return int(self._read_setting(SETTING_KEYRING_GENERATION) or 0)

    def save_keyring(self) -> None:
        """Writes the key file sealed under this database key, then records its generation in the
        database (a crash between the two leaves the file ahead, which is not reported)."""
        generation = self._generation() + 1
        self.keyring.reseal(self._secrets[Secret.DATABASE], generation)
        self.keyring.save()
        with Session(self.engine) as session, session.begin():
            put_setting(session, SETTING_KEYRING_GENERATION, str(generation))
        self._remember_setting(SETTING_KEYRING_GENERATION, str(generation))

    # -- who holds which key -------------------------------------------------------------------

    def secret(self, which: Secret) -> bytes | None:
        """One of the site's secrets, if the signed-in user holds it (see keys)."""
        return self._secrets.get(which)

    def _reload_keyring(self) -> None:
        """Reads the key file again before changing it: another session (a signature, a second
        window, a sign-in) may have written it since this one was opened."""
        self.keyring = Keyring.load(self.keyring.path)

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
        if RECOVERY_SLOT in self.keyring.members:
            for which, value in self._secrets.items():
                if not self.keyring.holds(RECOVERY_SLOT, which):
                    self.keyring.grant(RECOVERY_SLOT, which, value)
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
            raise AuthenticationError(locked_message(counter.locked_until - now))
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
            counter = self.keyring.failures.setdefault(slot, FailureCounter())
            count_failure(counter, now)
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
        dropped = [slot for slot in self.keyring.legacy if slot != RECOVERY_SLOT]
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
        return RECOVERY_SLOT not in self.keyring.members

    def require_recovery_member(self) -> None:
        if self.recovery_key_needed():
            raise ValidationError(
                "This site was set up with an earlier version: enter the recovery key once so that "
                "it keeps opening the database after the new key."
            )

    def add_recovery_member(self, recovery_key: str) -> None:
        """On a site from a format-1 key file, turns the recovery key's wrap into a member."""
        require(self.user.role, Action.MANAGE_USERS)
        typed = keys.normalise_recovery_key(recovery_key)
        self._reload_keyring()
        wrap = self.keyring.legacy.get(RECOVERY_SLOT)
        if wrap is None:
            return
        if self.keyring.open_member(RECOVERY_SLOT, typed) != {
            Secret.DATABASE: self._secrets[Secret.DATABASE]
        }:
            raise ValidationError("That recovery key does not open this site's database.")
        self.keyring.legacy.pop(RECOVERY_SLOT)
        self.keyring.members[RECOVERY_SLOT] = keys.Member.create(typed)[0]
        self.settle_access(reload=False)
