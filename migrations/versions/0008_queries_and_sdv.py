"""data queries from the centre, their history, and source data verification marks (issue 17)

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels = None
depends_on = None


def _place() -> list[sa.Column[str]]:
    return [
        sa.Column("subject_key", sa.String(32), nullable=False),
        sa.Column("event_oid", sa.String(64), nullable=False),
        sa.Column("form_oid", sa.String(64), nullable=False),
        sa.Column("group_oid", sa.String(64), nullable=False),
        sa.Column("repeat_key", sa.String(64), nullable=False),
        sa.Column("item_oid", sa.String(64), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "site_query",
        sa.Column("query_id", sa.String(32), nullable=False),
        sa.Column("query_number", sa.Integer(), nullable=False),
        *_place(),
        sa.Column("query_origin", sa.String(64), nullable=False),
        sa.Column("query_state", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("query_id", name=op.f("pk_site_query")),
    )
    op.create_index(op.f("ix_site_query_query_number"), "site_query", ["query_number"])
    op.create_index(op.f("ix_site_query_subject_key"), "site_query", ["subject_key"])
    op.create_index(op.f("ix_site_query_query_state"), "site_query", ["query_state"])
    op.create_table(
        "site_query_event",
        sa.Column("query_event_id", sa.String(64), nullable=False),
        sa.Column("query_id", sa.String(32), nullable=False),
        sa.Column("event_kind", sa.String(8), nullable=False),
        sa.Column("event_at", sa.String(32), nullable=False),
        sa.Column("event_by", sa.String(64), nullable=False),
        sa.Column("event_text", sa.Text(), nullable=False),
        sa.Column("reply_to", sa.String(64), nullable=True),
        sa.Column("correction", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["query_id"],
            ["site_query.query_id"],
            name=op.f("fk_site_query_event_query_id_site_query"),
        ),
        sa.PrimaryKeyConstraint("query_event_id", name=op.f("pk_site_query_event")),
    )
    op.create_index(op.f("ix_site_query_event_query_id"), "site_query_event", ["query_id"])
    op.create_table(
        "source_verification",
        sa.Column("mark_id", sa.String(64), nullable=False),
        sa.Column("mark_scope", sa.String(8), nullable=False),
        *_place(),
        sa.Column("marked_at", sa.String(32), nullable=False),
        sa.Column("marked_by", sa.String(64), nullable=False),
        sa.Column("marked_side", sa.String(8), nullable=False),
        sa.Column("covers_to_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("mark_id", name=op.f("pk_source_verification")),
    )
    op.create_index(
        op.f("ix_source_verification_subject_key"), "source_verification", ["subject_key"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_source_verification_subject_key"), table_name="source_verification")
    op.drop_table("source_verification")
    op.drop_index(op.f("ix_site_query_event_query_id"), table_name="site_query_event")
    op.drop_table("site_query_event")
    op.drop_index(op.f("ix_site_query_query_state"), table_name="site_query")
    op.drop_index(op.f("ix_site_query_subject_key"), table_name="site_query")
    op.drop_index(op.f("ix_site_query_query_number"), table_name="site_query")
    op.drop_table("site_query")
