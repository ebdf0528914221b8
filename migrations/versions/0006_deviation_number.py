"""protocol deviations are numbered per participant (the repeat key of their item group)

The existing ones get their numbers in the order they were recorded.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("protocol_deviation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deviation_number", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE protocol_deviation SET deviation_number = (SELECT COUNT(*) FROM protocol_deviation"
        " AS earlier"
        " WHERE earlier.participant_id = protocol_deviation.participant_id"
        " AND (earlier.recorded_at < protocol_deviation.recorded_at OR (earlier.recorded_at ="
        " protocol_deviation.recorded_at AND earlier.id <= protocol_deviation.id)))"
    )
    with op.batch_alter_table("protocol_deviation", schema=None) as batch_op:
        batch_op.alter_column("deviation_number", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_protocol_deviation_participant_id_deviation_number"),
            ["participant_id", "deviation_number"],
        )


def downgrade() -> None:
    with op.batch_alter_table("protocol_deviation", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_protocol_deviation_participant_id_deviation_number"), type_="unique"
        )
        batch_op.drop_column("deviation_number")
