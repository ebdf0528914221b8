"""Declarative base, constraint naming convention and column types shared by every model."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Every table of the site database. `__audited__` tables are captured by the audit trail."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    __audited__: ClassVar[bool] = False


class DecimalText(TypeDecorator[Decimal]):
    """A Decimal stored as its exact text (SQLite has no exact decimal type)."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return str(Decimal(str(value)))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


def new_id() -> str:
    return uuid.uuid4().hex


def utc_now() -> datetime:
    """Naive UTC (SQLite keeps no zone); every stored datetime in the site database is UTC."""
    return datetime.now(UTC).replace(tzinfo=None)
