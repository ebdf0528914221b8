"""Adverse events: record, follow up, assess causality (signed), and the SAE reporting clock.

Seriousness follows ICH E2A and grade 5 implies outcome FATAL and seriousness "death"
(msc_desktop.domain.adverse_events, enforced by the adverse_event form's rules). A serious AE must
reach the coordinating centre within 24 hours of the site becoming aware: `sae_queue` lists open
SAEs with overdue ones first. An SAE counts as reported once it is marked reported, or once a
receipt of the centre covers the record of it (`acknowledge_saes`, called on every receipt); it
stays in the open-SAE list until its follow-up gives a final outcome (recovered, recovered with
sequelae, fatal). Follow-up changes keep their history in the audit trail and need a reason.

Clinical times ("aware at", reported at) are the site's clock times as the nurse reads them off
the clinic's clock, stored with their UTC offset (domain/clinic_time.py); the SAE clock compares
them with the site's time now. (The audit trail's own timestamps are UTC.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from msc_desktop.domain.adverse_events import (
    SaeClock,
    is_serious,
    review_order,
    sae_clock,
    seriousness_criteria,
)
from msc_desktop.domain.clinic_time import clinic_moment, clinic_zone, clock_text, fixed_offset
from msc_desktop.errors import RuleViolation, ValidationError
from msc_desktop.messages import Message
from msc_desktop.store.base import new_id
from msc_desktop.store.models import AdverseEvent, AuditLog, Participant
from msc_desktop.store.protocols import entered_under, protocol_of, protocol_on, session_protocol
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.form_values import check_form, record_confirmed_warnings
from msc_desktop.store.services.participants import (
    form_context,
)
from msc_desktop.store.services.screening import require_allowed_for
from msc_desktop.store.services.signatures import (
    Meaning,
    SignatureView,
    sign,
    signatures_of,
    view,
    void_changed_signatures,
)
from msc_desktop.store.services.work import get_participant, participant_work
from msc_desktop.store.site import SiteStore


@dataclass(frozen=True)
class AdverseEventView:
    id: str
    participant_id: str
    subject_id: str
    ae_number: int
    term: str
    onset_date: date
    end_date: date | None
    grade: int
    serious: bool
    seriousness: tuple[str, ...]
    relationship: str | None
    expected: str
    action_taken: str | None
    outcome: str | None
    aware_at: datetime
    reported_at: datetime | None
    description: str | None
    clock: SaeClock | None
    signatures: tuple[SignatureView, ...]

    def form_values(self) -> dict[str, object]:
        """The adverse_event form's values, to edit this AE."""
        values: dict[str, object] = {
            "term": self.term,
            "description": self.description,
            "onset_date": self.onset_date.isoformat(),
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "aware_at": clock_text(self.aware_at),
            "grade": str(self.grade),
            "relationship": self.relationship,
            "expected": self.expected,
            "action_taken": self.action_taken,
            "outcome": self.outcome,
        }
        for field in (
            "serious_death",
            "serious_life_threatening",
            "serious_hospitalisation",
            "serious_disability",
            "serious_congenital_anomaly",
            "serious_other_medical_event",
        ):
            values[field] = "Y" if field in self.seriousness else "N"
        return values


def _now() -> datetime:
    """Now on the site's clock, with its offset: the frame every clinical time of an AE is in."""
    return datetime.now(clinic_zone()).replace(microsecond=0)


def _view(
    session: Session, participant: Participant, ae: AdverseEvent, now: datetime
) -> AdverseEventView:
    return AdverseEventView(
        id=ae.id,
        participant_id=participant.id,
        subject_id=participant.subject_id,
        ae_number=ae.ae_number,
        term=ae.term,
        onset_date=ae.onset_date,
        end_date=ae.end_date,
        grade=ae.grade,
        serious=ae.serious,
        seriousness=tuple(filter(None, (ae.seriousness or "").split(","))),
        relationship=ae.relationship_to_msc,
        expected={True: "Y", False: "N", None: "U"}[ae.expected],
        action_taken=ae.action_taken,
        outcome=ae.outcome,
        aware_at=ae.aware_at,
        reported_at=ae.reported_at,
        description=ae.description,
        clock=sae_clock(ae.id, ae.aware_at, ae.reported_at, now, session_protocol(session))
        if ae.serious
        else None,
        signatures=tuple(view(s) for s in signatures_of(session, ae) if s.voided_at is None),
    )


def _apply(ae: AdverseEvent, data: Mapping[str, object]) -> None:
    ae.term = str(data["term"])
    description = data.get("description")
    ae.description = str(description) if description else None
    ae.onset_date = data["onset_date"]  # type: ignore[assignment]
    ae.end_date = data.get("end_date")  # type: ignore[assignment]
    ae.grade = int(str(data["grade"]))
    ae.serious = is_serious(data)
    ae.seriousness = ",".join(seriousness_criteria(data)) or None
    ae.relationship_to_msc = str(data["relationship"])
    ae.expected = {"Y": True, "N": False}.get(str(data["expected"]))
    ae.action_taken = str(data["action_taken"])
    ae.outcome = str(data["outcome"])
    aware = data["aware_at"]
    assert isinstance(aware, datetime)
    ae.aware_at = fixed_offset(aware)


def record_adverse_event(
    store: SiteStore,
    participant_id: str,
    values: Mapping[str, object],
    *,
    today: date,
    infusion_id: str | None = None,
    confirm_warnings: bool = False,
) -> AdverseEventView:
    """Records a new AE; returns it with its SAE deadline when serious."""
    with participant_work(store, participant_id, Action.ENTER_DATA) as (session, participant):
        require_allowed_for(session, participant, "adverse_event")
        context = form_context(session, participant)
        protocol = protocol_on(session, today)
        cleaned = check_form(
            "adverse_event",
            values,
            today=today,
            context=context,
            confirm_warnings=confirm_warnings,
            protocol=protocol,
        )
        number = (
            session.scalar(
                select(func.max(AdverseEvent.ae_number)).where(
                    AdverseEvent.participant_id == participant_id
                )
            )
            or 0
        ) + 1
        ae = AdverseEvent(
            id=new_id(), participant_id=participant_id, ae_number=number, infusion_id=infusion_id
        )
        _apply(ae, cleaned.values)
        entered_under(session, ae.id, protocol)
        session.add(ae)
        session.flush()
        record_confirmed_warnings(session, ae, cleaned)
        return _view(session, participant, ae, _now())


def _ae(session: Session, participant_id: str, ae_number: int) -> AdverseEvent:
    ae = session.scalar(
        select(AdverseEvent).where(
            AdverseEvent.participant_id == participant_id, AdverseEvent.ae_number == ae_number
        )
    )
    if ae is None:
        raise ValidationError(
            "There is no adverse event number {ae_number} for this participant.",
            ae_number=ae_number,
        )
    return ae


def update_adverse_event(
    store: SiteStore,
    participant_id: str,
    ae_number: int,
    values: Mapping[str, object],
    *,
    today: date,
    reason: str,
    confirm_warnings: bool = False,
) -> AdverseEventView:
    """A follow-up update (outcome, end date, grade...); the history stays in the audit trail."""
    with participant_work(
        store,
        participant_id,
        Action.ENTER_DATA,
        reason=reason,
        reason_missing=Message("Give the reason for this follow-up change."),
    ) as (session, participant):
        context = form_context(session, participant)
        ae = _ae(session, participant_id, ae_number)
        cleaned = check_form(
            "adverse_event",
            values,
            today=today,
            context=context,
            confirm_warnings=confirm_warnings,
            protocol=protocol_of(session, ae.id),
        )
        _apply(ae, cleaned.values)
        session.flush()
        void_changed_signatures(session, ae, reason.strip())
        record_confirmed_warnings(session, ae, cleaned)
        return _view(session, participant, ae, _now())


def assess_causality(
    store: SiteStore, participant_id: str, ae_number: int, relationship: str, password: str
) -> AdverseEventView:
    """The investigator states the relationship to MSC and signs the assessment."""
    require(store.user.role, Action.ASSESS_CAUSALITY)
    signer = store.verify_credentials(store.user.user_id, password)
    with store.session(reason="causality assessed by the investigator") as session:
        participant = get_participant(session, participant_id)
        ae = _ae(session, participant_id, ae_number)
        field = store.protocol.form("adverse_event").field("relationship")
        if relationship not in field.choice_codes:
            raise ValidationError(
                "Relationship must be one of: {choices}.", choices=", ".join(field.choice_codes)
            )
        ae.relationship_to_msc = relationship
        session.flush()
        sign(session, ae, Meaning.AE_CAUSALITY, participant_id=participant_id, signer=signer)
        return _view(session, participant, ae, _now())


def mark_reported(
    store: SiteStore, participant_id: str, ae_number: int, reported_at: datetime | None = None
) -> AdverseEventView:
    """Marks an SAE as reported to the coordinating centre (by phone, fax, or export)."""
    with participant_work(
        store, participant_id, Action.ENTER_DATA, reason="SAE reported to the coordinating centre"
    ) as (session, participant):
        ae = _ae(session, participant_id, ae_number)
        if not ae.serious:
            raise RuleViolation("Only serious adverse events have a reporting deadline.")
        if ae.reported_at is None:
            ae.reported_at = fixed_offset(reported_at or _now())
        return _view(session, participant, ae, _now())


def adverse_events_of(store: SiteStore, participant_id: str) -> list[AdverseEventView]:
    require(store.user.role, Action.VIEW)
    now = _now()
    with store.session() as session:
        participant = get_participant(session, participant_id)
        events = session.scalars(
            select(AdverseEvent)
            .where(AdverseEvent.participant_id == participant_id)
            .order_by(AdverseEvent.ae_number)
        ).all()
        return [_view(session, participant, ae, now) for ae in events]


#: Outcomes that close an SAE's follow-up (CDISC OUT).
FINAL_OUTCOMES = ("RECOVERED/RESOLVED", "RECOVERED/RESOLVED WITH SEQUELAE", "FATAL")


def sae_queue(store: SiteStore, now: datetime | None = None) -> list[AdverseEventView]:
    """Every open SAE: not yet reported (overdue first, then by deadline; DESIGN section 7), then
    the reported ones whose follow-up has no final outcome yet."""
    require(store.user.role, Action.VIEW)
    moment = clinic_moment(now) if now is not None else _now()
    with store.session() as session:
        rows = session.execute(
            select(AdverseEvent, Participant)
            .join(Participant, Participant.id == AdverseEvent.participant_id)
            .where(
                AdverseEvent.serious.is_(True),
                or_(
                    AdverseEvent.reported_at.is_(None),
                    AdverseEvent.outcome.is_(None),
                    AdverseEvent.outcome.not_in(FINAL_OUTCOMES),
                ),
            )
        ).all()
        views = {ae.id: _view(session, participant, ae, moment) for ae, participant in rows}
    ordered = review_order(v.clock for v in views.values() if v.clock is not None)
    return [views[clock.ae_id] for clock in ordered]


def acknowledge_saes(session: Session, contiguous_seq: int, received_at: datetime) -> int:
    """Marks reported every SAE whose record the centre holds (its first audit row is covered by a
    receipt up to `contiguous_seq`); `received_at` is the receipt's time on the clinic's clock.
    Returns how many were marked."""
    first_rows = (
        select(AuditLog.record_id, func.min(AuditLog.seq).label("first_seq"))
        .where(AuditLog.table_name == "adverse_event")
        .group_by(AuditLog.record_id)
        .subquery()
    )
    covered = session.scalars(
        select(AdverseEvent)
        .join(first_rows, first_rows.c.record_id == AdverseEvent.id)
        .where(
            AdverseEvent.serious.is_(True),
            AdverseEvent.reported_at.is_(None),
            first_rows.c.first_seq <= contiguous_seq,
        )
    ).all()
    if covered:
        session.flush()
        session.info["reason"] = "SAE acknowledged by the coordinating centre's receipt"
    for ae in covered:
        ae.reported_at = fixed_offset(received_at)
    return len(covered)
