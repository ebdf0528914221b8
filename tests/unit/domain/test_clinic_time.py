"""Clinical times are shown in local time with the UTC offset of their own day (DESIGN 7a)."""

from __future__ import annotations

from datetime import UTC, datetime

from msc_desktop.domain.clinic_time import clinic_moment, clinic_zone, moment_text, offset_text


def test_a_clinic_time_shows_the_offset_of_its_zone(computer_zone) -> None:  # type: ignore[no-untyped-def]
    computer_zone("Asia/Shanghai")
    assert str(clinic_zone()) == "Asia/Shanghai"
    assert moment_text(datetime(2026, 5, 4, 11, 0)) == "2026-05-04 11:00 UTC+08:00"
    assert offset_text(datetime(2026, 5, 4, 11, 0)) == "UTC+08:00"
    assert clinic_moment(datetime(2026, 5, 4, 11, 0)).isoformat() == "2026-05-04T11:00:00+08:00"


def test_each_day_shows_its_own_offset(computer_zone) -> None:  # type: ignore[no-untyped-def]
    computer_zone("America/New_York")
    assert moment_text(datetime(2026, 7, 1, 9, 30)) == "2026-07-01 09:30 UTC-04:00"  # summer time
    assert moment_text(datetime(2026, 12, 1, 9, 30)) == "2026-12-01 09:30 UTC-05:00"


def test_an_aware_time_keeps_its_own_offset(computer_zone) -> None:  # type: ignore[no-untyped-def]
    computer_zone("Asia/Shanghai")
    assert moment_text(datetime(2026, 5, 4, 3, 0, tzinfo=UTC)) == "2026-05-04 03:00 UTC+00:00"
    computer_zone("UTC")
    assert moment_text(datetime(2026, 5, 4, 11, 0)) == "2026-05-04 11:00 UTC+00:00"


def test_a_zone_that_is_no_name_uses_the_current_offset(computer_zone) -> None:  # type: ignore[no-untyped-def]
    computer_zone("XYZ-3")  # POSIX rule: 3 hours east, no IANA name
    assert offset_text(datetime(2026, 5, 4, 11, 0)) == "UTC+03:00"
