"""Alembic environment for the site database: runs on the store's own (keyed) connection."""

from __future__ import annotations

from alembic import context

from msc_desktop.store import models  # noqa: F401  (registers every table on Base.metadata)
from msc_desktop.store.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
