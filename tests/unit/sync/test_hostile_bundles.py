"""Bundles made by an attacker who holds a registered site's key (issue 15 items 4, 7, 16 and the
fuzz run): absurd header numbers, decompression bombs, oversized row texts and arbitrary signed
headers and payloads are rejected with a reason and quarantined, never a traceback; the hybrid
post-quantum suite is the default for a new centre and X25519-only keys keep working."""

from __future__ import annotations

import hashlib
import json
import struct
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msc_desktop.central.service import Center, CenterLimits
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import SyncError
from msc_desktop.store.audit_chain import GENESIS_HASH
from msc_desktop.sync.bundle import BundleHeader, open_bundle, read_bundle, seal_bundle, wire_row
from msc_desktop.sync.envelope import (
    _SUITES,
    BUNDLE_MAGIC,
    FORMAT_VERSION,
    PACKAGE_MAGIC,
    SUITE_HYBRID,
    SUITE_X25519,
    canonical_json,
    seal,
    signature_input,
)
from msc_desktop.sync.keys import KeyPair, PublicIdentity, parse_public_document
from msc_desktop.sync.packages import open_receipt, open_site_package
from tests.accounts import CENTRE_PASSPHRASE

from .chains import EMPTY_ODM, audit_rows, item_rows

PROTOCOL = load_protocol()

SITE = KeyPair.generate("site", "01")
ROWS = audit_rows(6)
ITEM_ROWS = item_rows(
    [
        {
            "subject_key": "01-0001",
            "event_oid": "SE.SCR",
            "form_oid": "F.SCREENING",
            "group_oid": "IG.SCREENING",
            "item_oid": "IT.LB.BILI",
            "new_value": str(seq),
            "new_unit": "umol/L",
        }
        for seq in range(6)
    ]
)
CREATED = "2026-11-29T10:00:00.000000Z"


@pytest.fixture(scope="module")
def center(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Center]:
    center = Center.init(
        tmp_path_factory.mktemp("hostile") / "center", passphrase=CENTRE_PASSPHRASE
    )
    center.register_site("01", SITE.public_document())
    yield center
    center.close()


def header_fields(center: Center, **changes: Any) -> dict[str, Any]:
    fields = {
        "kind": "bundle",
        "site_id": "01",
        "device_id": "dev",
        "from_seq": 1,
        "to_seq": 6,
        "row_count": 6,
        "prev_hash": GENESIS_HASH,
        "last_hash": ROWS[-1]["hash"],
        "created": CREATED,
        "recipient": center.fingerprint,
        "sender": SITE.public().fingerprint,
    }
    fields.update(changes)
    return fields


def wire(rows: list[dict[str, Any]]) -> bytes:
    return json.dumps({"rows": [wire_row(row) for row in rows]}).encode() + b"\n"


def lying_seal(
    fields: dict[str, Any], payload: bytes, recipient: PublicIdentity, declared_size: int
) -> bytes:
    """What `seal` makes, but with the inflated size the attacker chooses to declare."""
    compressed = zstandard.ZstdCompressor(level=19).compress(payload)
    header = canonical_json(
        dict(
            fields,
            format=FORMAT_VERSION,
            suite=SUITE_HYBRID,
            compression="zstd",
            payload_size=declared_size,
            payload_sha256=hashlib.sha256(compressed).hexdigest(),
        )
    )
    body = _SUITES[SUITE_HYBRID].encrypt(compressed, recipient.recipient_key, info=header)
    signed = (
        struct.pack(">4sBI", BUNDLE_MAGIC, FORMAT_VERSION, len(header))
        + header
        + struct.pack(">Q", len(body))
        + body
    )
    return signed + SITE.sign(signature_input(signed))


# -- item 7: absurd header numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"from_seq": 2**63, "to_seq": 2**63 + 5, "row_count": 6},
        {"from_seq": 1, "to_seq": 2**40, "row_count": 2**40},
        {"from_seq": 2**31, "to_seq": 2**31 + 5, "row_count": 6},
        {"from_seq": 10**30, "to_seq": 10**30, "row_count": 1},
    ],
)
def test_absurd_header_numbers_are_quarantined_with_a_reason(
    center: Center, changes: dict[str, int]
) -> None:
    """Issue 15 item 7: from_seq = 2**63 crashed the import with a traceback (HTTP 500)."""
    data = seal(
        BUNDLE_MAGIC,
        header_fields(center, **changes),
        wire(ROWS),
        SITE,
        center.keys.public().recipient_key,
    )
    outcome = center.import_bundle(data, "absurd.mscb")
    assert outcome.status == "rejected"
    assert outcome.reason == (
        "The bundle header states a sequence number or count that is not "
        "a whole number from 0 to 2147483647"
    )
    assert outcome.quarantine_path is not None and outcome.quarantine_path.read_bytes() == data


@pytest.mark.parametrize(
    "field, value",
    [
        ("subject_key", "s" * 33),
        ("user_id", "u" * 65),
        ("item_oid", "I\x00T"),
        ("new_value", "a\x00b"),
        ("ts", "2026-11-29T10:00:00.000000Z" * 2),
        ("new_unit", 7),
        ("action", "erase"),
        ("seq", True),
    ],
)
def test_row_texts_the_store_cannot_hold_are_rejected(
    center: Center, field: str, value: object
) -> None:
    rows = [dict(row, **{field: value}) if row["seq"] == 1 else row for row in ITEM_ROWS]
    data = seal(
        BUNDLE_MAGIC,
        header_fields(center, last_hash=ITEM_ROWS[-1]["hash"]),
        wire(rows),
        SITE,
        center.keys.public().recipient_key,
    )
    outcome = center.import_bundle(data, "long.mscb")
    assert (outcome.status, outcome.reason) == (
        "rejected",
        "An audit row in the bundle is malformed",
    )


# -- item 4: decompression bombs ------------------------------------------------------------------


def test_payload_past_its_declared_size_is_refused(center: Center) -> None:
    """Issue 15 item 4: a 1 MB bundle inflating to 1 GiB was accepted (2.2 GB RSS)."""
    payload = wire(ROWS) + b" " * (8 * 1024 * 1024)
    data = lying_seal(header_fields(center), payload, center.keys.public(), 4096)
    assert len(data) < 4096
    outcome = center.import_bundle(data, "bomb.mscb")
    assert (outcome.status, outcome.reason) == (
        "rejected",
        "The contents do not have the size stated in the header",
    )


def test_declared_size_over_the_maximum_is_refused_before_inflating(tmp_path: Path) -> None:
    center = Center.init(
        tmp_path / "center",
        passphrase=CENTRE_PASSPHRASE,
        limits=CenterLimits(payload_bytes=1024 * 1024),
    )
    center.register_site("01", SITE.public_document())
    payload = wire(ROWS) + b" " * (2 * 1024 * 1024)
    data = lying_seal(header_fields(center), payload, center.keys.public(), len(payload))
    outcome = center.import_bundle(data, "big.mscb")
    center.close()
    assert outcome.status == "rejected"
    assert outcome.reason == (
        f"The contents would inflate to {len(payload)} bytes, more than the limit of 1048576 bytes"
    )


def test_payload_is_inflated_once_without_a_second_copy(center: Center) -> None:
    """The payload (rows + a 24 MB ODM) is held once: peak memory stays near its size."""
    odm = EMPTY_ODM.replace(b"</ODM>", b"\n" * (24 * 1024 * 1024) + b"</ODM>")
    header = BundleHeader(
        "01",
        "dev",
        1,
        6,
        GENESIS_HASH,
        ROWS[-1]["hash"],
        CREATED,
        center.fingerprint,
        SITE.public().fingerprint,
    )
    parsed = read_bundle(seal_bundle(header, ROWS, odm, SITE, center.keys.public()))
    tracemalloc.start()
    contents = open_bundle(parsed, SITE.public(), center.keys)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert contents.odm == odm
    assert peak < 1.25 * len(odm), f"peak {peak / 1e6:.1f} MB for a {len(odm) / 1e6:.1f} MB payload"


# -- item 16: hybrid post-quantum suite ------------------------------------------------------------


def test_new_centre_key_is_hybrid_post_quantum_and_named_in_the_header(center: Center) -> None:
    published = parse_public_document(center.home.public_key_path.read_bytes(), "center")
    assert published.pq_encryption_key is not None
    header = BundleHeader(
        "01",
        "dev",
        1,
        6,
        GENESIS_HASH,
        ROWS[-1]["hash"],
        CREATED,
        center.fingerprint,
        SITE.public().fingerprint,
    )
    data = seal_bundle(header, ROWS, EMPTY_ODM, SITE, published)
    assert read_bundle(data).envelope.header["suite"] == SUITE_HYBRID
    assert (
        open_bundle(read_bundle(data), SITE.public(), center.keys).rows[-1]["hash"]
        == ROWS[-1]["hash"]
    )
    # Without the ML-KEM part of the key the hybrid ciphertext does not open.
    classic_only = KeyPair(
        center.keys.role, center.keys.party_id, center.keys.signing, center.keys.encryption
    )
    with pytest.raises(SyncError, match="post-quantum key this party does not have"):
        open_bundle(read_bundle(data), SITE.public(), classic_only)


def test_x25519_only_centre_keys_keep_working() -> None:
    old_center = KeyPair.generate("center", "XJMSC0001")
    document = old_center.public_document()
    assert b"pq_encryption_key" not in document
    identity = parse_public_document(document, "center")
    header = BundleHeader(
        "01",
        "dev",
        1,
        6,
        GENESIS_HASH,
        ROWS[-1]["hash"],
        CREATED,
        identity.fingerprint,
        SITE.public().fingerprint,
    )
    data = seal_bundle(header, ROWS, EMPTY_ODM, SITE, identity)
    assert read_bundle(data).envelope.header["suite"] == SUITE_X25519
    assert open_bundle(read_bundle(data), SITE.public(), old_center).odm == EMPTY_ODM
    assert (
        KeyPair.from_private_bytes("center", "XJMSC0001", old_center.private_bytes()).public()
        == old_center.public()
    )


def test_hybrid_key_survives_storage_and_its_document_is_self_signed() -> None:
    keys = KeyPair.generate("center", "XJMSC0001", post_quantum=True)
    again = KeyPair.from_private_bytes("center", "XJMSC0001", keys.private_bytes())
    assert again.public().recipient_key is not None
    assert again.public_document() == keys.public_document()
    document = json.loads(keys.public_document())
    document["pq_encryption_key"] = json.loads(
        KeyPair.generate("center", "X", post_quantum=True).public_document()
    )["pq_encryption_key"]
    with pytest.raises(SyncError, match="not signed by its own key"):
        parse_public_document(json.dumps(document).encode(), "center")


# -- fuzz: signed, encrypted, arbitrary contents ---------------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.text(max_size=12)
    | st.floats(allow_nan=False),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
HEADER_FIELDS = (
    "kind",
    "site_id",
    "device_id",
    "from_seq",
    "to_seq",
    "row_count",
    "prev_hash",
    "last_hash",
    "created",
    "recipient",
    "sender",
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    changes=st.dictionaries(st.sampled_from(HEADER_FIELDS), JSON, max_size=3),
    row_edits=st.dictionaries(st.integers(0, 17), JSON, max_size=3),
    tail=st.binary(max_size=64),
)
def test_fuzz_signed_bundles_never_raise(
    center: Center, changes: dict[str, Any], row_edits: dict[int, Any], tail: bytes
) -> None:
    """Arbitrary header values and rows, validly signed by the registered site and encrypted
    to the centre: every one is accepted, a duplicate or rejected with a reason, never raised."""
    rows = wire(ITEM_ROWS).split(b"\n")[0]
    document = json.loads(rows)
    for index, value in row_edits.items():
        document["rows"][0][index] = value
    payload = json.dumps(document).encode() + b"\n" + tail
    data = seal(
        BUNDLE_MAGIC,
        header_fields(center, **{"last_hash": ITEM_ROWS[-1]["hash"], **changes}),
        payload,
        SITE,
        center.keys.public().recipient_key,
    )
    outcome = center.import_bundle(data, "fuzz.mscb")
    assert outcome.status in ("accepted", "duplicate", "held", "rejected")
    assert outcome.status != "rejected" or outcome.reason


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    envelope=st.dictionaries(
        st.sampled_from(("format", "suite", "compression", "payload_size", "payload_sha256")),
        JSON,
        max_size=3,
    ),
    body=st.binary(max_size=3000),
)
def test_fuzz_signed_envelopes_with_any_body_never_raise(
    center: Center, envelope: dict[str, Any], body: bytes
) -> None:
    """A registered site's signature over any header values and any body bytes."""
    fields = {
        **header_fields(center),
        "format": FORMAT_VERSION,
        "suite": SUITE_HYBRID,
        "compression": "zstd",
        "payload_size": len(body),
        "payload_sha256": hashlib.sha256(body).hexdigest(),
        **envelope,
    }
    header = canonical_json(fields)
    signed = (
        struct.pack(">4sBI", BUNDLE_MAGIC, FORMAT_VERSION, len(header))
        + header
        + struct.pack(">Q", len(body))
        + body
    )
    outcome = center.import_bundle(signed + SITE.sign(signature_input(signed)), "fuzz.mscb")
    assert outcome.status == "rejected" and outcome.reason


@settings(max_examples=100, deadline=None)
@given(
    body=st.dictionaries(
        st.sampled_from(
            (
                "site_id",
                "bundle_sha256",
                "bundle_name",
                "status",
                "from_seq",
                "to_seq",
                "contiguous_seq",
                "contiguous_hash",
                "issued",
                "message",
                "allocation_lists",
                "protocol_settings",
            )
        ),
        JSON,
        max_size=12,
    ),
    header_changes=st.dictionaries(
        st.sampled_from(("site_id", "created", "package_id", "recipient")), JSON, max_size=2
    ),
)
def test_fuzz_signed_packages_never_raise(
    body: dict[str, Any], header_changes: dict[str, Any]
) -> None:
    """Centre packages signed by the pinned centre with arbitrary bodies and header values."""
    center = CENTER_KEYS
    for kind, recipient in (("receipt", None), ("site-package", SITE.public())):
        header = {
            "kind": kind,
            "site_id": "01",
            "center": center.public().fingerprint,
            "recipient": recipient.fingerprint if recipient else None,
            "created": CREATED,
            "package_id": "p" * 32,
            **header_changes,
        }
        data = seal(
            PACKAGE_MAGIC,
            header,
            json.dumps(body).encode(),
            center,
            recipient.recipient_key if recipient else None,
        )
        try:
            if kind == "receipt":
                open_receipt(data, center.public())
            else:
                open_site_package(data, center.public(), SITE, PROTOCOL)
        except SyncError as error:
            assert str(error)


CENTER_KEYS = KeyPair.generate("center", "XJMSC0001", post_quantum=True)
