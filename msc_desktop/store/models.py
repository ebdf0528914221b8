"""Typed models of the site database.

Structural records (participant, consent, visit, infusion, adverse event, disposition, signature,
allocation) have typed tables. The values of the protocol's forms (screening criteria, labs, vital
signs, clinical findings) are `ItemValue` rows keyed by the item names of the protocol definition
(resources/protocol.json), so a protocol amendment adds items without a schema change, and ODM /
CDISC exports read item metadata from the same place.

Columns whose `info` has `site_only=True` hold identifying data that never leaves the site.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from msc_desktop.store.base import Base, DecimalText, new_id, utc_now

SITE_ONLY = {"site_only": True}


class SiteSetting(Base):
    """Site-wide settings (site id, name, keys, cursors); changes are audited as events."""

    __tablename__ = "site_setting"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditLog(Base):
    """The append-only, hash-chained audit trail (docs/formats.md section 4: row_digest, prev_hash, hash).

    Rows of format 1 (`row_format`, written by the first releases) name a table, record and
    column. Rows of format 2 name the item by the protocol's OIDs with its value and unit before
    and after, or an event's `target` (store/audit_chain.py); their `table_name`, `record_id` and
    `field` only tell the site where the row came from and are outside the digest.
    """

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ts: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(64), index=True)
    field: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    site_only: Mapped[bool] = mapped_column(Boolean, default=False)
    row_digest: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    row_format: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    target: Mapped[str | None] = mapped_column(String(200))
    subject_key: Mapped[str | None] = mapped_column(String(32), index=True)
    event_oid: Mapped[str | None] = mapped_column(String(64))
    form_oid: Mapped[str | None] = mapped_column(String(64))
    group_oid: Mapped[str | None] = mapped_column(String(64))
    repeat_key: Mapped[str | None] = mapped_column(String(64))
    item_oid: Mapped[str | None] = mapped_column(String(64))
    old_unit: Mapped[str | None] = mapped_column(String(32))
    new_unit: Mapped[str | None] = mapped_column(String(32))
    mdv_oid: Mapped[str | None] = mapped_column(String(64))


class UserAccount(Base):
    """Staff accounts. Never deleted and ids never reused: deactivated instead."""

    __tablename__ = "user_account"
    __audited__ = True

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime)


class Participant(Base):
    __tablename__ = "participant"
    __audited__ = True

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    subject_id: Mapped[str] = mapped_column(String(16), unique=True)
    screening_number: Mapped[str] = mapped_column(String(32), unique=True)
    initials: Mapped[str] = mapped_column(String(4), info=SITE_ONLY)  # DESIGN 7: stays at the site
    sex: Mapped[str] = mapped_column(String(1))
    date_of_birth: Mapped[date] = mapped_column(Date)
    registration_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(24), index=True)
    arm: Mapped[str | None] = mapped_column(String(8))
    stratum: Mapped[str | None] = mapped_column(String(1))
    randomized_at: Mapped[datetime | None] = mapped_column(DateTime)
    day0: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    identity: Mapped[ParticipantIdentity | None] = relationship(
        back_populates="participant", uselist=False
    )


class ParticipantIdentity(Base):
    """Name and contact details: for the site's own use, never exported."""

    __tablename__ = "participant_identity"
    __audited__ = True

    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), info=SITE_ONLY)
    phone: Mapped[str | None] = mapped_column(String(40), info=SITE_ONLY)
    address: Mapped[str | None] = mapped_column(Text, info=SITE_ONLY)

    participant: Mapped[Participant] = relationship(back_populates="identity")


class Consent(Base):
    """Informed consent, as the protocol's consent form records it."""

    __tablename__ = "consent"
    __audited__ = True

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), unique=True)
    consent_date: Mapped[date] = mapped_column(Date)
    consent_time: Mapped[str] = mapped_column(String(5))
    consent_version: Mapped[str] = mapped_column(String(20))
    written_consent: Mapped[bool] = mapped_column(Boolean)
    copy_given: Mapped[bool] = mapped_column(Boolean)
    obtained_by: Mapped[str] = mapped_column(String(100))
    witness_name: Mapped[str | None] = mapped_column(String(100), info=SITE_ONLY)


class Visit(Base):
    """One protocol visit of a participant (SCR, W0 ... W48), holding form item values."""

    __tablename__ = "visit"
    __audited__ = True
    __table_args__ = (UniqueConstraint("participant_id", "visit_code"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    visit_code: Mapped[str] = mapped_column(String(8))
    visit_date: Mapped[date] = mapped_column(Date)
    not_done_reason: Mapped[str | None] = mapped_column(Text)

    items: Mapped[list[ItemValue]] = relationship(back_populates="visit")


class ItemValue(Base):
    """One form item of a visit: the value as entered with its unit, and the standard value."""

    __tablename__ = "item_value"
    __audited__ = True
    __table_args__ = (UniqueConstraint("visit_id", "item"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    item: Mapped[str] = mapped_column(String(32))
    value: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(16))
    std_value: Mapped[Decimal | None] = mapped_column(DecimalText)

    visit: Mapped[Visit] = relationship(back_populates="items")


class Signature(Base):
    """A Part 11 e-signature: printed name, time, meaning, bound to one version of one record."""

    __tablename__ = "signature"
    __audited__ = True

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str | None] = mapped_column(ForeignKey("participant.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(64), index=True)
    record_digest: Mapped[str] = mapped_column(String(64))
    meaning: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.user_id"))
    printed_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    signed_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str | None] = mapped_column(Text)


class AllocationList(Base):
    """A centre-signed allocation list for one stratum, kept whole and unread until used.

    Not audited row by row: the audit trail (which users can read) would otherwise show the arms
    to come. Loading a list is audited as an event; each revealed entry becomes an `Allocation`.
    """

    __tablename__ = "allocation_list"

    list_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    stratum: Mapped[str] = mapped_column(String(1), index=True)
    signed_package: Mapped[str] = mapped_column(Text)
    arms: Mapped[str] = mapped_column(Text)
    length: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class Allocation(Base):
    """A revealed allocation: irreversible (one per participant, one per list position)."""

    __tablename__ = "allocation"
    __audited__ = True
    __table_args__ = (UniqueConstraint("list_id", "position"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    list_id: Mapped[str] = mapped_column(ForeignKey("allocation_list.list_id"))
    position: Mapped[int] = mapped_column(Integer)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), unique=True)
    arm: Mapped[str] = mapped_column(String(8))
    allocated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class Infusion(Base):
    __tablename__ = "infusion"
    __audited__ = True
    __table_args__ = (UniqueConstraint("participant_id", "visit_code"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    visit_code: Mapped[str] = mapped_column(String(8))
    weight_kg: Mapped[Decimal] = mapped_column(DecimalText)
    weighed_on: Mapped[date] = mapped_column(Date)
    product_lot: Mapped[str] = mapped_column(String(64))
    bag_id: Mapped[str] = mapped_column(String(64))
    product_expiry: Mapped[date] = mapped_column(Date)
    cell_concentration_per_ml: Mapped[Decimal] = mapped_column(DecimalText)
    viability_pct: Mapped[Decimal] = mapped_column(DecimalText)
    total_cells: Mapped[int] = mapped_column(Integer)
    volume_planned_ml: Mapped[Decimal] = mapped_column(DecimalText)
    volume_infused_ml: Mapped[Decimal | None] = mapped_column(DecimalText)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime)
    rate_ml_per_h: Mapped[Decimal | None] = mapped_column(DecimalText)
    reactions: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="planned")


class AdverseEvent(Base):
    __tablename__ = "adverse_event"
    __audited__ = True
    __table_args__ = (UniqueConstraint("participant_id", "ae_number"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    ae_number: Mapped[int] = mapped_column(Integer)
    term: Mapped[str] = mapped_column(String(200))
    onset_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    grade: Mapped[int] = mapped_column(Integer)
    serious: Mapped[bool] = mapped_column(Boolean, default=False)
    seriousness: Mapped[str | None] = mapped_column(String(200))
    relationship_to_msc: Mapped[str | None] = mapped_column(String(24))
    expected: Mapped[bool | None] = mapped_column(Boolean)
    action_taken: Mapped[str | None] = mapped_column(String(40))
    outcome: Mapped[str | None] = mapped_column(String(40))
    aware_at: Mapped[datetime] = mapped_column(DateTime)
    reported_at: Mapped[datetime | None] = mapped_column(DateTime)
    infusion_id: Mapped[str | None] = mapped_column(ForeignKey("infusion.id"))
    description: Mapped[str | None] = mapped_column(Text)


class Disposition(Base):
    """End of participation (CDISC NCOMPLT): stops further scheduling."""

    __tablename__ = "disposition"
    __audited__ = True

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), unique=True)
    decod: Mapped[str] = mapped_column(String(40))
    disposition_date: Mapped[date] = mapped_column(Date)
    details: Mapped[str | None] = mapped_column(Text)


class ProtocolDeviation(Base):
    __tablename__ = "protocol_deviation"
    __audited__ = True

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    visit_code: Mapped[str | None] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class ProtocolVersion(Base):
    """A protocol version the centre issued (an amendment), as verified when its package was
    imported: the declaration and the signed part it came in. Inactive until an administrator
    sets the date it takes effect (`effective_from`); from then on new entries use it.

    Not audited row by row (a declaration is ~100 KiB): receiving and activating a version are
    audited events.
    """

    __tablename__ = "protocol_version"

    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    declaration: Mapped[str] = mapped_column(Text)
    signed_package: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    effective_from: Mapped[date | None] = mapped_column(Date)
    activated_by: Mapped[str | None] = mapped_column(String(64))
    activated_at: Mapped[datetime | None] = mapped_column(DateTime)


class FormVersion(Base):
    """The protocol version a form instance was entered under, by the id of the record holding it
    (participant, consent, visit, infusion, adverse event, disposition); kept for good, so that
    the instance is read, checked and exported under that version's declaration."""

    __tablename__ = "form_version"

    record_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[str] = mapped_column(String(32), index=True)


class FormDraft(Base):
    """Input typed into a form but not saved, kept when the app fails unexpectedly (gui/crash_dialog.py).

    Not audited and never exported: a draft is not a record until the user saves it through the
    form's service, which audits it then. One draft per user, form and participant.
    """

    __tablename__ = "form_draft"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    form_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    participant_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    values_json: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
