"""Declarative base, constraint naming convention and column types shared by every model."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

from msc_desktop.domain.clinic_time import clinical_text, is_clinical_text, parse_clinical

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


class ClinicalDateTime(TypeDecorator[datetime]):
    """A clinical time (an item the protocol declares of kind datetime): kept as the clinic's local
    time with its UTC offset, to the minute ("2026-05-04T11:00:00+08:00", domain/clinic_time.py);
    read back as an aware time with that fixed offset. A naive value is refused (the services make
    every clinical time aware in the site's zone, so the audit trail writes what is stored).
    A value stored before clinical times kept their offset (naive text) reads back naive: only the
    migration that converts them sees one."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise TypeError("a clinical time must be an aware datetime", value)
        return clinical_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return parse_clinical(value) if is_clinical_text(value) else datetime.fromisoformat(value)


def new_id() -> str:
    return uuid.uuid4().hex


def utc_now() -> datetime:
    """Naive UTC (SQLite keeps no zone): every system time in the site database (creation,
    signature, audit times) is UTC; clinical times are `ClinicalDateTime`."""
    return datetime.now(UTC).replace(tzinfo=None)
