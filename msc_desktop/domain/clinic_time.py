"""Clinical times (DESIGN 7a): what the clinic's clock said, in the site's time zone.

A site runs in one IANA time zone, recorded at set-up (the setting `time_zone`, default the
computer's zone) and made the clinic's zone here when the site is opened (`use_site_zone`); before
that, and for a site that records none, the computer's zone (the TZ variable, else /etc/localtime)
is the clinic's.

Consent, infusion, AE and randomization times are entered as the clinic's wall clock (a naive time
from a form is read in the clinic's zone) and kept as aware times with the UTC offset in force at
that moment: stored, audited and sent as ISO 8601 with the offset, to the minute
(`clinical_text`: "2026-05-04T11:00:00+08:00", seconds always 00, never "Z", a valid ODM 1.3.2
datetime). They are shown and printed as the clock read them with their own offset ("2026-05-04
11:00 UTC+08:00"), so a reader elsewhere knows the instant. A time once stored keeps its offset:
changing the site's zone later changes no stored time. Audit and system times are UTC and are not
handled here.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from msc_desktop.errors import ValidationError

_LOCALTIME = Path("/etc/localtime")
#: The stored and exchanged form of a clinical time: local date and time to the minute, offset.
_CLINICAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00[+-]\d\d:\d\d")

_site_zone: ZoneInfo | None = None


def use_site_zone(name: str | None) -> None:
    """Makes the site's recorded zone the clinic's (None: the computer's again)."""
    global _site_zone
    _site_zone = zone_named(name) if name else None


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone `name` ("Asia/Shanghai"), or ValidationError with one sentence."""
    text = name.strip()
    if not text or text not in _zone_names():
        raise ValidationError(
            "{name!r} is not a time zone name such as Asia/Shanghai or America/New_York.", name=name
        )
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            "{name!r} is not a time zone name such as Asia/Shanghai or America/New_York.", name=name
        ) from None


_ZONE_NAMES: frozenset[str] = frozenset()


def _zone_names() -> frozenset[str]:
    global _ZONE_NAMES
    if not _ZONE_NAMES:
        _ZONE_NAMES = frozenset(available_timezones())
    return _ZONE_NAMES


def zone_names() -> list[str]:
    """Every IANA zone name this computer knows, sorted (what an administrator may choose)."""
    return sorted(_zone_names())


def machine_zone_name() -> str | None:
    """The computer's IANA zone name, or None when it names none (a POSIX rule, a zone file that is
    no link)."""
    name = _zone_name()
    if name is None:
        return None
    try:
        return zone_named(name).key
    except ValidationError:
        return None


def default_zone_name() -> str:
    """The zone a new site records unless told another: the computer's, else UTC."""
    return machine_zone_name() or "UTC"


def clinic_zone() -> tzinfo:
    """The clinic's time zone: the site's recorded zone; else the computer's IANA zone; else the
    computer's current fixed offset (a zone file that is no link, a TZ string that is no zone
    name)."""
    if _site_zone is not None:
        return _site_zone
    name = _zone_name()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def zone_label() -> str:
    """The clinic's zone as shown beside a time: its IANA name ("Asia/Shanghai"), or its offset."""
    zone = clinic_zone()
    return zone.key if isinstance(zone, ZoneInfo) else offset_text(datetime.now())


def _zone_name() -> str | None:
    configured = os.environ.get("TZ", "").removeprefix(":").strip()
    if configured:
        return configured
    try:
        target = str(_LOCALTIME.resolve())
    except OSError:
        return None
    _, found, name = target.partition("/zoneinfo/")
    return name if found else None


def clinic_moment(moment: datetime) -> datetime:
    """`moment` as an aware time: a naive one is read as the clinic's wall clock."""
    return moment.replace(tzinfo=clinic_zone()) if moment.tzinfo is None else moment


def site_now() -> datetime:
    """Now on the clinic's clock, to the minute, with the offset in force."""
    return datetime.now(clinic_zone()).replace(second=0, microsecond=0)


def clinic_date(moment: datetime) -> date:
    """The clinic's calendar day of a moment (an aware one is first seen in the clinic's zone)."""
    return moment.astimezone(clinic_zone()).date() if moment.tzinfo is not None else moment.date()


def fixed_offset(moment: datetime) -> datetime:
    """`moment` (naive: the clinic's wall clock) to the minute, with its offset as a fixed zone:
    what the store keeps, so that a later change of the site's zone changes no stored time."""
    aware = clinic_moment(moment).replace(second=0, microsecond=0)
    offset = aware.utcoffset()
    assert offset is not None
    return aware.replace(tzinfo=timezone(offset))


def clinical_text(moment: datetime) -> str:
    """A clinical time as stored, audited and sent: "2026-05-04T11:00:00+08:00" (a naive time is
    the clinic's wall clock; UTC itself is "+00:00", never "Z")."""
    aware = fixed_offset(moment)
    offset = aware.utcoffset()
    assert offset is not None
    minutes = int(offset / timedelta(minutes=1))
    sign = "-" if minutes < 0 else "+"
    return f"{aware:%Y-%m-%dT%H:%M}:00{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def is_clinical_text(text: str) -> bool:
    """Whether `text` is a clinical time as `clinical_text` writes it."""
    if _CLINICAL.fullmatch(text) is None:
        return False
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_clinical(text: str) -> datetime:
    """The aware time a stored clinical text holds (ValueError when it is none)."""
    if not is_clinical_text(text):
        raise ValueError("not a clinical time with its offset", text)
    return datetime.fromisoformat(text)


def clock_text(moment: datetime) -> str:
    """A clinical time as a form field shows it for editing: the site's wall clock, to the minute
    ("2026-05-04T11:00"); an aware time is first seen in the site's zone, so that saving it again
    keeps the same moment."""
    return f"{moment.astimezone(clinic_zone()) if moment.tzinfo else moment:%Y-%m-%dT%H:%M}"


def offset_text(moment: datetime) -> str:
    """The UTC offset of `moment` (naive: in the clinic's zone): "UTC+08:00", "UTC-04:00",
    "UTC+00:00"."""
    offset = clinic_moment(moment).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:5]}"


def moment_text(moment: datetime) -> str:
    """A time as its clock read it, with the offset: "2026-05-04 11:00 UTC+08:00"; a naive time is
    the clinic's wall clock, an aware one keeps its own offset."""
    return f"{moment:%Y-%m-%d %H:%M} {offset_text(moment)}"
