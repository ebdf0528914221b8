"""What the screening values show before any criterion is judged: age at consent, the Child-Pugh
score, decompensation, and whether the screening labs are recent enough (DESIGN section 7)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from msc_desktop.domain.decimals import to_decimal
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.scores import ChildPugh, child_pugh
from msc_desktop.domain.units import Measurement, StandardizedLab, to_standard
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message

Decompensation = Literal["present", "absent", "unknown"]


CHILD_PUGH_INPUTS = {
    "bilirubin": Message("bilirubin"),
    "albumin": Message("albumin"),
    "inr": Message("INR"),
    "ascites": Message("ascites"),
    "encephalopathy_grade": Message("encephalopathy grade"),
}


def age_at(date_of_birth: date, on: date) -> int:
    """Whole years completed on `on` (someone born on 29 February turns a year older on 1 March)."""
    if on < date_of_birth:
        raise ValidationError(
            "The date of birth {date_of_birth} is after {on}; check it.",
            date_of_birth=date_of_birth.isoformat(),
            on=on.isoformat(),
        )
    had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (0 if had_birthday else 1)


def standard_value(
    screening: Mapping[str, object], field: str, test_code: str, protocol: Protocol
) -> Decimal | None:
    """A lab value in the standard unit: a cleaned form value, a Measurement, or a plain number."""
    value = screening.get(field)
    if isinstance(value, StandardizedLab):
        return value.standard_value
    if isinstance(value, Measurement):
        return to_standard(test_code, value.value, value.unit, protocol)
    if value is None or value == "":
        return None
    return to_decimal(value, protocol.lab_test(test_code).label)


def _grade(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    text = str(value).strip()
    return int(text) if text in {"0", "1", "2", "3", "4"} else None


def decompensation(screening: Mapping[str, object], protocol: Protocol) -> Decompensation:
    """Present if ascites, variceal bleeding, encephalopathy or bilirubin > 3 mg/dL is recorded."""
    threshold = protocol.eligibility.jaundice_bilirubin_above_mg_dl
    ascites = screening.get("ascites")
    grade = _grade(screening.get("encephalopathy_grade"))
    bleeding = screening.get("variceal_bleeding")
    bilirubin = standard_value(screening, "bilirubin", "BILI", protocol)
    signs = [
        None if ascites not in ("absent", "slight", "moderate") else ascites != "absent",
        None if bleeding not in ("Y", "N") else bleeding == "Y",
        None if grade is None else grade > 0,
        None if bilirubin is None else bilirubin > threshold,
    ]
    if any(sign is True for sign in signs):
        return "present"
    return "absent" if all(sign is False for sign in signs) else "unknown"


def compute_child_pugh(screening: Mapping[str, object], protocol: Protocol) -> ChildPugh | None:
    """The Child-Pugh result from screening values, or None while an input is missing."""
    bilirubin = standard_value(screening, "bilirubin", "BILI", protocol)
    albumin = standard_value(screening, "albumin", "ALB", protocol)
    inr = standard_value(screening, "inr", "INR", protocol)
    ascites = screening.get("ascites")
    grade = _grade(screening.get("encephalopathy_grade"))
    if bilirubin is None or albumin is None or inr is None or grade is None:
        return None
    if not isinstance(ascites, str):
        return None
    return child_pugh(bilirubin, albumin, inr, ascites, grade, protocol=protocol)


ELIGIBILITY_LABS = ("bilirubin", "albumin", "inr")


def as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def lab_recency_problem(
    screening: Mapping[str, object],
    consent_date: date | None,
    randomization_date: date | None,
    protocol: Protocol,
) -> Message | None:
    """Why the screening labs may not be used for eligibility, or None when they may.

    Labs count when drawn at most `lab_max_days_before_randomization` days before randomization
    (checked once its date is known) and not before consent minus `lab_max_days_before_consent`.
    """
    if all(screening.get(name) in (None, "") for name in ELIGIBILITY_LABS):
        return None
    rules = protocol.eligibility
    drawn = as_date(screening.get("lab_date"))
    if drawn is None:
        return Message("the date blood was drawn is not recorded, so the labs cannot be used.")
    if consent_date is not None:
        earliest = consent_date - timedelta(days=rules.lab_max_days_before_consent)
        if drawn < earliest:
            return Message(
                "the labs were drawn on {drawn}, more than {days} days before consent on "
                "{consent}; enter labs drawn on {earliest} or later.",
                drawn=drawn.isoformat(),
                days=rules.lab_max_days_before_consent,
                consent=consent_date.isoformat(),
                earliest=earliest.isoformat(),
            )
    if randomization_date is not None:
        days = (randomization_date - drawn).days
        if days > rules.lab_max_days_before_randomization:
            return Message(
                "the labs were drawn on {drawn}, {days} days before randomization on {on} "
                "(at most {limit} days are allowed); enter new labs.",
                drawn=drawn.isoformat(),
                days=days,
                on=randomization_date.isoformat(),
                limit=rules.lab_max_days_before_randomization,
            )
    return None
