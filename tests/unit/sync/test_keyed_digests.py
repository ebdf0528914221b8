"""Issue 15 item 5: the digest of a redacted (site-only) row is keyed with the site's own secret, so
the centre verifies the chain but cannot try a name list or every phone number against it; sites
and centres from before keep verifying."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterAuditRow
from msc_desktop.store import audit_log
from msc_desktop.store.audit_chain import canonical_of_mapping, verify_chain
from msc_desktop.store.models import AuditLog
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.bundle import BundleContents, open_bundle, read_bundle
from msc_desktop.sync.site_export import export_bundle

from .sitepath import CONSENT, NAMES, PHONES, add_participant, connect, screened_participant

GUESSES = (*NAMES, *PHONES, "12 Hospital Road", str(CONSENT["witness_name"]))


def opened(path: Path, center: Center) -> BundleContents:
    return open_bundle(read_bundle(path.read_bytes()), center.site_identity("01"), center.keys)


def site_rows(store: SiteStore) -> dict[int, dict[str, object]]:
    with store.engine.connect() as connection:
        return {
            int(row["seq"]): dict(row)
            for row in connection.execute(text("SELECT * FROM audit_log ORDER BY seq")).mappings()
        }


def guessed(row: dict[str, object], site_row: dict[str, object]) -> str | None:
    """What the centre learns by trying every candidate value against a redacted row's digest,
    even knowing everything else the site's row holds (the bundle carries only its digest)."""
    for guess in GUESSES:
        candidate = dict(site_row)
        candidate["old_value" if site_row["action"] == "delete" else "new_value"] = guess
        if hashlib.sha256(canonical_of_mapping(candidate)).hexdigest() == row["row_digest"]:
            return guess
    return None


def test_a_redacted_row_cannot_be_guessed_at_the_centre(
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    center: Center,
    usb: Path,
    tmp_path: Path,
) -> None:
    connect(site, center, tmp_path)
    for index in range(3):
        screened_participant(nurse_store, investigator_store, index)
    result = export_bundle(nurse_store, usb, "full")
    assert result is not None
    contents = opened(result.path, center)
    at_site = site_rows(nurse_store)
    redacted = [row for row in contents.rows if row["redacted"]]
    assert {at_site[row["seq"]]["item_oid"] for row in redacted} == {
        "IT.DM.FULL_NAME",
        "IT.DM.PHONE",
        "IT.DM.ADDRESS",
        "IT.IC.WITNESS_NAME",
        "IT.DM.INITIALS",
        "IT.DM.DATE_OF_BIRTH",
    }
    assert all(row["new_value"] is None and row["item_oid"] is None for row in redacted)
    assert [guessed(row, at_site[row["seq"]]) for row in redacted] == [None] * len(redacted)
    # Were the digest a plain SHA-256, the guess would find the name.
    name_row = next(
        at_site[row["seq"]]
        for row in redacted
        if at_site[row["seq"]]["item_oid"] == "IT.DM.FULL_NAME"
    )
    plain = {
        **next(row for row in redacted if row["seq"] == name_row["seq"]),
        "row_digest": hashlib.sha256(canonical_of_mapping(name_row)).hexdigest(),
    }
    assert guessed(plain, name_row) == name_row["new_value"]
    # The centre's chain checks still hold: the bundle is accepted and its stored chain verifies.
    assert [o.status for o in center.import_files([result.path])] == ["accepted"]
    with center.store.session() as session:
        columns = [column.name for column in CenterAuditRow.__table__.columns]
        stored = [
            {name: getattr(row, name) for name in columns}
            for row in session.scalars(
                select(CenterAuditRow)
                .where(CenterAuditRow.site_id == "01")
                .order_by(CenterAuditRow.seq)
            )
        ]
    assert verify_chain(stored).ok and len(stored) == result.to_seq
    # The secret stays at the site: it is in no bundle.
    with site.engine.connect() as connection:
        key = audit_log.site_digest_key(connection)
    assert key is not None and key.keyed_from == min(row["seq"] for row in redacted)
    assert key.secret.hex() not in json.dumps(contents.rows) + contents.odm.decode("utf-8")


def test_the_site_verifies_keyed_rows_and_names_one_altered(
    site: SiteStore, nurse_store: SiteStore
) -> None:
    add_participant(nurse_store, 0)
    assert nurse_store.verify_audit().ok
    with nurse_store.session() as session:
        target = session.scalars(select(AuditLog.seq).where(AuditLog.field == "phone")).one()
    with nurse_store.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        connection.execute(
            text("UPDATE audit_log SET new_value = '13900000000' WHERE seq = :s"), {"s": target}
        )
    report = nurse_store.verify_audit()
    assert (report.ok, report.first_broken_seq) == (False, target)
    assert report.problem == f"audit row {target} was altered after it was written"


def test_a_site_and_centre_from_before_keyed_digests_keep_verifying(
    site: SiteStore,
    nurse_store: SiteStore,
    center: Center,
    usb: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connect(site, center, tmp_path)
    with monkeypatch.context() as old_version:  # the version before: plain digests everywhere
        old_version.setattr(audit_log, "is_redactable", lambda *_args: False)
        add_participant(nurse_store, 0)
        before = export_bundle(nurse_store, usb)
    assert before is not None
    assert [o.status for o in center.import_files([before.path])] == ["accepted"]
    with nurse_store.engine.connect() as connection:
        assert audit_log.site_digest_key(connection) is None
    add_participant(nurse_store, 1)  # the upgraded app makes its secret at the next site-only row
    assert nurse_store.verify_audit().ok
    after = export_bundle(nurse_store, usb)
    assert after is not None
    assert [o.status for o in center.import_files([after.path])] == ["accepted"]
    with nurse_store.engine.connect() as connection:
        key = audit_log.site_digest_key(connection)
    assert key is not None and before.to_seq < key.keyed_from <= after.to_seq
    at_site = site_rows(nurse_store)
    new_rows = [row for row in opened(after.path, center).rows if row["redacted"]]
    assert new_rows and [guessed(row, at_site[row["seq"]]) for row in new_rows] == [None] * len(
        new_rows
    )
    full = export_bundle(nurse_store, usb, "full")
    assert full is not None
    assert [o.status for o in center.import_files([full.path])] == [
        "accepted"
    ]  # its own export row
    assert center.site_progress()["01"][0] == full.to_seq
