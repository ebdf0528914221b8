"""audit by item: audit_log rows of format 2 (protocol OIDs, units, protocol version)

Old rows keep format 1 and verify exactly as before; new rows name the item by its OIDs
(store/audit_chain.py). The append-only triggers stay: adding columns does not rebuild the
table, and they are made again here should a batch rebuild ever have dropped them.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels = None
depends_on = None

_TEXT_COLUMNS = (
    ("target", 200),
    ("subject_key", 32),
    ("event_oid", 64),
    ("form_oid", 64),
    ("group_oid", 64),
    ("repeat_key", 64),
    ("item_oid", 64),
    ("old_unit", 32),
    ("new_unit", 32),
    ("mdv_oid", 64),
)
_TRIGGERS = (
    (
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    ),
)


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("row_format", sa.Integer(), server_default="1", nullable=False)
        )
        for name, length in _TEXT_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_log_subject_key"), ["subject_key"], unique=False)
    for trigger in _TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_subject_key"))
        for name, _length in reversed(_TEXT_COLUMNS):
            batch_op.drop_column(name)
        batch_op.drop_column("row_format")
    for trigger in _TRIGGERS:
        op.execute(trigger)
