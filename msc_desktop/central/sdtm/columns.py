"""The shared pieces of every SDTM dataset: the identifier, visit, sequence and study-day
variables, the supplemental-qualifier dataset, and the values as SDTM writes them (dates,
standard numbers, texts cut at SAS transport's 200 bytes)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from msc_desktop.central.datasets import Dataset, Variable
from msc_desktop.central.pooled import Subject
from msc_desktop.domain.decimals import format_decimal

V = Variable
STUDY = (
    V("STUDYID", "Study Identifier", origin="Protocol"),
    V("DOMAIN", "Domain Abbreviation", origin="Assigned"),
    V(
        "USUBJID",
        "Unique Subject Identifier",
        origin="Derived",
        method="STUDYID and the subject id joined by a hyphen",
    ),
)
VISIT = (
    V("VISITNUM", "Visit Number", "float", "Assigned", "VISITNUM"),
    V("VISIT", "Visit Name", origin="Assigned", codelist="VISIT"),
    V(
        "EPOCH",
        "Epoch",
        origin="Derived",
        codelist="EPOCH",
        method="The epoch of the visit; outside the schedule, of the last visit on or "
        "before the record's date",
    ),
)
_DAY_METHOD = "Date minus RFSTDTC, plus one on or after RFSTDTC"


def seq_variable(prefix: str) -> Variable:
    return V(
        f"{prefix}SEQ",
        "Sequence Number",
        "integer",
        "Derived",
        method="Order of the subject's records",
    )


def link_variable(prefix: str, method: str) -> Variable:
    """--LNKGRP: the link between the findings a visit's scores read and the scores."""
    return V(f"{prefix}LNKGRP", "Link Group ID", origin="Derived", method=method)


def day_variable(name: str, label: str) -> Variable:
    return V(name, label, "integer", "Derived", method=_DAY_METHOD)


def supplemental(name: str, label: str) -> Dataset:
    return Dataset(
        name,
        label,
        "RELATIONSHIP",
        "One record per supplemental qualifier per record",
        ("STUDYID", "RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL", "QNAM"),
        (
            V("STUDYID", "Study Identifier", origin="Protocol"),
            V("RDOMAIN", "Related Domain Abbreviation", origin="Assigned"),
            V("USUBJID", "Unique Subject Identifier", origin="Derived"),
            V("IDVAR", "Identifying Variable", origin="Assigned"),
            V("IDVARVAL", "Identifying Variable Value", origin="Assigned"),
            V("QNAM", "Qualifier Variable Name", origin="Assigned"),
            V("QLABEL", "Qualifier Variable Label", origin="Assigned"),
            V("QVAL", "Data Value"),
            V("QORIG", "Origin", origin="Assigned"),
        ),
    )


# -- values -----------------------------------------------------------------------------------


def iso_dtc(value: str, *, clinic: bool) -> str:
    """An item's date or time as SDTM --DTC: dates as they are; times to the minute, with the
    offset they carry. A clinic time without a real offset is local (a "Z" the site appended to a
    wall-clock time is not kept); an app time ending in "Z" is UTC and keeps it."""
    text = value.strip()
    if "T" not in text and " " not in text:
        return text
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    minute = f"{moment:%Y-%m-%dT%H:%M}"
    if moment.tzinfo is None:
        return minute
    if text.endswith("Z"):
        return minute if clinic else minute + "Z"
    offset = moment.strftime("%z")
    return f"{minute}{offset[:3]}:{offset[3:5]}"


def as_date(dtc: str) -> date | None:
    try:
        return date.fromisoformat(dtc[:10])
    except ValueError:
        return None


def study_day(dtc: str, reference: date | None) -> str:
    day = as_date(dtc)
    if day is None or reference is None:
        return ""
    delta = (day - reference).days
    return str(delta + 1 if delta >= 0 else delta)


def standard_number(value: Decimal, entered: str) -> str:
    """A converted value rounded to one significant digit more than entered (at least three)."""
    try:
        digits = len(Decimal(entered).as_tuple().digits)
    except InvalidOperation:
        digits = 3
    if value == 0:
        return "0"
    places = max(digits + 1, 3) - value.adjusted() - 1
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format_decimal(rounded)


def split_text(text: str, limit: int = 200) -> list[str]:
    """`text` in parts of at most `limit` UTF-8 bytes, never splitting a character."""
    parts, current = [], ""
    for character in text:
        if len((current + character).encode("utf-8")) > limit:
            parts.append(current)
            current = ""
        current += character
    return [*parts, current]


def overflow(
    supp: Dataset,
    subject: Subject,
    domain: str,
    idvar: str,
    idvarval: str,
    name: str,
    label: str,
    text: str,
) -> str:
    """A text's first 200 bytes (SAS transport's limit); the rest goes to the supplemental
    qualifiers `name`1, `name`2... (SDTMIG 4.5.3.2), split between characters."""
    first, *rest = split_text(text)
    for number, part in enumerate(rest, start=1):
        supp.add(
            {
                "STUDYID": subject.study_id,
                "RDOMAIN": domain,
                "USUBJID": subject.usubjid,
                "IDVAR": idvar,
                "IDVARVAL": idvarval,
                "QNAM": f"{name}{number}",
                "QLABEL": f"{label} {number}",
                "QVAL": part,
                "QORIG": "CRF",
            }
        )
    return first


def birth_bounds(year_month: str) -> list[date | None]:
    """The first and last possible dates of birth of a birth year and month ([None] if unknown)."""
    try:
        first = date.fromisoformat(f"{year_month[:7]}-01")
    except ValueError:
        return [None]
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return [first, last]
