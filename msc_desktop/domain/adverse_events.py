"""Adverse events: seriousness (ICH E2A), grade 5 consequences, and the 24-hour SAE deadline.

Sources: ICH E2A (serious = results in death, is life-threatening, requires or prolongs
hospitalisation, results in persistent or significant disability, is a congenital anomaly, or is
another important medical event); CTCAE v5.0 (grade 5 = death related to the AE); DESIGN section 7:
a serious AE is reported to the coordinating center within 24 hours (resources/protocol.json,
"sae_report_hours") of the site becoming aware; grade 5 implies outcome FATAL and seriousness
"death". The form rules in protocol.json enforce the same implications at data entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from msc_desktop.domain.protocol import Protocol
from msc_desktop.errors import ValidationError

ReportState = Literal["overdue", "pending", "reported_on_time", "reported_late"]

#: adverse_event form fields holding the ICH E2A seriousness criteria ("Y" / "N").
SERIOUSNESS_FIELDS: Mapping[str, str] = {
    "serious_death": "death",
    "serious_life_threatening": "life-threatening",
    "serious_hospitalisation": "hospitalisation or prolongation",
    "serious_disability": "disability or incapacity",
    "serious_congenital_anomaly": "congenital anomaly",
    "serious_other_medical_event": "other important medical event",
}
FATAL_GRADE = "5"
FATAL_OUTCOME = "FATAL"


def seriousness_criteria(values: Mapping[str, object]) -> tuple[str, ...]:
    """The seriousness criteria answered yes (the form field names), in protocol order."""
    return tuple(name for name in SERIOUSNESS_FIELDS if values.get(name) == "Y")


def is_serious(values: Mapping[str, object]) -> bool:
    """An AE is serious when any ICH E2A criterion is met, or when it is grade 5 (fatal)."""
    return bool(seriousness_criteria(values)) or _grade(values) == FATAL_GRADE


def _grade(values: Mapping[str, object]) -> str:
    grade = values.get("grade")
    return str(grade).strip() if isinstance(grade, (int, str)) else ""


def apply_grade_rules(values: Mapping[str, object]) -> dict[str, object]:
    """`values` with what grade 5 implies filled in: outcome FATAL and seriousness "death".

    The GUI calls this when the grade changes; any contradiction the user enters afterwards is
    reported by `validate_form`.
    """
    completed = dict(values)
    if _grade(values) == FATAL_GRADE:
        completed["outcome"] = FATAL_OUTCOME
        completed["serious_death"] = "Y"
    return completed


def sae_report_deadline(aware_at: datetime, protocol: Protocol) -> datetime:
    """When the SAE report is due: the time the site became aware plus the protocol's hours."""
    return aware_at + timedelta(hours=protocol.sae_report_hours)


@dataclass(frozen=True)
class SaeClock:
    """The reporting state of one serious AE at a given time."""

    ae_id: str
    aware_at: datetime
    deadline: datetime
    reported_at: datetime | None
    state: ReportState
    time_left: timedelta

    @property
    def needs_action(self) -> bool:
        return self.state in ("overdue", "pending")


def sae_clock(
    ae_id: str, aware_at: datetime, reported_at: datetime | None, now: datetime, protocol: Protocol
) -> SaeClock:
    """Where an SAE stands against its deadline; `time_left` is negative once overdue."""
    times = [aware_at, now] + ([reported_at] if reported_at else [])
    if len({moment.tzinfo is None for moment in times}) > 1:
        raise ValidationError(
            "The awareness, report and current times must all have a time zone, or none of them."
        )
    deadline = sae_report_deadline(aware_at, protocol)
    state: ReportState
    if reported_at is not None:
        state = "reported_on_time" if reported_at <= deadline else "reported_late"
    else:
        state = "pending" if now <= deadline else "overdue"
    return SaeClock(ae_id, aware_at, deadline, reported_at, state, deadline - now)


def review_order(clocks: Iterable[SaeClock]) -> list[SaeClock]:
    """Overdue SAEs first, then pending ones by deadline, then reported ones by deadline."""
    rank = {"overdue": 0, "pending": 1, "reported_late": 2, "reported_on_time": 2}
    return sorted(clocks, key=lambda clock: (rank[clock.state], clock.deadline))
