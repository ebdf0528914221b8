"""protocol versions: amendments received from the centre, and the version of each form instance

Every form instance entered before this revision was entered under version 1.0, the only version
there was: form_version gets a row saying so for each of them.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels = None
depends_on = None


# The tables whose rows are form instances (registration, consent, screening and visit forms,
# infusion, adverse event, end of study).
_FORM_TABLES = ("participant", "consent", "visit", "infusion", "adverse_event", "disposition")


def upgrade() -> None:
    op.create_table(
        "protocol_version",
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("declaration", sa.Text(), nullable=False),
        sa.Column("signed_package", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("activated_by", sa.String(length=64), nullable=True),
        sa.Column("activated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_protocol_version")),
    )
    op.create_table(
        "form_version",
        sa.Column("record_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_form_version")),
    )
    op.create_index(op.f("ix_form_version_version"), "form_version", ["version"], unique=False)
    for table in _FORM_TABLES:
        op.execute(f"INSERT INTO form_version (record_id, version) SELECT id, '1.0' FROM {table}")


def downgrade() -> None:
    op.drop_index(op.f("ix_form_version_version"), table_name="form_version")
    op.drop_table("form_version")
    op.drop_table("protocol_version")
