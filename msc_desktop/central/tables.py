"""The tables of the centre's store (SQLAlchemy 2 declarations; `store` opens and migrates them).

The centre does not know the site schema: it keeps every imported audit row as received and the
current value of each item by its ODM identity (site, subject, study event, form, item group and
repeat key, item -> value, unit, MetaDataVersion, audit row), which is what the exports read;
besides, the registered sites, bundles, signatures, time flags, allocation lists, protocol
versions, users and web sessions, the audit log of people's actions, the page cache, and the
queries and source verification marks.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from msc_desktop.store.audit_chain import GENESIS_HASH


class CentralBase(DeclarativeBase):
    """Tables of the centre's store (separate from the site database's `Base`)."""


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class CenterSite(CentralBase):
    """A registered site, its public keys, and how far its chain has been applied."""

    __tablename__ = "center_site"

    site_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    signing_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    encryption_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    fingerprint: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
    #: The rows up to this one were kept by an earlier release, which stored their data by the
    #: site's tables: the centre holds their chain but not their items until the site sends
    #: them again (a full export).
    refill_to: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CenterBundle(CentralBase):
    """Every bundle seen once: `accepted` (applied) or `held` (waiting for an earlier one)."""

    __tablename__ = "center_bundle"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("center_site.site_id"), index=True)
    file_name: Mapped[str] = mapped_column(String(128))
    from_seq: Mapped[int] = mapped_column(Integer)
    to_seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), index=True)
    received_at: Mapped[datetime] = mapped_column("arrived_at", DateTime, default=utc_now)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime)
    held_data: Mapped[bytes | None] = mapped_column(LargeBinary)


class CenterAuditRow(CentralBase):
    """A site's audit row as received, by its chain format (store/audit_chain.py).

    A format-2 row names the item it changed by the protocol's OIDs (or an event's neutral
    `target`) with its values and units. A site-only row arrives redacted (its digest only), and a
    format-1 row (written by a site's earlier release, naming the site's table and column) is
    kept digest-only (`redacted`) too: every link of the chain can be checked again
    (`verify_chain` over the stored rows) and nothing of the site's schema is stored."""

    __tablename__ = "center_audit_row"

    site_id: Mapped[str] = mapped_column(ForeignKey("center_site.site_id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    row_format: Mapped[int] = mapped_column(Integer)
    ts: Mapped[str | None] = mapped_column(String(40))
    user_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str | None] = mapped_column(String(16))
    target: Mapped[str | None] = mapped_column(String(200))
    subject_key: Mapped[str | None] = mapped_column(String(32))
    event_oid: Mapped[str | None] = mapped_column(String(64))
    form_oid: Mapped[str | None] = mapped_column(String(64))
    group_oid: Mapped[str | None] = mapped_column(String(64))
    repeat_key: Mapped[str | None] = mapped_column(String(64))
    item_oid: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    old_unit: Mapped[str | None] = mapped_column(String(32))
    new_value: Mapped[str | None] = mapped_column(Text)
    new_unit: Mapped[str | None] = mapped_column(String(32))
    mdv_oid: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    redacted: Mapped[bool] = mapped_column(Boolean)
    row_digest: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    bundle_sha256: Mapped[str] = mapped_column(String(64))


#: The columns of a received audit row (besides site and bundle) the centre keeps.
AUDIT_ROW_COLUMNS = tuple(
    column.name
    for column in CenterAuditRow.__table__.columns
    if column.name not in ("site_id", "bundle_sha256")
)


class CenterItem(CentralBase):
    """The current value of one item of one participant at one site, by ODM identity: study
    event, form, item group and its repeat key ("" for a group that does not repeat), item;
    with its unit as entered, the MetaDataVersion it was entered under and the audit row that
    set it. `removed` when the site deleted it (its history stays in the audit rows)."""

    __tablename__ = "center_item"

    site_id: Mapped[str] = mapped_column(ForeignKey("center_site.site_id"), primary_key=True)
    subject_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_oid: Mapped[str] = mapped_column(String(64), primary_key=True)
    form_oid: Mapped[str] = mapped_column(String(64), primary_key=True)
    group_oid: Mapped[str] = mapped_column(String(64), primary_key=True)
    repeat_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_oid: Mapped[str] = mapped_column(String(64), primary_key=True)
    current_value: Mapped[str | None] = mapped_column(Text)
    current_unit: Mapped[str | None] = mapped_column(String(32))
    mdv_oid: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)


class CenterPageCache(CentralBase):
    """The web pages' summary of one site, kept so that a restarted server answers at once: the
    facts read from the site's items (JSON), computed from the data version `cache_key` (the
    site's applied chain, bundles kept and protocol versions: any import changes it), and the
    visit states those facts give on `cached_day`."""

    __tablename__ = "center_page_cache"

    site_id: Mapped[str] = mapped_column(ForeignKey("center_site.site_id"), primary_key=True)
    cache_key: Mapped[str] = mapped_column(String(64))
    cached_facts: Mapped[str] = mapped_column(Text)
    cached_day: Mapped[str] = mapped_column(String(10))
    cached_part: Mapped[str] = mapped_column(Text)


class CenterSignature(CentralBase):
    """An electronic signature of one item group instance, as the site's clinical data carry
    it (who, with which meaning, when, under which MetaDataVersion)."""

    __tablename__ = "center_signature"

    site_id: Mapped[str] = mapped_column(ForeignKey("center_site.site_id"), primary_key=True)
    subject_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_oid: Mapped[str] = mapped_column(String(64), primary_key=True)
    form_oid: Mapped[str] = mapped_column(String(64), primary_key=True)
    group_oid: Mapped[str] = mapped_column(String(64), primary_key=True)
    repeat_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    meaning: Mapped[str] = mapped_column("signature_meaning", String(200), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    signed_at: Mapped[str] = mapped_column("signature_time", String(40), primary_key=True)
    mdv_oid: Mapped[str] = mapped_column(String(64))


class CenterTimeFlag(CentralBase):
    """A bundle whose audit times run backwards: the site's clock was set back, or its trail
    was written by other means. Applied all the same; listed for the data manager."""

    __tablename__ = "center_time_flag"

    site_id: Mapped[str] = mapped_column(ForeignKey("center_site.site_id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ts: Mapped[str] = mapped_column(String(40))
    previous_ts: Mapped[str] = mapped_column(String(40))
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    flagged_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class CenterAllocationList(CentralBase):
    """An allocation list made for a site and stratum, with the seed that reproduces it.

    `seed` and `content` are sealed (AES-256-GCM under a key derived from the centre's data key,
    the list id as associated data), never stored in the clear."""

    __tablename__ = "center_allocation_list"

    list_id: Mapped[str] = mapped_column("allocation_list_id", String(64), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("center_site.site_id"), index=True)
    stratum: Mapped[str] = mapped_column(String(8))
    seed: Mapped[str] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column("issued_at", DateTime, default=utc_now)


class CenterProtocolVersion(CentralBase):
    """A protocol version the centre issued (`msc-central amend`): its declaration as canonical
    JSON, carried, signed, by every later site package."""

    __tablename__ = "center_protocol_version"

    version: Mapped[str] = mapped_column("issued_version", String(32), primary_key=True)
    protocol_id: Mapped[str] = mapped_column(String(64))
    declaration: Mapped[str] = mapped_column("protocol_declaration", Text)
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class CenterUser(CentralBase):
    """A person who signs in to the centre's web application (`msc-central user add`): an
    Argon2id hash of the password, never the password; locked for a while after repeated
    failures; deactivated, never deleted (the audit log names them)."""

    __tablename__ = "center_user"

    user_id: Mapped[str] = mapped_column("account_name", String(64), primary_key=True)
    role: Mapped[str] = mapped_column("account_role", String(32))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column("account_active", Boolean, default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column("account_created_at", DateTime, default=utc_now)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class CenterWebSession(CentralBase):
    """A signed-in browser: the SHA-256 of its cookie token (the token itself is never stored),
    its CSRF token, and when it began and was last used (idle and absolute timeouts)."""

    __tablename__ = "center_web_session"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("center_user.account_name"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column("session_started_at", DateTime, default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class CenterEvent(CentralBase):
    """The centre's own audit log: sign-ins, failures, lockouts, account and site changes and
    downloads, each with who, when, from which address and what."""

    __tablename__ = "center_event"

    event_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column("event_time", DateTime, default=utc_now, index=True)
    user_id: Mapped[str] = mapped_column("account_name", String(64))
    action: Mapped[str] = mapped_column("event_action", String(32))
    detail: Mapped[str] = mapped_column("event_detail", Text, default="")
    address: Mapped[str] = mapped_column("client_address", String(64), default="")


class CenterSubjectItems(CentralBase):
    """How many items of one participant hold a value (not removed, not empty): kept by the
    import as it applies items, so that source verification progress (items verified against
    items entered) never counts the whole item table."""

    __tablename__ = "center_subject_items"

    site_id: Mapped[str] = mapped_column(ForeignKey("center_site.site_id"), primary_key=True)
    subject_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    items_entered: Mapped[int] = mapped_column(Integer, default=0)


class ItemAddressColumns:
    """The six columns of an item's address (domain.queries.ItemAddress), declared once for the
    tables that keep one; fields beyond an SDV mark's scope hold ""."""

    subject_key: Mapped[str] = mapped_column(String(32))
    event_oid: Mapped[str] = mapped_column(String(64))
    form_oid: Mapped[str] = mapped_column(String(64))
    group_oid: Mapped[str] = mapped_column(String(64))
    repeat_key: Mapped[str] = mapped_column(String(64))
    item_oid: Mapped[str] = mapped_column(String(64))


class CenterQuery(ItemAddressColumns, CentralBase):
    """A data query on one item of one participant (DESIGN section 11), numbered per site
    (`query_no`, what a nurse types); its history is in `center_query_event`. An automatic
    query keeps the digest of (edit check, item, value) that raised it, so that the same value
    never raises it twice."""

    __tablename__ = "center_query"
    __table_args__ = (
        UniqueConstraint("site_id", "query_no"),
        UniqueConstraint("site_id", "check_digest"),
    )

    query_uid: Mapped[str] = mapped_column(String(32), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("center_site.site_id"), index=True)
    query_no: Mapped[int] = mapped_column(Integer)
    raised_from: Mapped[str] = mapped_column(String(64))
    check_digest: Mapped[str | None] = mapped_column(String(64))
    raised_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class CenterQueryEvent(CentralBase):
    """One step of a query's history: the centre's open, close and re-open (uuid ids), and
    the site's answers read from its audit rows (id `<site>.<seq>`), each kept once."""

    __tablename__ = "center_query_event"

    query_event_uid: Mapped[str] = mapped_column(String(64), primary_key=True)
    query_uid: Mapped[str] = mapped_column(ForeignKey("center_query.query_uid"), index=True)
    step: Mapped[str] = mapped_column("query_step", String(16))
    step_at: Mapped[str] = mapped_column(String(40))
    step_by: Mapped[str] = mapped_column(String(64))
    remark: Mapped[str] = mapped_column("query_remark", Text, default="")
    replies_to: Mapped[str | None] = mapped_column(String(64))
    corrected_to: Mapped[str | None] = mapped_column(String(200))
    stored_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)


class CenterSdvMark(ItemAddressColumns, CentralBase):
    """A source data verification mark on an item, a form or a visit (the address fields
    beyond its scope are ""), made at the centre (uuid id) or at the site (`<site>.<seq>`).
    `stored_at`: when the centre learnt of it (a centre mark precedes a change iff it was
    stored before the change's bundle arrived)."""

    __tablename__ = "center_sdv_mark"

    sdv_mark_uid: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("center_site.site_id"), index=True)
    sdv_scope: Mapped[str] = mapped_column(String(8))
    verified_at: Mapped[str] = mapped_column(String(40))
    verified_by: Mapped[str] = mapped_column(String(64))
    verified_side: Mapped[str] = mapped_column(String(8))
    stored_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
