"""Clinical times (DESIGN 7a): what the clinic's clock said, in the site's time zone.

Consent, infusion and AE awareness times are entered and stored as the clinic's wall-clock time;
the zone is the computer's (an IANA zone: the TZ variable, else /etc/localtime). They are shown
and printed in local time with the UTC offset in force on that day ("2026-05-04 11:00
UTC+08:00"), so a reader elsewhere knows the instant, and a date in summer time shows its own
offset. Audit and system times are UTC and are not shown through here.
"""

from __future__ import annotations

import os
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_LOCALTIME = Path("/etc/localtime")


def clinic_zone() -> tzinfo:
    """The site's time zone: the computer's IANA zone; its current fixed offset when the computer
    names none (a zone file that is no link, a TZ string that is no zone name)."""
    name = _zone_name()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


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


def offset_text(moment: datetime) -> str:
    """The UTC offset of `moment` (naive: in the clinic's zone): "UTC+08:00", "UTC-04:00", "UTC+00:00"."""
    offset = clinic_moment(moment).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:5]}"


def moment_text(moment: datetime) -> str:
    """A time as its clock read it, with the offset: "2026-05-04 11:00 UTC+08:00"; a naive time is
    the clinic's wall clock, an aware one keeps its own offset."""
    return f"{moment:%Y-%m-%d %H:%M} {offset_text(moment)}"
