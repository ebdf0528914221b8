"""causality coding: the top level of AEREL is DEFINITELY RELATED (was RELATED)

The relationship to MSC is coded one way on screen, on paper and in exports (CDISC AEREL terms
NOT RELATED / UNLIKELY RELATED / POSSIBLY RELATED / PROBABLY RELATED / DEFINITELY RELATED). An
investigator's causality signature that matched the record before the renaming still matches it
after: only the code's spelling changes, not what was assessed.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text
from sqlalchemy.orm import Session

from msc_desktop.store.models import AdverseEvent
from msc_desktop.store.services.signatures import record_digest

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None

_RENAMES = (("RELATED", "DEFINITELY RELATED"),)


def _rename(old: str, new: str) -> None:
    with Session(bind=op.get_bind()) as session:
        _rename_in(session, old, new)


def _rename_in(session: Session, old: str, new: str) -> None:
    ids = list(
        session.scalars(
            text("SELECT id FROM adverse_event WHERE relationship_to_msc = :old"), {"old": old}
        )
    )
    for ae_id in ids:
        before = record_digest(session, session.get_one(AdverseEvent, ae_id))
        session.execute(
            text("UPDATE adverse_event SET relationship_to_msc = :new WHERE id = :id"),
            {"new": new, "id": ae_id},
        )
        session.expire_all()
        after = record_digest(session, session.get_one(AdverseEvent, ae_id))
        session.execute(
            text(
                "UPDATE signature SET record_digest = :after WHERE table_name = 'adverse_event' "
                "AND record_id = :id AND record_digest = :before"
            ),
            {"after": after, "before": before, "id": ae_id},
        )
    session.flush()


def upgrade() -> None:
    for old, new in _RENAMES:
        _rename(old, new)


def downgrade() -> None:
    for old, new in _RENAMES:
        _rename(new, old)
