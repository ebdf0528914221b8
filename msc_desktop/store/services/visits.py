"""Follow-up visits: the schedule from day 0, the visit form, and the trends of the primary outcome.

A visit held outside its window (DESIGN section 7) is saved only with a deviation reason and
records a protocol deviation, as an infusion outside its window does.

The screening visit (SCR) is the baseline; every later visit shows each lab and score with its
change from baseline (the trial's primary outcome: absolute change in liver function indexes and
Child-Pugh / MELD scores).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from msc_desktop.domain.endpoint import Scores, compute_scores
from msc_desktop.domain.forms import clean_form
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.schedule import ScheduledVisit, visit_schedule, visit_window
from msc_desktop.domain.units import StandardizedLab
from msc_desktop.errors import RuleViolation, ValidationError
from msc_desktop.messages import Message
from msc_desktop.store.base import new_id
from msc_desktop.store.models import Participant, ProtocolDeviation, Visit
from msc_desktop.store.protocols import (
    entered_under,
    entry_protocol,
    protocol_of,
    protocol_on,
    session_protocol,
)
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.form_values import (
    check_form,
    raw_values,
    record_confirmed_warnings,
    save_items,
)
from msc_desktop.store.services.participants import (
    form_context,
)
from msc_desktop.store.services.screening import SCREENING_VISIT, require_allowed_for
from msc_desktop.store.services.work import get_participant, participant_work
from msc_desktop.store.site import SiteStore

TREND_LABS = ("bilirubin", "albumin", "inr", "creatinine", "sodium")


@dataclass(frozen=True)
class VisitRecord:
    """One recorded visit: its date, values (as stored, for editing), scores, and the protocol
    version its form was entered under (and is shown and corrected under)."""

    visit_code: str
    visit_date: date
    values: dict[str, object]
    standard: dict[str, Decimal]
    scores: Scores
    not_done_reason: str | None
    protocol: Protocol = field(repr=False)


@dataclass(frozen=True)
class TrendPoint:
    visit_code: str
    visit_date: date
    value: Decimal
    change_from_baseline: Decimal | None


def _visit(session: Session, participant_id: str, code: str) -> Visit | None:
    return session.scalar(
        select(Visit).where(Visit.participant_id == participant_id, Visit.visit_code == code)
    )


def _record(session: Session, participant: Participant, visit: Visit) -> VisitRecord:
    protocol = session_protocol(session)
    values = raw_values(session, visit, protocol)
    form_id = "screening" if visit.visit_code == SCREENING_VISIT else "visit"
    protocol = protocol_of(session, visit.id)
    known = {
        name: value for name, value in values.items() if name in protocol.form(form_id).field_names
    }
    cleaned = clean_form(form_id, known, today=date.max, protocol=protocol)
    standard: dict[str, Decimal] = {}
    for name, value in cleaned.values.items():
        if isinstance(value, StandardizedLab):
            standard[name] = value.standard_value
        elif isinstance(value, Decimal):
            standard[name] = value
    return VisitRecord(
        visit_code=visit.visit_code,
        visit_date=visit.visit_date,
        values=values,
        standard=standard,
        scores=compute_scores(cleaned.values, participant.sex, protocol),
        not_done_reason=visit.not_done_reason,
        protocol=protocol,
    )


def visit_records(store: SiteStore, participant_id: str) -> list[VisitRecord]:
    """Every recorded visit of a participant, in protocol order (screening first)."""
    with participant_work(store, participant_id, Action.VIEW) as (session, participant):
        visits = session.scalars(select(Visit).where(Visit.participant_id == participant_id)).all()
        records = [_record(session, participant, v) for v in visits]
    return sorted(records, key=lambda record: _visit_day(record.protocol, record.visit_code))


def _visit_day(protocol: Protocol, code: str) -> int:
    """Where a visit falls in the schedule (screening first), whether in effect or retired."""
    retired = {visit.code: visit for visit in protocol.retired_visits}
    visit = retired[code] if code in retired else protocol.visit(code)
    return -1 if visit.day is None else visit.day


def schedule(store: SiteStore, participant_id: str, today: date) -> tuple[ScheduledVisit, ...]:
    """The protocol's visits with target dates, windows and state; empty before day 0."""
    with participant_work(store, participant_id, Action.VIEW) as (session, participant):
        return _schedule(session, participant, today)


def _schedule(
    session: Session, participant: Participant, today: date
) -> tuple[ScheduledVisit, ...]:
    if participant.day0 is None:
        return ()
    visits = session.scalars(select(Visit).where(Visit.participant_id == participant.id)).all()
    recorded = {
        v.visit_code: v.visit_date
        for v in visits
        if v.visit_code != SCREENING_VISIT and not v.not_done_reason
    }
    missed = [v.visit_code for v in visits if v.not_done_reason]
    return visit_schedule(
        participant.day0, recorded, today, missed=missed, protocol=protocol_on(session, today)
    )


def save_visit(
    store: SiteStore,
    participant_id: str,
    values: Mapping[str, object],
    *,
    today: date,
    reason: str | None = None,
    confirm_warnings: bool = False,
    deviation_reason: str | None = None,
) -> VisitRecord:
    """Saves a follow-up visit form (weight, vital signs, labs, ascites, encephalopathy).

    Outside the visit's window it needs `deviation_reason` and records a protocol deviation
    (once per visit date). A new visit is entered under the protocol version in effect `today`;
    a visit already recorded keeps the version it was entered under."""
    with participant_work(store, participant_id, Action.ENTER_DATA, reason=reason) as (
        session,
        participant,
    ):
        require_allowed_for(session, participant, "visit")
        context = form_context(session, participant)
        existing = _visit(session, participant_id, str(values.get("visit_code") or ""))
        protocol = entry_protocol(session, existing.id if existing else None, today)
        cleaned = check_form(
            "visit",
            values,
            today=today,
            context=context,
            confirm_warnings=confirm_warnings,
            protocol=protocol,
        )
        code = str(cleaned.values["visit_code"])
        if code == SCREENING_VISIT:
            raise ValidationError("Screening values are entered on the screening form.")
        visit_date = cleaned.values["visit_date"]
        assert isinstance(visit_date, date)
        if participant.day0 is not None and visit_date < participant.day0:
            raise ValidationError(
                "The visit date {visit_date} is before day 0 ({day0}).",
                visit_date=visit_date,
                day0=participant.day0,
            )
        _record_window_deviation(session, participant, code, visit_date, deviation_reason, protocol)
        visit = _visit(session, participant_id, code)
        if visit is None:
            visit = Visit(
                id=new_id(), participant_id=participant_id, visit_code=code, visit_date=visit_date
            )
            entered_under(session, visit.id, protocol)
            session.add(visit)
            session.flush()
        else:
            visit.visit_date = visit_date
            visit.not_done_reason = None
        entered_under(session, visit.id, protocol)  # a visit only marked missed until now
        save_items(session, visit, "visit", cleaned, protocol=protocol)
        record_confirmed_warnings(session, visit, cleaned)
        return _record(session, participant, visit)


VISIT_DEVIATION = "visit window"


def _record_window_deviation(
    session: Session,
    participant: Participant,
    code: str,
    visit_date: date,
    reason: str | None,
    protocol: Protocol,
) -> None:
    if participant.day0 is None:
        return
    deviation = visit_window(code, participant.day0, protocol).deviation(visit_date)
    if deviation is None:
        return
    recorded = session.scalars(
        select(ProtocolDeviation.description).where(
            ProtocolDeviation.participant_id == participant.id,
            ProtocolDeviation.visit_code == code,
            ProtocolDeviation.category == VISIT_DEVIATION,
        )
    ).all()
    if any(description.startswith(deviation) for description in recorded):
        return
    if not (reason and reason.strip()):
        raise RuleViolation(
            "{deviation} Give the reason; it is recorded as a protocol deviation.",
            deviation=deviation,
        )
    session.add(
        ProtocolDeviation(
            participant_id=participant.id,
            visit_code=code,
            category=VISIT_DEVIATION,
            description=f"{deviation} Reason: {reason.strip()}",
        )
    )


def window_deviation(
    store: SiteStore, participant_id: str, code: str, visit_date: date, *, today: date
) -> Message | None:
    """The deviation a visit on `visit_date` would be (outside its window), for the form to ask
    for its reason before saving; None inside the window or before day 0 is known."""
    with participant_work(store, participant_id, Action.VIEW) as (session, participant):
        existing = _visit(session, participant_id, code)
        protocol = entry_protocol(session, existing.id if existing else None, today)
        if participant.day0 is None or code not in {v.code for v in protocol.scheduled_visits}:
            return None
        return visit_window(code, participant.day0, protocol).deviation(visit_date)


def mark_missed(
    store: SiteStore, participant_id: str, visit_code: str, reason: str, *, today: date
) -> None:
    """Declares a scheduled visit missed, with the reason (it stops showing as overdue)."""
    require(store.user.role, Action.ENTER_DATA)
    if not reason.strip():
        raise ValidationError("Say why the visit was missed.")
    with store.session(reason=reason) as session:
        protocol_on(session, today).visit(visit_code)
        participant = get_participant(session, participant_id)
        require_allowed_for(session, participant, "visit")
        if _visit(session, participant_id, visit_code) is not None:
            raise ValidationError(
                "Visit {visit_code} is already recorded; it cannot be marked missed.",
                visit_code=visit_code,
            )
        session.add(
            Visit(
                participant_id=participant_id,
                visit_code=visit_code,
                visit_date=today,
                not_done_reason=reason.strip(),
            )
        )


def trends(store: SiteStore, participant_id: str) -> dict[str, list[TrendPoint]]:
    """Per measure (labs in standard units, "child_pugh", "meld"), its values over the visits."""
    records = [r for r in visit_records(store, participant_id) if r.not_done_reason is None]
    series: dict[str, list[tuple[VisitRecord, Decimal]]] = {
        name: [] for name in (*TREND_LABS, "child_pugh", "meld")
    }
    for record in records:
        for name in TREND_LABS:
            if name in record.standard:
                series[name].append((record, record.standard[name]))
        if record.scores.child_pugh is not None:
            series["child_pugh"].append((record, Decimal(record.scores.child_pugh.score)))
        if record.scores.meld is not None:
            series["meld"].append((record, Decimal(record.scores.meld)))
    result: dict[str, list[TrendPoint]] = {}
    for name, points in series.items():
        baseline = next(
            (value for record, value in points if record.visit_code == SCREENING_VISIT), None
        )
        result[name] = [
            TrendPoint(
                record.visit_code,
                record.visit_date,
                value,
                None if baseline is None else value - baseline,
            )
            for record, value in points
        ]
    return result
