"""docs/formats.md is enough to implement the formats: a second implementation, written from it
alone (tests/formats/independent.py: pyhpke, PyNaCl, zstandard, no msc_desktop), reads what the
project writes and writes what the project's centre accepts. The project is used here only to
make and to receive the files, never to read them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from nacl.public import PrivateKey
from nacl.signing import SigningKey
from sqlalchemy import select

from msc_desktop.central import home
from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterItem
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.identity import write_identity
from msc_desktop.sync.keys import KeyPair
from msc_desktop.sync.site_export import export_bundle
from tests.accounts import ADMIN, CENTRE_PASSPHRASE
from tests.amendment import amended_declaration
from tests.conftest import REPO_ROOT
from tests.formats import independent
from tests.unit.sync.sitepath import PHONES, connect, screened_participant

PROTOCOL = load_protocol()

FORMATS = (REPO_ROOT / "docs" / "formats.md").read_text(encoding="utf-8")


class _X25519OnlyKeyPair(KeyPair):
    """A centre key made before the hybrid suite: pyhpke implements DHKEM(X25519) only."""

    @classmethod
    def generate(cls, role, party_id, *, post_quantum=False):  # type: ignore[no-untyped-def]
        return KeyPair.generate(role, party_id, post_quantum=False)


@pytest.fixture
def center(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Center]:
    monkeypatch.setattr(home, "KeyPair", _X25519OnlyKeyPair)
    center = Center.init(tmp_path / "center", passphrase=CENTRE_PASSPHRASE)
    yield center
    center.close()


def _center_x25519_private(center: Center) -> bytes:
    return independent.center_x25519_private_key(
        center.home.private_key_path.read_bytes(), CENTRE_PASSPHRASE
    )


def test_an_independent_reader_opens_a_bundle_the_site_made(
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    center: Center,
    tmp_path: Path,
) -> None:
    connect(site, center, tmp_path)
    screened_participant(nurse_store, investigator_store, 0)
    (tmp_path / "usb").mkdir()
    made = export_bundle(nurse_store, tmp_path / "usb")
    assert made is not None
    write_identity(site, tmp_path / "site.pub")

    site_key = independent.read_public_document((tmp_path / "site.pub").read_bytes())
    center_key = independent.read_public_document(center.home.public_key_path.read_bytes())
    assert center_key.role == "center" and site_key.party_id == "01"
    bundle = independent.read_bundle(
        made.path.read_bytes(), site_key, _center_x25519_private(center), center_key.fingerprint
    )

    assert made.path.name == f"01-{made.from_seq:06d}-{made.to_seq:06d}.mscb"
    assert (bundle.header["from_seq"], bundle.header["to_seq"]) == (made.from_seq, made.to_seq)
    assert bundle.header["prev_hash"] == independent.GENESIS
    assert bundle.odm.startswith(b"<?xml") and b"<ODM" in bundle.odm
    withheld = [row for row in bundle.rows if independent.given_digest(row)]
    assert withheld and all(len(row) == 3 for row in withheld)
    assert all(
        re.fullmatch(r"[0-9a-f]{64}", independent.given_digest(row) or "") for row in withheld
    )
    assert not any(phone.encode() in bundle.odm for phone in PHONES)
    assert not any(phone in json.dumps(bundle.rows) for phone in PHONES)
    # Section 3.1: every change is an ItemData naming its audit row; a format-2 row carried in
    # full that changes an item has the ItemData stating its content.
    changes = independent.clinical_changes(bundle.odm)
    assert changes and all(made.from_seq <= change.source_id <= made.to_seq for change in changes)
    by_seq = {change.source_id: change for change in changes}
    for row in bundle.rows:
        if len(row) == 18 and row[4] != "event" and row[5] is None and row[11] is not None:
            change = by_seq[row[1]]
            assert (
                change.subject_key,
                change.item_oid,
                change.value,
                change.unit,
                change.user,
                change.time,
            ) == (row[6], row[11], row[14], row[15], row[3], row[2])


def test_the_centre_accepts_a_bundle_the_independent_writer_made(
    center: Center, tmp_path: Path
) -> None:
    signing = SigningKey.generate()
    encryption = PrivateKey.generate()
    document = independent.write_public_document(
        "site", "77", signing, bytes(encryption.public_key)
    )
    center.register_site("77", document)
    center_key = independent.read_public_document(center.home.public_key_path.read_bytes())
    rows = [
        [
            2,
            1,
            "2026-11-20T01:30:00.000000Z",
            "admin",
            "insert",
            None,
            "77-0001",
            "SE.SCR",
            "F.REGISTRATION",
            "IG.REGISTRATION",
            None,
            "IT.DM.SEX",
            None,
            None,
            "F",
            None,
            "MDV.XJMSC0001.1.0",
            None,
        ],
        [
            2,
            2,
            "2026-11-20T01:31:00.000000Z",
            "admin",
            "event",
            "SITE:77",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "signed in",
            None,
            None,
            None,
        ],
    ]
    odm = independent.clinical_document(
        "ST.XJMSC0001", "MDV.XJMSC0001.1.0", "77", "2026-11-20T01:32:00.000000Z", rows[:1]
    )
    data = independent.write_bundle("77", signing, center_key, rows, independent.GENESIS, odm)
    path = tmp_path / "77-000001-000002.mscb"
    path.write_bytes(data)

    first, again = center.import_files([path]), center.import_files([path])

    assert [(outcome.status, outcome.reason) for outcome in first] == [("accepted", "")]
    assert [outcome.status for outcome in again] == ["duplicate"]
    last_hash = independent.chain_hashes(rows, independent.GENESIS)[-1]
    assert center.site_progress()["77"] == (2, last_hash)
    with center.store.session() as session:
        kept = session.scalars(
            select(CenterItem.current_value).where(
                CenterItem.site_id == "77", CenterItem.item_oid == "IT.DM.SEX"
            )
        ).all()
    assert kept == ["F"]
    receipt = independent.split(first[0].receipt or b"", b"MSCP")
    independent.verify_signature(receipt, center_key.signing_key)
    body = json.loads(independent.open_payload(receipt, None))
    assert body["bundle_sha256"] == hashlib.sha256(data).hexdigest()
    assert (body["status"], body["contiguous_seq"], body["contiguous_hash"]) == (
        "accepted",
        2,
        last_hash,
    )


def test_an_independent_reader_opens_a_site_package_and_its_protocol_versions(
    center: Center,
) -> None:
    signing, encryption = SigningKey.generate(), PrivateKey.generate()
    center.register_site(
        "77", independent.write_public_document("site", "77", signing, bytes(encryption.public_key))
    )
    center.amend(json.dumps(amended_declaration()).encode("utf-8"))
    center_key = independent.read_public_document(center.home.public_key_path.read_bytes())

    body = independent.read_site_package(
        center.site_package("77", 10), center_key.signing_key, bytes(encryption)
    )

    assert body["protocol_settings"]["protocol_version"] == "1.1"
    [signed] = body["protocol_versions"]
    declaration = independent.read_protocol_version(
        base64.b64decode(signed), center_key.signing_key
    )
    assert declaration == amended_declaration()
    assert len(body["allocation_lists"]) == 2
    assert body["queries"] == [] and body["sdv_marks"] == []


def test_the_centre_refuses_the_independent_writers_bundle_once_a_byte_changes(
    center: Center, tmp_path: Path
) -> None:
    signing = SigningKey.generate()
    center.register_site(
        "78",
        independent.write_public_document(
            "site", "78", signing, bytes(PrivateKey.generate().public_key)
        ),
    )
    center_key = independent.read_public_document(center.home.public_key_path.read_bytes())
    rows = [
        [
            2,
            1,
            "2026-11-20T01:30:00.000000Z",
            "admin",
            "event",
            "SITE:78",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "signed in",
            None,
            None,
            None,
        ]
    ]
    data = bytearray(
        independent.write_bundle(
            "78",
            signing,
            center_key,
            rows,
            independent.GENESIS,
            independent.clinical_document(
                "ST.XJMSC0001", "MDV.XJMSC0001.1.0", "78", "2026-11-20T01:32:00.000000Z"
            ),
        )
    )
    data[-100] ^= 0x01
    path = tmp_path / "78-000001-000001.mscb"
    path.write_bytes(bytes(data))
    assert [outcome.status for outcome in center.import_files([path])] == ["rejected"]
    assert path.read_bytes() == bytes(data)


def test_the_worked_examples_in_the_document_hold() -> None:
    chain = re.search(
        r"canonical    = (\[.*\])\nrow_digest   = ([0-9a-f]{64})\n"
        r"hash\(1\)      = .*\n +\= ([0-9a-f]{64})",
        FORMATS,
    )
    assert chain is not None
    row = json.loads(chain.group(1))
    assert independent.row_digest(row) == chain.group(2)
    assert independent.link(independent.GENESIS, chain.group(2)) == chain.group(3)
    qr = re.search(
        r"check  = first 10 of sha256\('(\[.*\])'\)\n +\= ([0-9a-f]{10})\n"
        r"QR     = (MSCW1\|.*)\n",
        FORMATS,
    )
    assert qr is not None
    assert hashlib.sha256(qr.group(1).encode()).hexdigest()[:10] == qr.group(2)
    fields = json.loads(qr.group(1))
    assert qr.group(3) == "|".join(
        ["MSCW1", fields[0], fields[2], fields[3], fields[4], fields[11], fields[12], qr.group(2)]
    )


def test_the_worksheet_check_code_example_is_the_apps() -> None:
    from datetime import date
    from decimal import Decimal

    from msc_desktop.domain.dosing import plan_dose
    from msc_desktop.domain.worksheet import WorksheetInput, worksheet_check_code

    data = WorksheetInput(
        subject_id="01-0001",
        arm="MSC",
        visit_code="W0",
        day0=date(2026, 11, 20),
        weight=Decimal(61),
        weight_date=date(2026, 11, 19),
        product_lot="LOT-7",
        bag_id="BAG-3",
        product_expiry=date(2026, 12, 31),
        cell_concentration_per_ml=Decimal(2000000),
        viability_pct=Decimal(92),
        baseline_weight_kg=None,
    )
    plan = plan_dose("61", "2000000", "92")
    documented = re.search(r"\n +\= ([0-9a-f]{10})\nQR     = MSCW1", FORMATS)
    assert documented is not None
    assert worksheet_check_code(data, plan, PROTOCOL) == documented.group(1)


def test_a_stock_sqlcipher_opens_the_site_database_with_the_key_from_the_keyring(
    tmp_path: Path,
) -> None:
    import sqlcipher3

    store, recovery_key = SiteStore.init(
        tmp_path / "site",
        site_id="05",
        site_name="Format Clinic",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
    )
    store.close()
    keyring = (tmp_path / "site" / "keyring.json").read_bytes()
    by_password = independent.site_database_key(keyring, ADMIN[0].upper(), ADMIN[1])
    assert independent.site_database_key_from_recovery(keyring, recovery_key) == by_password
    connection = sqlcipher3.connect(str(tmp_path / "site" / "site.db"))
    try:
        connection.execute(f"PRAGMA key = \"x'{by_password.hex()}'\"")
        tables = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    finally:
        connection.close()
    assert {"participant", "audit_log"} <= tables
