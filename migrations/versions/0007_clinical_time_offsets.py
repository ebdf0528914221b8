"""clinical times keep their UTC offset; the site records its time zone (DESIGN 7a)

Clinical times (the items the protocol declares of kind datetime) were kept as naive times: the
infusion's start and end, an AE's awareness and report times as the clinic's wall clock, the
randomization time and a deviation's recording time as UTC. They become the clinic's local time
with its offset ("2026-05-04T11:00:00+08:00"), in the site's zone: the one the site recorded, or
for a site that never recorded one the computer's zone now, which is then recorded as the site's
zone (audited). Each converted value is an audited update of its item (user "system", with the
reason), so the trail and the centre learn the offset; old audit rows are never rewritten and the
chain keeps verifying. A signature that matched its record before still matches it: only the
spelling of its times changed, not what was signed.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, sessionmaker

from msc_desktop.domain.clinic_time import (
    default_zone_name,
    use_site_zone,
)
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.store.audit import SYSTEM_USER, install_audit, record_event
from msc_desktop.store.audit_values import legacy_clinical_time
from msc_desktop.store.base import Base
from msc_desktop.store.models import (
    AdverseEvent,
    Infusion,
    Participant,
    ProtocolDeviation,
    Signature,
    SiteSetting,
)
from msc_desktop.store.services.signatures import record_digest

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels = None
depends_on = None

#: (table, column, the clock the naive value was read on: "local" wall clock or "utc").
_COLUMNS = (
    ("participant", "randomized_at", "utc"),
    ("infusion", "started_at", "local"),
    ("infusion", "stopped_at", "local"),
    ("adverse_event", "aware_at", "local"),
    ("adverse_event", "reported_at", "local"),
    ("protocol_deviation", "recorded_at", "utc"),
)
AUDITED_MODELS: dict[str, type[Base]] = {
    "participant": Participant,
    "infusion": Infusion,
    "adverse_event": AdverseEvent,
    "protocol_deviation": ProtocolDeviation,
}
_SETTING = "time_zone"
_REASON = "clinical times given their UTC offset in the site's time zone {zone} (upgrade)"


def _convert(session: Session) -> None:
    """Converts every naive clinical time, audited; keeps the signatures that matched."""
    by_table: dict[str, list[tuple[str, str]]] = {}
    for table, column, clock in _COLUMNS:
        by_table.setdefault(table, []).append((column, clock))
    for table, columns in by_table.items():
        model = AUDITED_MODELS[table]
        for record in session.scalars(select(model)).all():
            naive = [
                (column, clock)
                for column, clock in columns
                if isinstance(getattr(record, column), datetime)
                and getattr(record, column).tzinfo is None
            ]
            if not naive:
                continue
            before = record_digest(session, record)  # naive times spelt as the release before did
            for column, _clock in naive:
                setattr(
                    record, column, legacy_clinical_time(table, column, getattr(record, column))
                )
            session.flush()
            after = record_digest(session, record)
            key = "/".join(str(v) for v in inspect(model).primary_key_from_instance(record))
            for signature in session.scalars(
                select(Signature).where(
                    Signature.table_name == table,
                    Signature.record_id == key,
                    Signature.record_digest == before,
                )
            ):
                signature.record_digest = after
            session.flush()


def upgrade() -> None:
    for table, column, _clock in _COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.DateTime(), type_=sa.String(length=32))
    factory = sessionmaker(bind=op.get_bind())
    install_audit(factory)
    with factory() as session:
        if session.get(SiteSetting, "site_id") is None:
            return  # a new, empty database: the site records its zone when it is created
        recorded = session.get(SiteSetting, _SETTING)
        zone = recorded.value if recorded is not None else default_zone_name()
        use_site_zone(zone)
        session.info.update(
            user_id=SYSTEM_USER, reason=_REASON.format(zone=zone), protocol=load_protocol()
        )
        if recorded is None:
            session.add(SiteSetting(name=_SETTING, value=zone))
            record_event(
                session,
                "site_setting",
                _SETTING,
                f"setting {_SETTING} = {zone} (the computer's time zone at the upgrade)",
            )
        _convert(session)
        session.flush()


def downgrade() -> None:
    """Back to naive times (the local wall clock, or UTC), as the release before kept them. The
    columns stay text columns: SQLite would turn the text into a number casting it back to DATETIME,
    and the release before reads its times from text either way."""
    connection = op.get_bind()
    for table, column, clock in _COLUMNS:
        rows = connection.execute(
            sa.text(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL")
        ).all()
        for record_id, stored in rows:
            moment = datetime.fromisoformat(stored)
            if moment.tzinfo is not None:
                moment = moment.astimezone(UTC) if clock == "utc" else moment
                naive = moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
                connection.execute(
                    sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :id"),
                    {"v": naive, "id": record_id},
                )
