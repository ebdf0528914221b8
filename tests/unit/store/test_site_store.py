"""Site creation, sign-in, lock-out, idle lock, users and roles, backups."""

from __future__ import annotations

import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from msc_desktop.errors import AuthenticationError, PermissionDenied, StoreError, ValidationError
from msc_desktop.store import keys
from msc_desktop.store.key_file import RECOVERY_SLOT, Keyring
from msc_desktop.store.models import AuditLog, Participant, ParticipantIdentity, UserAccount
from msc_desktop.store.sign_in import SessionLocked
from msc_desktop.store.site import SiteStore
from msc_desktop.store.users import (
    change_own_password,
    change_role,
    create_user,
    deactivate_user,
    reset_password,
)
from tests.accounts import ADMIN, NURSE


def test_init_refuses_weak_password_and_bad_site_id(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least 12 characters"):
        SiteStore.init(
            tmp_path / "a",
            site_id="01",
            site_name="X",
            admin_user="admin",
            admin_password="short1",
            admin_full_name="A",
        )
    with pytest.raises(ValidationError, match="two digits"):
        SiteStore.init(
            tmp_path / "a",
            site_id="A1",
            site_name="X",
            admin_user="admin",
            admin_password="Long-enough-1",
            admin_full_name="A",
        )
    assert not (tmp_path / "a" / "site.db").exists()


def test_init_twice_leaves_the_site_untouched(site: SiteStore, data_dir: Path) -> None:
    before = (data_dir / "keyring.json").read_bytes()
    with pytest.raises(StoreError, match="already exists"):
        SiteStore.init(
            data_dir,
            site_id="02",
            site_name="Other",
            admin_user="admin",
            admin_password="Long-enough-1",
            admin_full_name="A",
        )
    assert (data_dir / "keyring.json").read_bytes() == before
    assert site.site_id == "01"


def test_unlock_roles_and_generic_errors(site: SiteStore, data_dir: Path) -> None:
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    assert nurse.user.role.value == "nurse" and nurse.user.full_name == NURSE[2]
    nurse.close()
    with pytest.raises(AuthenticationError) as wrong:
        SiteStore.unlock(data_dir, NURSE[0], "not-the-password-1")
    with pytest.raises(AuthenticationError) as unknown:
        SiteStore.unlock(data_dir, "nobody", "whatever-123")
    assert str(wrong.value) == str(unknown.value) == "Wrong user name or password."


def test_lockout_after_five_failures_grows_and_is_audited(site: SiteStore, data_dir: Path) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationError, match="Wrong user name"):
            SiteStore.unlock(data_dir, NURSE[0], "bad-password-1")
    with pytest.raises(AuthenticationError, match="locked .* try again in 1 minute"):
        SiteStore.unlock(data_dir, NURSE[0], "bad-password-1")
    # The right password is refused while locked.
    with pytest.raises(AuthenticationError, match="locked"):
        SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    ring = Keyring.load(data_dir / "keyring.json")
    counter = ring.failures[ring.slot(NURSE[0])]
    first_lock = counter.locked_until - time.time()
    assert 50 < first_lock <= 60
    counter.locked_until = 0  # the wait is over; the next failure locks for longer
    ring.save()
    with pytest.raises(AuthenticationError, match="try again in 2 minutes"):
        SiteStore.unlock(data_dir, NURSE[0], "bad-password-1")
    ring = Keyring.load(data_dir / "keyring.json")
    ring.failures[ring.slot(NURSE[0])].locked_until = 0
    ring.save()
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    with nurse.session() as session:
        events = session.scalars(
            select(AuditLog.new_value).where(
                AuditLog.record_id == "nurse", AuditLog.action == "event"
            )
        ).all()
    nurse.close()
    assert sum("sign-in failed" in e for e in events) == 4
    assert sum("account locked" in e for e in events) == 2
    assert events[-1] == "signed in"
    assert b"nurse" not in (data_dir / "keyring.json").read_bytes()


def test_password_change_rewraps_without_reencrypting(site: SiteStore, data_dir: Path) -> None:
    db_before = (data_dir / "site.db").stat().st_size
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    with pytest.raises(AuthenticationError):
        change_own_password(nurse, "wrong-old-pass-1", "New-pass-2026-x")
    change_own_password(nurse, NURSE[1], "New-pass-2026-x")
    nurse.close()
    with pytest.raises(AuthenticationError):
        SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    again = SiteStore.unlock(data_dir, NURSE[0], "New-pass-2026-x")
    again.close()
    assert (data_dir / "site.db").stat().st_size >= db_before


def test_recovery_key_unwraps_the_database_key(tmp_path: Path) -> None:
    store, recovery = SiteStore.init(
        tmp_path / "r",
        site_id="03",
        site_name="R",
        admin_user="admin",
        admin_password="Long-enough-1",
        admin_full_name="A",
    )
    store.close()
    ring = Keyring.load(tmp_path / "r" / "keyring.json")
    typed = recovery.lower().replace("-", " ")
    opened = ring.open_member(RECOVERY_SLOT, keys.normalise_recovery_key(typed))
    assert opened is not None and set(opened) == set(
        keys.Secret
    )  # the recovery key holds every key
    assert ring.open_member(RECOVERY_SLOT, keys.new_recovery_key()) is None
    with pytest.raises(StoreError, match="not a recovery key"):
        keys.normalise_recovery_key("ABC")


def test_roles_are_enforced_in_services(site: SiteStore, nurse_store: SiteStore) -> None:
    with pytest.raises(PermissionDenied, match="Only a site administrator may manage users"):
        create_user(nurse_store, "x1", "X", "nurse", "Long-enough-1")
    with pytest.raises(ValidationError, match="taken"):
        create_user(site, "nurse", "Again", "nurse", "Long-enough-1")
    with pytest.raises(ValidationError, match="Unknown role"):
        create_user(site, "x2", "X", "surgeon", "Long-enough-1")


def test_deactivated_user_cannot_sign_in_and_id_is_kept(site: SiteStore, data_dir: Path) -> None:
    with pytest.raises(ValidationError, match="reason"):
        deactivate_user(site, NURSE[0], reason="")
    deactivate_user(site, NURSE[0], reason="left the study team")
    with pytest.raises(AuthenticationError):
        SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    with site.session() as session:
        account = session.get(UserAccount, NURSE[0])
        assert account is not None and account.active is False
    with pytest.raises(ValidationError, match="never reused"):
        create_user(site, NURSE[0], "New Nurse", "nurse", "Long-enough-1")
    with pytest.raises(ValidationError, match="deactivated"):
        reset_password(site, NURSE[0], "Long-enough-1")
    with pytest.raises(ValidationError, match="last active administrator"):
        change_role(site, ADMIN[0], "nurse", reason="test")


def test_idle_lock_requires_the_password_again(nurse_store: SiteStore) -> None:
    nurse_store.idle_timeout_s = 0
    time.sleep(0.01)
    with pytest.raises(SessionLocked, match="locked after"), nurse_store.session():
        pass
    with pytest.raises(AuthenticationError):
        nurse_store.reauthenticate("wrong-password-1")
    nurse_store.idle_timeout_s = 600
    nurse_store.reauthenticate(NURSE[1])
    with nurse_store.session():
        pass


def test_backup_holds_an_encrypted_database_that_reopens(site: SiteStore, tmp_path: Path) -> None:
    with site.session() as session:
        participant = Participant(
            subject_id="01-0042",
            screening_number="SCR-042",
            initials="ZQ",
            sex="F",
            date_of_birth=date(1970, 5, 6),
            registration_date=date(2026, 1, 5),
            status="registered",
        )
        session.add(participant)
        session.flush()
        session.add(ParticipantIdentity(participant_id=participant.id, full_name="Zhang Qing Lan"))
    target = site.backup(tmp_path / "b" / "site-backup.mscbak")
    with pytest.raises(StoreError, match="already exists"):
        site.backup(target)
    restored = tmp_path / "restored"
    with zipfile.ZipFile(target) as archive:
        archive.extractall(restored)
    raw = (restored / "site.db").read_bytes()
    assert b"01-0042" not in raw and b"Zhang Qing Lan" not in raw
    again = SiteStore.unlock(restored, ADMIN[0], ADMIN[1])
    with again.session() as session:
        assert session.scalars(select(Participant.subject_id)).all() == ["01-0042"]
    assert again.verify_audit().ok
    again.close()
