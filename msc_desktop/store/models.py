"""Typed models of the site database.

Structural records (participant, consent, visit, infusion, adverse event, disposition, signature,
allocation) have typed tables. The values of the protocol's forms (screening criteria, labs, vital
signs, clinical findings) are `ItemValue` rows keyed by the item names of the protocol definition
(resources/protocol.json), so a protocol amendment adds items without a schema change, and ODM /
CDISC exports read item metadata from the same place.

Columns whose `info` has `site_only=True` hold identifying data that never leaves the site.
Each column holding protocol data names the protocol item it holds, and each record class its
place in the protocol (store/item_columns.py): the audit trail records changes by item.

The tables stay in one module: together they are the site's schema, which Alembic's env and
the import-linter contract that keeps the centre off the site's tables name as one module.
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
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from msc_desktop.domain.adverse_events import SERIOUSNESS_FIELDS
from msc_desktop.domain.clinic_time import site_now
from msc_desktop.store.base import Base, ClinicalDateTime, DecimalText, new_id, utc_now
from msc_desktop.store.item_columns import (
    ColumnItem,
    NeutralTarget,
    RecordPlace,
    attribute,
    item,
    items,
    tristate_text,
    year_month_text,
)


class SiteSetting(Base):
    """Site-wide settings (site id, name, keys, cursors); changes are audited as events."""

    __tablename__ = "site_setting"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def get_setting(session: Session, name: str) -> str | None:
    """A site setting as this transaction sees it (`SiteStore.get_setting` reads the unlock
    copy)."""
    setting = session.get(SiteSetting, name)
    return setting.value if setting else None


def put_setting(session: Session, name: str, value: str) -> None:
    """Stores a site setting in this transaction, unaudited (the caller records what it means)."""
    setting = session.get(SiteSetting, name)
    if setting is None:
        session.add(SiteSetting(name=name, value=value))
    else:
        setting.value = value


def int_setting(session: Session, name: str) -> int:
    return int(get_setting(session, name) or 0)


class AuditLog(Base):
    """The append-only, hash-chained audit trail (docs/formats.md section 4: row_digest, prev_hash,
    hash).

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
    __audit_target__ = NeutralTarget("USER")

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), info=attribute("full_name"))
    role: Mapped[str] = mapped_column(String(16), info=attribute("role"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, info=attribute("active"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    deactivated_at: Mapped[datetime | None] = mapped_column(
        DateTime, info=attribute("deactivated_at")
    )


class Participant(Base):
    __tablename__ = "participant"
    __audited__ = True
    __audit_place__ = RecordPlace("registration", participant="id")

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    subject_id: Mapped[str] = mapped_column(
        String(16), unique=True
    )  # the subject key of every item
    screening_number: Mapped[str] = mapped_column(
        String(32), unique=True, info=item("screening_number")
    )
    # DESIGN 7: stays at the site
    initials: Mapped[str] = mapped_column(String(4), info=item("initials", site_only=True))
    sex: Mapped[str] = mapped_column(String(1), info=item("sex"))
    # DESIGN 7: the date stays at the site; its year and month leave it as their own item.
    date_of_birth: Mapped[date] = mapped_column(
        Date,
        info=item("date_of_birth", also=(ColumnItem("birth_year_month", text=year_month_text),)),
    )
    registration_date: Mapped[date] = mapped_column(Date, info=item("registration_date"))
    status: Mapped[str] = mapped_column(String(24), index=True, info=item("status"))
    arm: Mapped[str | None] = mapped_column(String(8), info=item("arm", form="randomization"))
    stratum: Mapped[str | None] = mapped_column(
        String(1), info=item("stratum", form="randomization")
    )
    randomized_at: Mapped[datetime | None] = mapped_column(
        ClinicalDateTime, info=item("randomized_at", form="randomization")
    )
    day0: Mapped[date | None] = mapped_column(Date, info=item("day0", form="randomization"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    identity: Mapped[ParticipantIdentity | None] = relationship(
        back_populates="participant", uselist=False
    )


class ParticipantIdentity(Base):
    """Name and contact details: for the site's own use, never exported."""

    __tablename__ = "participant_identity"
    __audited__ = True
    __audit_place__ = RecordPlace("registration")

    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), info=item("full_name", site_only=True))
    phone: Mapped[str | None] = mapped_column(String(40), info=item("phone", site_only=True))
    address: Mapped[str | None] = mapped_column(Text, info=item("address", site_only=True))

    participant: Mapped[Participant] = relationship(back_populates="identity")


class Consent(Base):
    """Informed consent, as the protocol's consent form records it."""

    __tablename__ = "consent"
    __audited__ = True
    __audit_place__ = RecordPlace("consent")

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), unique=True)
    consent_date: Mapped[date] = mapped_column(Date, info=item("consent_date"))
    consent_time: Mapped[str] = mapped_column(String(5), info=item("consent_time"))
    consent_version: Mapped[str] = mapped_column(String(20), info=item("consent_version"))
    written_consent: Mapped[bool] = mapped_column(Boolean, info=item("written_consent"))
    copy_given: Mapped[bool] = mapped_column(Boolean, info=item("copy_given"))
    obtained_by: Mapped[str] = mapped_column(String(100), info=item("obtained_by"))
    witness_name: Mapped[str | None] = mapped_column(
        String(100), info=item("witness_name", site_only=True)
    )


class Visit(Base):
    """One protocol visit of a participant (SCR, W0 ... W48), holding form item values."""

    __tablename__ = "visit"
    __audited__ = True
    __audit_place__ = RecordPlace(
        "visit", visit_code="visit_code", form_by_visit={"SCR": "screening"}
    )
    __table_args__ = (UniqueConstraint("participant_id", "visit_code"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    # Where the form's items hang: its visit code and date are items of the form (item values).
    visit_code: Mapped[str] = mapped_column(String(8))
    visit_date: Mapped[date] = mapped_column(Date)
    not_done_reason: Mapped[str | None] = mapped_column(Text, info=item("not_done_reason"))

    items: Mapped[list[ItemValue]] = relationship(back_populates="visit")


class ItemValue(Base):
    """One form item of a visit: the value as entered with its unit, and the standard value.

    The row is the item: `item` is its field name in the first form of the visit's study event
    that has it, `value` with `unit` its value (the standard value is derived from them)."""

    __tablename__ = "item_value"
    __audited__ = True
    __audit_place__ = RecordPlace("visit", participant=None, visit="visit_id", item_field="item")
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
    __audit_target__ = NeutralTarget("SIGNATURE", signed=("table_name", "record_id"))

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str | None] = mapped_column(ForeignKey("participant.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(64), index=True)
    record_digest: Mapped[str] = mapped_column(String(64), info=attribute("record_digest"))
    meaning: Mapped[str] = mapped_column(String(64), info=attribute("meaning"))
    user_id: Mapped[str] = mapped_column(
        ForeignKey("user_account.user_id"), info=attribute("signer")
    )
    printed_name: Mapped[str] = mapped_column(String(200), info=attribute("printed_name"))
    role: Mapped[str] = mapped_column(String(16), info=attribute("role"))
    signed_at: Mapped[datetime] = mapped_column(
        DateTime, default=utc_now, info=attribute("signed_at")
    )
    voided_at: Mapped[datetime | None] = mapped_column(DateTime, info=attribute("voided_at"))
    void_reason: Mapped[str | None] = mapped_column(Text, info=attribute("void_reason"))


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
    __audit_place__ = RecordPlace("randomization")
    __table_args__ = (UniqueConstraint("list_id", "position"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    list_id: Mapped[str] = mapped_column(
        ForeignKey("allocation_list.list_id"), info=item("allocation_list_id")
    )
    position: Mapped[int] = mapped_column(Integer, info=item("allocation_position"))
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), unique=True)
    arm: Mapped[str] = mapped_column(String(8), info=item("arm"))
    allocated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class Infusion(Base):
    __tablename__ = "infusion"
    __audited__ = True
    __audit_place__ = RecordPlace("infusion", visit_code="visit_code")
    __table_args__ = (UniqueConstraint("participant_id", "visit_code"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    visit_code: Mapped[str] = mapped_column(String(8), info=item("visit_code"))
    weight_kg: Mapped[Decimal] = mapped_column(DecimalText, info=item("weight"))
    weighed_on: Mapped[date] = mapped_column(Date, info=item("weight_date"))
    product_lot: Mapped[str] = mapped_column(String(64), info=item("product_lot"))
    bag_id: Mapped[str] = mapped_column(String(64), info=item("bag_id"))
    product_expiry: Mapped[date] = mapped_column(Date, info=item("product_expiry"))
    cell_concentration_per_ml: Mapped[Decimal] = mapped_column(
        DecimalText, info=item("cell_concentration_per_ml")
    )
    viability_pct: Mapped[Decimal] = mapped_column(DecimalText, info=item("viability_pct"))
    total_cells: Mapped[int] = mapped_column(Integer, info=item("total_cells"))
    volume_planned_ml: Mapped[Decimal] = mapped_column(DecimalText, info=item("volume_planned_ml"))
    volume_infused_ml: Mapped[Decimal | None] = mapped_column(
        DecimalText, info=item("volume_infused_ml")
    )
    started_at: Mapped[datetime | None] = mapped_column(
        ClinicalDateTime, info=item("infusion_start")
    )
    stopped_at: Mapped[datetime | None] = mapped_column(ClinicalDateTime, info=item("infusion_end"))
    rate_ml_per_h: Mapped[Decimal | None] = mapped_column(DecimalText, info=item("rate_ml_per_h"))
    reactions: Mapped[str | None] = mapped_column(Text, info=item("infusion_reaction"))
    status: Mapped[str] = mapped_column(String(16), default="planned", info=item("status"))


class AdverseEvent(Base):
    __tablename__ = "adverse_event"
    __audited__ = True
    __audit_place__ = RecordPlace("adverse_event", repeat_key="ae_number")
    __table_args__ = (UniqueConstraint("participant_id", "ae_number"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    ae_number: Mapped[int] = mapped_column(Integer, info=item("ae_number"))
    term: Mapped[str] = mapped_column(String(200), info=item("term"))
    onset_date: Mapped[date] = mapped_column(Date, info=item("onset_date"))
    end_date: Mapped[date | None] = mapped_column(Date, info=item("end_date"))
    grade: Mapped[int] = mapped_column(Integer, info=item("grade"))
    serious: Mapped[bool] = mapped_column(Boolean, default=False, info=item("serious"))
    seriousness: Mapped[str | None] = mapped_column(
        String(200), info=items(*SERIOUSNESS_FIELDS)
    )  # the criteria answered yes
    relationship_to_msc: Mapped[str | None] = mapped_column(String(24), info=item("relationship"))
    expected: Mapped[bool | None] = mapped_column(
        Boolean, info=item("expected", text=tristate_text)
    )
    action_taken: Mapped[str | None] = mapped_column(String(40), info=item("action_taken"))
    outcome: Mapped[str | None] = mapped_column(String(40), info=item("outcome"))
    aware_at: Mapped[datetime] = mapped_column(ClinicalDateTime, info=item("aware_at"))
    reported_at: Mapped[datetime | None] = mapped_column(ClinicalDateTime, info=item("reported_at"))
    # The derived item "infusion_visit" is the visit code of this infusion (a link column here).
    infusion_id: Mapped[str | None] = mapped_column(ForeignKey("infusion.id"))
    description: Mapped[str | None] = mapped_column(Text, info=item("description"))


class Disposition(Base):
    """End of participation (CDISC NCOMPLT): stops further scheduling."""

    __tablename__ = "disposition"
    __audited__ = True
    __audit_place__ = RecordPlace("disposition")

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), unique=True)
    decod: Mapped[str] = mapped_column(String(40), info=item("status"))
    disposition_date: Mapped[date] = mapped_column(Date, info=item("disposition_date"))
    # The reason's details, with the death date and last visit when given (services/disposition.py).
    details: Mapped[str | None] = mapped_column(Text, info=item("reason_details"))


class ProtocolDeviation(Base):
    __tablename__ = "protocol_deviation"
    __audited__ = True
    __audit_place__ = RecordPlace("deviation", repeat_key="deviation_number")
    __table_args__ = (UniqueConstraint("participant_id", "deviation_number"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    #: 1, 2, ... per participant, given as the deviation is recorded (store/audit.py, before flush).
    deviation_number: Mapped[int] = mapped_column(Integer, info=item("deviation_number"))
    visit_code: Mapped[str | None] = mapped_column(String(8), info=item("visit_code"))
    category: Mapped[str] = mapped_column(String(40), info=item("category"))
    description: Mapped[str] = mapped_column(Text, info=item("description"))
    recorded_at: Mapped[datetime] = mapped_column(
        ClinicalDateTime, default=site_now, info=item("recorded_at")
    )


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
    """Input typed into a form but not saved, kept when the app fails unexpectedly
    (gui/crash_dialog.py).

    Not audited and never exported: a draft is not a record until the user saves it through the
    form's service, which audits it then. One draft per user, form and participant.
    """

    __tablename__ = "form_draft"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    form_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    participant_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    values_json: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class SiteQuery(Base):
    """A data query the centre raised on one item of a participant (domain/queries.py), as this
    site knows it: where it points and its state; its history is `SiteQueryEvent` rows.

    Not audited row by row: receiving queries is an audited event, and each answer given here is
    an audit event row of its own (target `QUERY:<query_id>`), which is what travels back."""

    __tablename__ = "site_query"

    query_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    number: Mapped[int] = mapped_column("query_number", Integer, index=True)
    subject_key: Mapped[str] = mapped_column(String(32), index=True)
    event_oid: Mapped[str] = mapped_column(String(64))
    form_oid: Mapped[str] = mapped_column(String(64))
    group_oid: Mapped[str] = mapped_column(String(64))
    repeat_key: Mapped[str] = mapped_column(String(64))
    item_oid: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column("query_origin", String(64))
    state: Mapped[str] = mapped_column("query_state", String(16), index=True)


class SiteQueryEvent(Base):
    """One event of a query's history (open, answer, close, reopen), kept exactly once by its id."""

    __tablename__ = "site_query_event"

    event_id: Mapped[str] = mapped_column("query_event_id", String(64), primary_key=True)
    query_id: Mapped[str] = mapped_column(ForeignKey("site_query.query_id"), index=True)
    kind: Mapped[str] = mapped_column("event_kind", String(8))
    at: Mapped[str] = mapped_column("event_at", String(32))
    by: Mapped[str] = mapped_column("event_by", String(64))
    text: Mapped[str] = mapped_column("event_text", Text)
    reply_to: Mapped[str | None] = mapped_column(String(64))
    correction: Mapped[str | None] = mapped_column(Text)


class SourceVerification(Base):
    """A source data verification mark (domain/queries.py SdvMark) on an item, form or visit.

    `covers_to_seq` is the last audit row whose values the mark covers: a site mark's own row, a
    centre mark's the centre's receipt when it arrived. A later item row clears it for that item."""

    __tablename__ = "source_verification"

    mark_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    scope: Mapped[str] = mapped_column("mark_scope", String(8))
    subject_key: Mapped[str] = mapped_column(String(32), index=True)
    event_oid: Mapped[str] = mapped_column(String(64))
    form_oid: Mapped[str] = mapped_column(String(64))
    group_oid: Mapped[str] = mapped_column(String(64))
    repeat_key: Mapped[str] = mapped_column(String(64))
    item_oid: Mapped[str] = mapped_column(String(64))
    at: Mapped[str] = mapped_column("marked_at", String(32))
    by: Mapped[str] = mapped_column("marked_by", String(64))
    side: Mapped[str] = mapped_column("marked_side", String(8))
    covers_to_seq: Mapped[int] = mapped_column(Integer)
