"""Who holds which key, attacked as issue 15 items 10 and 12 describe, and the signature verifier
of issue 12 item 13. Each test takes the attacker's path: a password plus the files on disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select

from msc_desktop.errors import AuthenticationError, PermissionDenied, StoreError, ValidationError
from msc_desktop.store import keys
from msc_desktop.store.engine import key_pragma, open_engine
from msc_desktop.store.keys import Secret
from msc_desktop.store.models import AuditLog
from msc_desktop.store.services.randomization import randomize
from msc_desktop.store.site import SiteStore
from msc_desktop.store.users import change_role, create_user, deactivate_user, reset_password
from msc_desktop.sync.identity import SETTING_SITE_KEY, site_keys
from msc_desktop.sync.keys import KeyPair
from tests.accounts import ADMIN, INVESTIGATOR, MONITOR, NURSE
from tests.factories import TODAY, randomized_participant
from tests.lists import load_signed_list

ARMS = ["MSC", "CONTROL", "CONTROL", "MSC", "MSC", "CONTROL"]
PLAIN_SITE_KEY = KeyPair.generate("site", "01").private_bytes()


def _secrets_of(data_dir: Path, who: tuple[str, str, str]) -> dict[Secret, bytes]:
    """What an attacker gets from the key file with one user's password."""
    ring = keys.Keyring.load(data_dir / "keyring.json")
    opened = ring.open_member(ring.slot(who[0]), who[1])
    assert opened is not None
    return opened


def _raw_rows(data_dir: Path, db_key: bytes, sql: str) -> list[tuple[object, ...]]:
    """The database read directly with a raw key, as with the sqlcipher shell."""
    connection = sqlcipher3.connect(str(data_dir / "site.db"))
    try:
        connection.execute(key_pragma(db_key))
        return list(connection.execute(sql).fetchall())
    finally:
        connection.close()


def _events(store: SiteStore) -> list[str]:
    with store.session() as session:
        return [
            str(v)
            for v in session.scalars(select(AuditLog.new_value).where(AuditLog.action == "event"))
        ]


def test_a_nurse_password_no_longer_reads_the_allocation_list_ahead(
    site: SiteStore, data_dir: Path
) -> None:
    load_signed_list(site, "B", ARMS)
    for who in (NURSE, MONITOR):
        opened = _secrets_of(data_dir, who)
        assert (
            set(opened) <= {Secret.DATABASE, Secret.SIGNING} and Secret.RANDOMIZATION not in opened
        )
        rows = _raw_rows(
            data_dir, opened[Secret.DATABASE], "SELECT arms, signed_package FROM allocation_list"
        )
        assert rows and all(
            "MSC" not in str(value) and "CONTROL" not in str(value) for row in rows for value in row
        )
        everything = _raw_rows(
            data_dir, opened[Secret.DATABASE], "SELECT group_concat(new_value, ' ') FROM audit_log"
        )
        assert "CONTROL" not in str(everything)
    assert Secret.RANDOMIZATION in _secrets_of(data_dir, INVESTIGATOR)


def test_only_the_randomize_service_reveals_one_entry_and_it_is_audited(
    site: SiteStore, nurse_store: SiteStore, investigator_store: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    assert pid
    with pytest.raises(PermissionDenied, match="Only an investigator may randomize"):
        randomize(nurse_store, pid, today=TODAY)
    assert any(e == "allocation entry 1 revealed by the randomize service" for e in _events(site))


def test_an_investigator_added_later_can_randomize_and_a_demoted_one_loses_the_key(
    site: SiteStore, data_dir: Path
) -> None:
    create_user(site, "doctor2", "Second Doctor", "investigator", "Granite-valley-2031")
    assert Secret.RANDOMIZATION in _secrets_of(data_dir, ("doctor2", "Granite-valley-2031", ""))
    change_role(site, "doctor2", "nurse", "now works as a nurse")
    assert Secret.RANDOMIZATION not in _secrets_of(data_dir, ("doctor2", "Granite-valley-2031", ""))


def test_the_monitor_cannot_take_the_site_signing_key(site: SiteStore, data_dir: Path) -> None:
    signing = site_keys(site)
    monitor_secrets = _secrets_of(data_dir, MONITOR)
    assert Secret.SIGNING not in monitor_secrets
    [(stored,)] = _raw_rows(
        data_dir,
        monitor_secrets[Secret.DATABASE],
        f"SELECT value FROM site_setting WHERE name = '{SETTING_SITE_KEY}'",
    )
    assert str(stored).startswith("sealed:") and signing.private_bytes().hex() not in str(stored)
    monitor = SiteStore.unlock(data_dir, MONITOR[0], MONITOR[1])
    try:
        with pytest.raises(PermissionDenied, match="cannot use the site's signing key"):
            site_keys(monitor)
    finally:
        monitor.close()
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])  # a nurse exports: the same key
    try:
        assert site_keys(nurse).private_bytes() == signing.private_bytes()
    finally:
        nurse.close()


def test_a_deactivated_users_old_key_file_no_longer_opens_the_database(
    site: SiteStore, data_dir: Path, tmp_path: Path
) -> None:
    old_copy = tmp_path / "keyring-from-an-old-backup.json"
    shutil.copy(data_dir / "keyring.json", old_copy)
    assert deactivate_user(site, NURSE[0], "left the trial") == []
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    stolen = keys.Keyring.load(old_copy).open_member(
        keys.Keyring.load(old_copy).slot(NURSE[0]), NURSE[1]
    )
    assert stolen is not None
    with pytest.raises(StoreError, match="not a site database"):
        open_engine(data_dir / "site.db", stolen[Secret.DATABASE])
    # Everyone else, and the open session, carry on with the new key.
    for who in (INVESTIGATOR, MONITOR):
        SiteStore.unlock(data_dir, who[0], who[1]).close()
    assert site.verify_audit().ok
    assert any("database key replaced after deactivating nurse" in e for e in _events(site))


def test_the_recovery_key_opens_the_database_after_a_rekey(tmp_path: Path) -> None:
    data_dir = tmp_path / "site"
    store, recovery = SiteStore.init(
        data_dir,
        site_id="01",
        site_name="Test Hospital",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
    )
    create_user(store, NURSE[0], NURSE[2], "nurse", NURSE[1])
    deactivate_user(store, NURSE[0], "left")
    store.close()
    ring = keys.Keyring.load(data_dir / "keyring.json")
    opened = ring.open_member(keys.RECOVERY_SLOT, recovery)
    assert opened is not None and set(opened) == set(Secret)
    open_engine(data_dir / "site.db", opened[Secret.DATABASE]).dispose()


def test_a_rekey_interrupted_at_either_step_still_opens(site: SiteStore, data_dir: Path) -> None:
    # Crash after writing the next key's grants, before PRAGMA rekey: the current key still fits.
    site.keyring.seal_next_database(keys.new_database_key())
    site.keyring.save()
    SiteStore.unlock(data_dir, NURSE[0], NURSE[1]).close()
    assert keys.Keyring.load(data_dir / "keyring.json").next_database == {}
    # Crash after PRAGMA rekey, before the grants were promoted: the next key fits and is promoted.
    old_key = site.secret(Secret.DATABASE)
    assert old_key is not None
    new_key = keys.new_database_key()
    ring = keys.Keyring.load(data_dir / "keyring.json")
    ring.seal_next_database(new_key)
    ring.save()
    site.close()
    connection = sqlcipher3.connect(str(data_dir / "site.db"), isolation_level=None)
    connection.execute(key_pragma(old_key))
    connection.execute(key_pragma(new_key).replace("PRAGMA key", "PRAGMA rekey", 1))
    connection.close()
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    try:
        assert nurse.secret(Secret.DATABASE) == new_key and nurse.verify_audit().ok
    finally:
        nurse.close()
    ring = keys.Keyring.load(data_dir / "keyring.json")
    assert ring.next_database == {}
    SiteStore.unlock(data_dir, INVESTIGATOR[0], INVESTIGATOR[1]).close()


def test_erasing_the_lockout_counters_is_detected_at_the_next_sign_in(
    site: SiteStore, data_dir: Path
) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            SiteStore.unlock(data_dir, NURSE[0], "Guessing-wrong-2026")
    data = json.loads((data_dir / "keyring.json").read_text())
    data["failures"] = {}
    data["pending_events"] = []
    (data_dir / "keyring.json").write_text(json.dumps(data))
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])  # the lock is gone, but not unnoticed
    try:
        events = _events(nurse)
    finally:
        nurse.close()
    assert "key file check at sign-in: 5 failed sign-ins were removed from the key file" in events


def test_lowering_a_counter_or_putting_back_an_older_key_file_is_detected(
    site: SiteStore, data_dir: Path, tmp_path: Path
) -> None:
    older = tmp_path / "older.json"
    shutil.copy(data_dir / "keyring.json", older)
    SiteStore.unlock(data_dir, INVESTIGATOR[0], INVESTIGATOR[1]).close()
    for _ in range(2):
        with pytest.raises(AuthenticationError):
            SiteStore.unlock(data_dir, NURSE[0], "Guessing-wrong-2026")
    data = json.loads((data_dir / "keyring.json").read_text())
    for counter in data["failures"].values():
        counter["count"] = 0
    (data_dir / "keyring.json").write_text(json.dumps(data))
    admin = SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])
    admin.close()
    shutil.copy(older, data_dir / "keyring.json")
    admin = SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])
    try:
        events = _events(admin)
    finally:
        admin.close()
    assert "key file check at sign-in: a lock-out counter was lowered or removed" in events
    assert (
        "key file check at sign-in: the key file is older than the database (an earlier copy "
        "was put back)"
    ) in events
    untouched = [e for e in events if e.startswith("key file check")]
    assert len(untouched) == 2


def test_a_clean_history_reports_nothing(site: SiteStore, data_dir: Path) -> None:
    with pytest.raises(AuthenticationError):
        SiteStore.unlock(data_dir, NURSE[0], "Guessing-wrong-2026")
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    try:
        events = _events(nurse)
    finally:
        nurse.close()
    assert not [e for e in events if e.startswith("key file check")]
    assert any(e.startswith("sign-in failed at ") for e in events)


def test_signature_passwords_are_checked_inside_the_database(
    site: SiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_key_file_kdf(*_args: object) -> bytes:
        raise AssertionError("a signature must not run the key file's scrypt")

    monkeypatch.setattr(keys.Wrap, "_derive", staticmethod(no_key_file_kdf))
    assert site.verify_credentials(INVESTIGATOR[0], INVESTIGATOR[1]).user_id == INVESTIGATOR[0]
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        site.verify_credentials(INVESTIGATOR[0], "Not-his-password-2026")
    verifier = site.signature_verifier(INVESTIGATOR[0])
    assert verifier is not None and verifier.n == keys.signature_scrypt_n


def test_a_reset_or_changed_password_moves_the_signature_verifier_too(site: SiteStore) -> None:
    reset_password(site, NURSE[0], "Meadow-copper-4410")
    assert site.verify_credentials(NURSE[0], "Meadow-copper-4410").user_id == NURSE[0]
    with pytest.raises(AuthenticationError):
        site.verify_credentials(NURSE[0], NURSE[1])


def _make_format_1_site(site: SiteStore, data_dir: Path, recovery: str) -> None:
    """Turns a current site back into what an earlier version wrote: a format-1 key file (the
    database key wrapped under each password), plain allocation entries and signing key."""
    db_key = site.secret(Secret.DATABASE)
    assert db_key is not None
    load_signed_list(site, "B", ["MSC", "CONTROL"])
    site.close()
    ring = keys.Keyring.load(data_dir / "keyring.json")
    old = {
        "format": 1,
        "index_key": json.loads((data_dir / "keyring.json").read_text())["index_key"],
        "wraps": {
            ring.slot(who[0]): keys.Wrap.create(who[1], db_key).to_json()
            for who in (ADMIN, NURSE, INVESTIGATOR, MONITOR)
        },
        "recovery": keys.Wrap.create(recovery, db_key).to_json(),
        "failures": {},
        "pending_events": [],
    }
    (data_dir / "keyring.json").write_text(json.dumps(old))
    engine = open_engine(data_dir / "site.db", db_key)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE allocation_list SET arms = 'MSC,CONTROL', signed_package = '{}'"
        )
        connection.exec_driver_sql(
            f"INSERT INTO site_setting (name, value) VALUES ('{SETTING_SITE_KEY}', "
            f"'{PLAIN_SITE_KEY.hex()}')"
        )
        connection.exec_driver_sql(
            "DELETE FROM site_setting WHERE name LIKE 'signature_verifier.%'"
            " OR name = 'keyring.generation'"
        )
    engine.dispose()


def test_a_site_from_an_earlier_version_is_upgraded_at_sign_in(tmp_path: Path) -> None:
    data_dir = tmp_path / "site"
    store, recovery = SiteStore.init(
        data_dir,
        site_id="01",
        site_name="Test Hospital",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
    )
    for who, role in ((NURSE, "nurse"), (INVESTIGATOR, "investigator"), (MONITOR, "monitor")):
        create_user(store, who[0], who[2], role, who[1])
    _make_format_1_site(store, data_dir, recovery)
    admin = SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])
    try:
        ring = json.loads((data_dir / "keyring.json").read_text())
        assert ring["format"] == 2 and len(ring["members"]) == 1 and len(ring["legacy"]) == 4
        rows = _raw_rows(
            data_dir, admin.secret(Secret.DATABASE) or b"", "SELECT arms FROM allocation_list"
        )
        assert all(str(row[0]).startswith("sealed:") for row in rows)
        assert list((data_dir / "backups").glob("before-sealing-allocation-lists-*.mscbak"))
        assert site_keys(admin).private_bytes() == PLAIN_SITE_KEY  # and now sealed
        rows = _raw_rows(
            data_dir,
            admin.secret(Secret.DATABASE) or b"",
            f"SELECT value FROM site_setting WHERE name = '{SETTING_SITE_KEY}'",
        )
        assert str(rows[0][0]).startswith("sealed:")
        with pytest.raises(ValidationError, match="enter the recovery key once"):
            deactivate_user(admin, MONITOR[0], "left")
        nurse = SiteStore.unlock(
            data_dir, NURSE[0], NURSE[1]
        )  # a format-1 wrap still signs in once
        nurse.close()
        with pytest.raises(ValidationError, match="does not open"):
            deactivate_user(admin, MONITOR[0], "left", recovery_key=keys.new_recovery_key())
        lost = deactivate_user(admin, MONITOR[0], "left", recovery_key=recovery)
    finally:
        admin.close()
    assert lost == [INVESTIGATOR[0]]  # never signed in since: an administrator resets the password
    SiteStore.unlock(data_dir, NURSE[0], NURSE[1]).close()
    with pytest.raises(AuthenticationError):
        SiteStore.unlock(data_dir, INVESTIGATOR[0], INVESTIGATOR[1])
    opened = keys.Keyring.load(data_dir / "keyring.json").open_member(keys.RECOVERY_SLOT, recovery)
    assert opened is not None
    open_engine(data_dir / "site.db", opened[Secret.DATABASE]).dispose()
