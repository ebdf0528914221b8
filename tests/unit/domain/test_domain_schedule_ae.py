"""Visit schedule states and windows; SAE seriousness, grade 5 rules and the 24-hour deadline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from msc_desktop.domain.adverse_events import (
    apply_grade_rules,
    is_serious,
    review_order,
    sae_clock,
    sae_report_deadline,
    seriousness_criteria,
)
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.domain.schedule import visit_schedule, visit_window
from msc_desktop.errors import ValidationError

PROTOCOL = load_protocol()

DAY0 = date(2026, 1, 10)


def _states(recorded: dict[str, date], today: date, missed: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        v.code: v.state
        for v in visit_schedule(DAY0, recorded, today, missed=missed, protocol=PROTOCOL)
    }


def _day(offset: int) -> date:
    return DAY0 + timedelta(days=offset)


@pytest.mark.parametrize(
    ("code", "opens", "closes"),
    [("W0", 0, 3), ("W4", 25, 31), ("W8", 53, 59), ("W12", 77, 91), ("W24", 161, 175),
     ("W48", 329, 343)],
)  # fmt: skip
def test_windows(code: str, opens: int, closes: int) -> None:
    window = visit_window(code, DAY0, PROTOCOL)
    assert (window.opens, window.closes) == (_day(opens), _day(closes))


@pytest.mark.parametrize(
    ("visit_day", "state"),
    [(-1, "out_of_window"), (0, "done"), (3, "done"), (4, "out_of_window")],
)
def test_w0_window_is_minus_0_plus_3(visit_day: int, state: str) -> None:
    assert _states({"W0": _day(visit_day)}, _day(10))["W0"] == state


@pytest.mark.parametrize(
    ("today", "state"),
    [(24, "upcoming"), (25, "due"), (31, "due"), (32, "overdue")],
)
def test_w4_due_and_overdue(today: int, state: str) -> None:
    assert _states({"W0": DAY0}, _day(today))["W4"] == state


def test_missed_when_declared_or_skipped() -> None:
    states = _states({"W0": DAY0, "W8": _day(56)}, _day(60), missed=("W12",))
    assert states["W4"] == "missed"
    assert states["W8"] == "done"
    assert states["W12"] == "missed"
    assert states["W24"] == "upcoming"


def test_offset_and_unknown_visit() -> None:
    schedule = visit_schedule(DAY0, {"W12": _day(90)}, _day(90), protocol=PROTOCOL)
    assert next(v for v in schedule if v.code == "W12").days_off_target == 6
    with pytest.raises(ValidationError, match="SCR"):
        visit_schedule(DAY0, {"SCR": DAY0}, DAY0, protocol=PROTOCOL)


def _ae(**answers: str) -> dict[str, object]:
    values: dict[str, object] = {
        "grade": "2", "serious_death": "N", "serious_life_threatening": "N",
        "serious_hospitalisation": "N", "serious_disability": "N",
        "serious_congenital_anomaly": "N", "serious_other_medical_event": "N",
    }  # fmt: skip
    values.update(answers)
    return values


@pytest.mark.parametrize(
    "criterion",
    [
        "serious_death", "serious_life_threatening", "serious_hospitalisation",
        "serious_disability", "serious_congenital_anomaly", "serious_other_medical_event",
    ],
)  # fmt: skip
def test_each_ich_e2a_criterion_makes_it_serious(criterion: str) -> None:
    assert not is_serious(_ae())
    assert is_serious(_ae(**{criterion: "Y"}))
    assert seriousness_criteria(_ae(**{criterion: "Y"})) == (criterion,)


def test_grade_5_fills_fatal_and_death() -> None:
    completed = apply_grade_rules(_ae(grade="5", outcome="RECOVERING/RESOLVING"))
    assert completed["outcome"] == "FATAL" and completed["serious_death"] == "Y"
    assert apply_grade_rules(_ae(grade="4"))["serious_death"] == "N"


def test_deadline_is_24_hours_after_awareness() -> None:
    aware = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    assert sae_report_deadline(aware, PROTOCOL) == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    deadline = sae_report_deadline(aware, PROTOCOL)
    assert sae_clock("a", aware, None, deadline, PROTOCOL).state == "pending"
    assert sae_clock("a", aware, None, deadline + timedelta(seconds=1), PROTOCOL).state == "overdue"
    assert sae_clock("a", aware, deadline, deadline, PROTOCOL).state == "reported_on_time"
    late = deadline + timedelta(minutes=1)
    assert sae_clock("a", aware, late, late, PROTOCOL).state == "reported_late"


def test_overdue_saes_are_listed_first() -> None:
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    clocks = [
        sae_clock("pending", now - timedelta(hours=2), None, now, PROTOCOL),
        sae_clock("reported", now - timedelta(hours=50), now - timedelta(hours=40), now, PROTOCOL),
        sae_clock("overdue", now - timedelta(hours=30), None, now, PROTOCOL),
    ]
    assert [clock.ae_id for clock in review_order(clocks)] == ["overdue", "pending", "reported"]


def test_mixed_time_zones_are_refused() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        sae_clock("a", datetime(2026, 3, 1, 9, 30), None, datetime.now(UTC), PROTOCOL)
