"""The clinical payload of a bundle, as data: the item changes and signatures that CDISC ODM
1.3.2 ClinicalData carries, addressed by the protocol's OIDs.

`item_change_of` and `signature_of` are the one rule by which the site and the centre read them
from audit rows. The document is written by odm_clinical_writer.py and read back strictly, for the
centre, by odm_clinical_reader.py (against the shapes of odm_clinical_rules.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: ODM's TransactionType of each audit action, and back.
TRANSACTIONS = {"insert": "Insert", "update": "Update", "delete": "Remove"}
ACTIONS_OF = {value: key for key, value in TRANSACTIONS.items()}
#: The most text one value, reason or name may hold in a payload.
MAX_TEXT = 20_000
_SAFE_USER = re.compile(r"[A-Za-z0-9_.\-]{1,60}")


@dataclass(frozen=True)
class ItemChange:
    """One change of one item, as the ODM ClinicalData carries it.

    `value`/`unit`: the item's value and unit after the change (None after a deletion);
    `repeat_key` is "" for an item group that does not repeat."""

    seq: int
    ts: str
    user_id: str
    action: str
    subject_key: str
    event_oid: str
    form_oid: str
    group_oid: str
    repeat_key: str
    item_oid: str
    value: str | None
    unit: str | None
    reason: str | None
    mdv_oid: str


@dataclass(frozen=True)
class ClinicalSignature:
    """An electronic signature of one item group instance (a form's record), as ODM carries it."""

    subject_key: str
    event_oid: str
    form_oid: str
    group_oid: str
    repeat_key: str
    user_id: str
    meaning: str
    signed_at: str
    mdv_oid: str


@dataclass(frozen=True)
class ClinicalContext:
    """Document-level facts: the file, the site that made it, and the full names of its users."""

    file_oid: str
    created: str
    site_id: str
    site_name: str
    users: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ClinicalDocument:
    """What `parse_document` read: the changes in audit order and the signatures."""

    changes: list[ItemChange]
    signatures: list[ClinicalSignature]
    metadata_versions: tuple[str, ...]


_PLACE = ("subject_key", "event_oid", "form_oid", "group_oid", "mdv_oid")
SIGNATURE_TARGET = "SIGNATURE:"


def item_change_of(row: Mapping[str, Any]) -> ItemChange | None:
    """The change a format-2 audit row (a mapping of `ITEM_ROW_FIELDS`) states, or None when it
    is not a change of a placed item (an event, or a row about a record without protocol data).
    The site and the centre use this one rule: a bundle's ODM holds exactly these changes."""
    if row["action"] not in TRANSACTIONS or row["target"] is not None or row["item_oid"] is None:
        return None
    if any(row[name] is None for name in _PLACE):
        return None
    return ItemChange(
        seq=row["seq"],
        ts=row["ts"],
        user_id=row["user_id"],
        action=row["action"],
        subject_key=row["subject_key"],
        event_oid=row["event_oid"],
        form_oid=row["form_oid"],
        group_oid=row["group_oid"],
        repeat_key=row["repeat_key"] or "",
        item_oid=row["item_oid"],
        value=row["new_value"],
        unit=row["new_unit"],
        reason=row["reason"],
        mdv_oid=row["mdv_oid"],
    )


def signature_of(row: Mapping[str, Any]) -> ClinicalSignature | None:
    """The signature a format-2 audit row records (the insert of a signature of a placed
    record: `target` SIGNATURE:<id>, its attributes as JSON in `new_value`), else None."""
    target = row["target"]
    if row["action"] != "insert" or not isinstance(target, str):
        return None
    if not target.startswith(SIGNATURE_TARGET) or any(row[name] is None for name in _PLACE):
        return None
    try:
        attributes = json.loads(row["new_value"] or "")
    except ValueError:
        return None
    if not isinstance(attributes, dict):
        return None
    signer, meaning, signed_at = (
        attributes.get(name) for name in ("signer", "meaning", "signed_at")
    )
    if not all(isinstance(value, str) for value in (signer, meaning, signed_at)):
        return None
    return ClinicalSignature(
        subject_key=row["subject_key"],
        event_oid=row["event_oid"],
        form_oid=row["form_oid"],
        group_oid=row["group_oid"],
        repeat_key=row["repeat_key"] or "",
        user_id=str(signer),
        meaning=str(meaning),
        signed_at=str(signed_at),
        mdv_oid=row["mdv_oid"],
    )


def user_oid(user_id: str) -> str:
    """A User OID that gives the login back exactly: `USR.nurse`, or `USRX.<hex>` otherwise."""
    if _SAFE_USER.fullmatch(user_id):
        return f"USR.{user_id}"
    return f"USRX.{user_id.encode('utf-8').hex()}"
