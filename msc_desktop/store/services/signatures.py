"""Electronic signatures (21 CFR Part 11): one mechanism for every signature the protocol needs.

A signature needs the signer's password entered again, states its meaning, keeps the printed name,
role and time, and is bound to one version of one record by a digest of the record's content.
A later change to the record voids it (with the change's reason), and the audit trail says so.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from msc_desktop.errors import PermissionDenied, ValidationError
from msc_desktop.messages import Message
from msc_desktop.store.audit import record_event
from msc_desktop.store.audit_places import record_key
from msc_desktop.store.audit_values import canonical_value, is_clinical_column
from msc_desktop.store.base import Base, utc_now
from msc_desktop.store.models import ItemValue, Signature, Visit
from msc_desktop.store.roles import Action, may
from msc_desktop.store.sign_in import CurrentUser


class Meaning(str, Enum):
    """What a signer states; the text is shown in the dialog and printed with the signature."""

    ELIGIBILITY = "I confirm this participant's eligibility"
    DOSE_PREPARED = "I prepared this dose as calculated"
    DOSE_VERIFIED = "I verified this dose independently"
    RELEASE_OVERRIDE = "I authorise infusion of a product below the viability release limit"
    AE_CAUSALITY = "I assessed the causality of this adverse event"

    @property
    def action(self) -> Action:
        return _MEANING_ACTIONS[self]

    @property
    def spoken(self) -> Message:
        """The statement as a translatable sentence (the stored and printed value stays English)."""
        return _MEANING_SENTENCES[self]


_MEANING_ACTIONS = {
    Meaning.ELIGIBILITY: Action.SIGN_ELIGIBILITY,
    Meaning.DOSE_PREPARED: Action.ENTER_DATA,
    Meaning.DOSE_VERIFIED: Action.VERIFY_DOSE,
    Meaning.RELEASE_OVERRIDE: Action.OVERRIDE_RELEASE,
    Meaning.AE_CAUSALITY: Action.ASSESS_CAUSALITY,
}

_MEANING_SENTENCES = {
    Meaning.ELIGIBILITY: Message("I confirm this participant's eligibility"),
    Meaning.DOSE_PREPARED: Message("I prepared this dose as calculated"),
    Meaning.DOSE_VERIFIED: Message("I verified this dose independently"),
    Meaning.RELEASE_OVERRIDE: Message(
        "I authorise infusion of a product below the viability release limit"
    ),
    Meaning.AE_CAUSALITY: Message("I assessed the causality of this adverse event"),
}


@dataclass(frozen=True)
class SignatureView:
    printed_name: str
    role: str
    meaning: str
    signed_at: datetime
    user_id: str


def record_digest(session: Session, record: Base) -> str:
    """SHA-256 of a record's content (its columns; for a visit, also its items)."""
    mapper = inspect(type(record))
    table = str(record.__tablename__)
    content: dict[str, object] = {
        attr.key: canonical_value(
            getattr(record, attr.key), clinical=is_clinical_column(table, attr.columns[0].name)
        )
        for attr in mapper.column_attrs
    }
    if isinstance(record, Visit):
        items = session.scalars(select(ItemValue).where(ItemValue.visit_id == record.id))
        content["items"] = sorted(
            [i.item, i.value, i.unit, canonical_value(i.std_value)] for i in items
        )
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _key(record: Base) -> tuple[str, str]:
    return str(record.__tablename__), record_key(record)


def sign(
    session: Session,
    record: Base,
    meaning: Meaning,
    *,
    participant_id: str | None,
    signer: CurrentUser,
) -> Signature:
    """Adds a signature by `signer` (whose password the caller has just checked)."""
    if not may(signer.role, meaning.action):
        raise PermissionDenied(
            '{name} ({role}) may not sign: "{meaning}".',
            name=signer.full_name,
            role=signer.role.label,
            meaning=meaning.spoken,
        )
    session.flush()
    table, record_id = _key(record)
    if valid_signature(session, record, meaning) is not None:
        raise ValidationError("This record already carries that signature.")
    signature = Signature(
        participant_id=participant_id,
        table_name=table,
        record_id=record_id,
        record_digest=record_digest(session, record),
        meaning=meaning.name,
        user_id=signer.user_id,
        printed_name=signer.full_name,
        role=signer.role.value,
        signed_at=utc_now(),
    )
    session.add(signature)
    record_event(session, table, record_id, f"signed by {signer.full_name}: {meaning.value}")
    return signature


def signatures_of(session: Session, record: Base) -> list[Signature]:
    table, record_id = _key(record)
    return list(
        session.scalars(
            select(Signature)
            .where(Signature.table_name == table, Signature.record_id == record_id)
            .order_by(Signature.signed_at)
        )
    )


def valid_signature(session: Session, record: Base, meaning: Meaning) -> Signature | None:
    """The signature with that meaning that still matches the record's current content."""
    digest = record_digest(session, record)
    for signature in signatures_of(session, record):
        if (
            signature.meaning == meaning.name
            and signature.voided_at is None
            and signature.record_digest == digest
        ):
            return signature
    return None


def void_changed_signatures(session: Session, record: Base, reason: str) -> list[Signature]:
    """Voids every signature of `record` whose digest no longer matches; returns them."""
    session.flush()
    digest = record_digest(session, record)
    voided = []
    for signature in signatures_of(session, record):
        if signature.voided_at is None and signature.record_digest != digest:
            signature.voided_at = utc_now()
            signature.void_reason = f"signed data changed: {reason}"
            voided.append(signature)
    return voided


def view(signature: Signature) -> SignatureView:
    return SignatureView(
        printed_name=signature.printed_name,
        role=signature.role,
        meaning=Meaning[signature.meaning].value,
        signed_at=signature.signed_at,
        user_id=signature.user_id,
    )
