"""Issue 15 item 9: the audit chain is anchored outside the database (head sealed after each save,
the centre's last receipt), so records removed from its end, or a trail rewritten with every later
hash recomputed, are reported by `msc-site verify-audit` and at sign-in, though the chain walk
alone still says "intact"."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from msc_desktop.central.service import Center
from msc_desktop.cli import site_main
from msc_desktop.store import audit_anchor
from msc_desktop.store.audit import audit_rows, site_digest_key
from msc_desktop.store.audit_chain import digest_of_mapping, link_hash
from msc_desktop.store.backups import restore_backup
from msc_desktop.store.keys import Secret
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.site import upload_pending
from tests.accounts import ADMIN, CENTRE_PASSPHRASE, NURSE
from tests.unit.sync.sitepath import add_participant, connect
from tests.unit.sync.test_upload_retry import flaky_transport


@pytest.fixture
def center(tmp_path: Path) -> Iterator[Center]:
    center = Center.init(tmp_path / "center", passphrase=CENTRE_PASSPHRASE)
    yield center
    center.close()


def head(store: SiteStore) -> int:
    return store.verify_audit().last_seq


def delete_last(store: SiteStore, count: int) -> int:
    """What someone holding the raw database key can do: returns the new last record."""
    last = head(store)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_delete")
        connection.execute(text("DELETE FROM audit_log WHERE seq > :s"), {"s": last - count})
    return last - count


def rewrite_from(store: SiteStore, seq: int) -> None:
    """Edits record `seq` and recomputes every later digest and hash, as a careful forger would."""
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
        connection.execute(
            text("UPDATE audit_log SET reason = 'forged' WHERE seq = :s"), {"s": seq}
        )
        key = site_digest_key(connection)
        rows = list(audit_rows(connection, seq - 1))
        previous = rows[0]["prev_hash"]
        for row in rows:
            digest = digest_of_mapping(row, key)
            current = link_hash(previous, digest)
            connection.execute(
                text(
                    "UPDATE audit_log SET row_digest = :d, prev_hash = :p, hash = :h WHERE seq = :s"
                ),
                {"d": digest, "p": previous, "h": current, "s": row["seq"]},
            )
            previous = current


def verify_cli(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(ADMIN[1] + "\n"))
    code = site_main(
        [
            "verify-audit",
            "--data-dir",
            str(data_dir),
            "--user",
            ADMIN[0],
            "--password-stdin",
            *extra,
        ]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_removing_the_last_50_records_is_reported(
    site: SiteStore,
    nurse_store: SiteStore,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for index in range(8):
        add_participant(nurse_store, index)
    sealed = head(nurse_store)
    assert sealed > 60 and nurse_store.anchor_problems() == []
    left = delete_last(nurse_store, 50)
    assert nurse_store.verify_audit().ok  # the walk alone cannot see it
    expected = (
        f"The audit trail ends at record {left}, but record {sealed} was sealed after a save: "
        f"records {left + 1}-{sealed} were removed."
    )
    assert nurse_store.anchor_problems() == [expected]
    again = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    assert [str(w) for w in again.unlock_warnings] == [expected]
    add_participant(again, 50)  # saving on does not move the anchor past the gap
    assert again.anchor_problems()[0].startswith("The audit trail ends at record")
    again.close()
    code, out, err = verify_cli(data_dir, monkeypatch, capsys)
    assert code == 1 and out == "" and f"but record {sealed} was sealed after a save" in err


def test_a_rewritten_trail_with_every_later_hash_recomputed_is_reported(
    site: SiteStore,
    nurse_store: SiteStore,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_participant(nurse_store, 0)
    sealed = head(nurse_store)
    rewrite_from(nurse_store, sealed - 10)
    assert nurse_store.verify_audit().ok and head(nurse_store) == sealed
    expected = (
        f"Audit record {sealed} is not the one sealed after it was written: the trail was "
        "rewritten from there on."
    )
    assert nurse_store.anchor_problems() == [expected]
    code, _out, err = verify_cli(data_dir, monkeypatch, capsys)
    assert code == 1 and err.strip() == expected


def test_the_centres_receipt_is_a_second_anchor(
    site: SiteStore, nurse_store: SiteStore, center: Center, data_dir: Path, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    upload_pending(nurse_store, "https://centre.invalid", transport=flaky_transport(center, 0, []))
    acknowledged = center.site_progress()["01"][0]
    add_participant(nurse_store, 1)
    left = delete_last(nurse_store, head(nurse_store) - acknowledged + 5)
    # A forger who knows the head anchor and seals it again over the shortened trail:
    with nurse_store.engine.connect() as connection:
        seq, chain_hash = audit_anchor._head(connection)
    forged = audit_anchor._read(data_dir, nurse_store._secrets[Secret.DATABASE])
    assert forged is not None and forged.receipt_seq == acknowledged
    audit_anchor._write(
        data_dir,
        nurse_store._secrets[Secret.DATABASE],
        audit_anchor.Anchor(
            seq, chain_hash, forged.receipt_seq, forged.receipt_hash, forged.receipt
        ),
    )
    expected = (
        f"The audit trail ends at record {left}, but the centre acknowledged records up to "
        f"{acknowledged}: records {left + 1}-{acknowledged} were removed."
    )
    assert nurse_store.anchor_problems() == [expected]


def test_a_deleted_or_altered_anchor_is_reported(
    site: SiteStore, nurse_store: SiteStore, data_dir: Path
) -> None:
    add_participant(nurse_store, 0)
    audit_anchor.flush_anchor(data_dir)
    path = data_dir / audit_anchor.ANCHOR_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    document = json.loads(path.read_text())
    document["seq"] -= 5
    path.write_text(json.dumps(document))
    assert [p.split(";")[0] for p in nurse_store.anchor_problems()] == [
        (
            "The audit trail's sealed anchor (audit-anchor.json) was altered or does not belong "
            "to this database"
        )
    ]
    path.unlink()
    assert [p.split(",")[0] for p in nurse_store.anchor_problems()] == [
        "The audit trail's sealed anchor (audit-anchor.json) is missing"
    ]


def test_a_site_from_before_anchors_is_anchored_at_its_next_sign_in(
    site: SiteStore, data_dir: Path
) -> None:
    (data_dir / audit_anchor.ANCHOR_FILE).unlink()
    with site.engine.begin() as connection:
        connection.execute(
            text("DELETE FROM site_setting WHERE name = :n"), {"n": audit_anchor.SETTING_ANCHORED}
        )
    store = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    try:
        assert store.unlock_warnings == [] and store.anchor_problems() == []
        assert (data_dir / audit_anchor.ANCHOR_FILE).exists()
    finally:
        store.close()


def test_a_restore_and_an_administrators_reseal_are_not_reported_again(
    site: SiteStore,
    nurse_store: SiteStore,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    backup = site.backup(tmp_path / "before.mscbak")
    for index in range(2):
        add_participant(nurse_store, index)
    nurse_store.close()
    site.close()
    restore_backup(data_dir, backup, ADMIN[0], ADMIN[1], expected_site_id="01")
    store = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    assert store.unlock_warnings == []
    delete_last(store, 3)
    assert store.anchor_problems() != []
    store.close()
    code, out, _err = verify_cli(data_dir, monkeypatch, capsys, "--reseal")
    assert code == 0 and out.startswith("The audit trail's anchor now seals record")
    code, out, err = verify_cli(data_dir, monkeypatch, capsys)
    assert (code, err) == (0, "") and out.strip().endswith("the chain is intact.")


def test_a_new_database_key_keeps_the_anchor(
    site: SiteStore, nurse_store: SiteStore, data_dir: Path
) -> None:
    """For the rekey at a user's deactivation: the anchor follows the database key."""
    add_participant(nurse_store, 0)
    old_key, new_key = nurse_store._secrets[Secret.DATABASE], bytes(range(32))
    before = audit_anchor._read(data_dir, old_key)
    assert before is not None and before.seq == head(nurse_store)
    audit_anchor.rekey_anchor(data_dir, old_key, new_key)
    assert audit_anchor._read(data_dir, new_key) == before
    with pytest.raises(audit_anchor._Unreadable):
        audit_anchor._read(data_dir, old_key)


def test_deactivating_a_user_rekeys_the_database_and_the_anchor_follows(
    site: SiteStore, nurse_store: SiteStore, data_dir: Path
) -> None:
    from msc_desktop.store.users import deactivate_user

    add_participant(nurse_store, 0)
    nurse_store.close()
    deactivate_user(site, NURSE[0], "left the trial")
    assert site.anchor_problems() == []
    store = SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])
    try:
        assert store.unlock_warnings == [] and store.anchor_problems() == []
    finally:
        store.close()
