"""Screening: save the screening form, compute the scores, decide eligibility, sign it.

The screening form's values live on the participant's `SCR` visit. Saving may be partial (labs
often arrive later): fields left empty are simply not yet answered, while every value given must
be valid. After each save the eligibility verdict sets the participant's status (eligible, screen
failed, or still screening). Changing screened data that an investigator signed voids the
signature and needs a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import reduce

from sqlalchemy import select
from sqlalchemy.orm import Session

from msc_desktop.domain.eligibility import (
    EligibilityResult,
    Verdict,
    evaluate_eligibility,
)
from msc_desktop.domain.endpoint import Scores, compute_scores
from msc_desktop.domain.events import Action as EventAction
from msc_desktop.domain.events import ParticipantState, blocking_reasons, require_allowed
from msc_desktop.domain.forms import clean_form
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message
from msc_desktop.store.base import new_id
from msc_desktop.store.models import Participant, Visit
from msc_desktop.store.protocols import entered_under, entry_protocol, protocol_of, session_protocol
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.form_values import (
    check_partial_form,
    raw_values,
    record_confirmed_warnings,
    save_items,
)
from msc_desktop.store.services.participants import (
    Status,
    consent_of,
    end_of_study,
    form_context,
)
from msc_desktop.store.services.signatures import (
    Meaning,
    SignatureView,
    sign,
    valid_signature,
    view,
    void_changed_signatures,
)
from msc_desktop.store.services.work import get_participant, participant_work
from msc_desktop.store.site import SiteStore

SCREENING_VISIT = "SCR"


@dataclass(frozen=True)
class ScreeningState:
    """Everything the screening screen shows: stored values, scores, verdict, signature."""

    values: dict[str, object]
    scores: Scores
    eligibility: EligibilityResult
    signature: SignatureView | None
    status: Status
    can_randomize: bool
    randomize_blocked_because: str | None


def screening_visit(session: Session, participant_id: str) -> Visit | None:
    return session.scalar(
        select(Visit).where(
            Visit.participant_id == participant_id, Visit.visit_code == SCREENING_VISIT
        )
    )


def save_screening(
    store: SiteStore,
    participant_id: str,
    values: Mapping[str, object],
    *,
    today: date,
    reason: str | None = None,
    confirm_warnings: bool = False,
) -> ScreeningState:
    """Saves (part of) the screening form. Every value given must be valid; empty ones may wait."""
    with participant_work(store, participant_id, Action.ENTER_DATA, reason=reason) as (
        session,
        participant,
    ):
        require_allowed_for(session, participant, "screening")
        if participant.status == Status.RANDOMIZED.value and not reason:
            raise ValidationError(
                "This participant is randomized; give a reason to correct screening data."
            )
        visit = screening_visit(session, participant_id)
        protocol = entry_protocol(session, visit.id if visit else None, today)
        cleaned = check_partial_form(
            "screening",
            values,
            today=today,
            context=form_context(session, participant),
            confirm_warnings=confirm_warnings,
            protocol=protocol,
        )
        screening_date = cleaned.values.get("screening_date")
        if visit is None:
            visit = Visit(
                id=new_id(),
                participant_id=participant_id,
                visit_code=SCREENING_VISIT,
                visit_date=screening_date if isinstance(screening_date, date) else today,
            )
            entered_under(session, visit.id, protocol)
            session.add(visit)
            session.flush()
        elif isinstance(screening_date, date) and visit.visit_date != screening_date:
            visit.visit_date = screening_date
        changed = save_items(session, visit, "screening", cleaned, protocol=protocol)
        if changed:
            voided = void_changed_signatures(session, visit, reason or "screening data changed")
            if voided and not reason:
                raise ValidationError(
                    "The investigator signed this eligibility; give a reason for the change (the "
                    "signature will be voided)."
                )
        record_confirmed_warnings(session, visit, cleaned)
        update_status_from_verdict(session, participant, reason)
        return _state(session, participant)


def update_status_from_verdict(
    session: Session, participant: Participant, reason: str | None
) -> None:
    """Before randomization the status follows the eligibility verdict (screening, failed,
    eligible)."""
    if participant.status not in (
        Status.CONSENTED.value,
        Status.ELIGIBLE.value,
        Status.SCREEN_FAILED.value,
    ):
        return
    verdict = _state(session, participant).eligibility.verdict
    new_status = {
        "eligible": Status.ELIGIBLE,
        "not_eligible": Status.SCREEN_FAILED,
        "incomplete": Status.CONSENTED,
    }[verdict]
    if participant.status != new_status.value:
        session.info["reason"] = reason or f"eligibility verdict: {verdict}"
        participant.status = new_status.value


def screening_state(
    store: SiteStore, participant_id: str, *, today: date | None = None
) -> ScreeningState:
    """The screening values, scores and verdict; `today` (the day randomization would happen)
    bounds the age of the labs for a participant not yet randomized."""
    require(store.user.role, Action.VIEW)
    with store.session() as session:
        return _state(session, get_participant(session, participant_id), today)


def _evaluate(
    session: Session, participant: Participant, today: date | None = None
) -> tuple[Visit | None, dict[str, object], EligibilityResult, Scores]:
    visit = screening_visit(session, participant.id)
    protocol = protocol_of(session, visit.id) if visit is not None else session_protocol(session)
    values = raw_values(session, visit, protocol) if visit is not None else {}
    consent = consent_of(session, participant.id)
    cleaned = clean_form(
        "screening",
        values,
        today=date.max,
        context=form_context(session, participant),
        protocol=protocol,
    )
    eligibility = evaluate_eligibility(
        cleaned.values,
        date_of_birth=participant.date_of_birth,
        consent_date=consent.consent_date if consent else None,
        written_consent=consent.written_consent if consent else None,
        unanswered=cleaned.missing,
        not_applicable=cleaned.not_applicable,
        randomization_date=participant.day0 if participant.arm is not None else today,
        protocol=protocol,
    )
    return visit, values, eligibility, compute_scores(cleaned.values, participant.sex, protocol)


def eligibility_of(session: Session, participant: Participant) -> tuple[Verdict | None, bool]:
    """The eligibility verdict (None before any screening data) and whether it is signed."""
    visit, _values, eligibility, _scores = _evaluate(session, participant)
    if visit is None:
        return None, False
    return eligibility.verdict, valid_signature(session, visit, Meaning.ELIGIBILITY) is not None


def require_allowed_for(session: Session, participant: Participant, action: EventAction) -> None:
    """The order of events (msc_desktop.domain.events) for `action` on this participant."""
    verdict, signed = eligibility_of(session, participant)
    state = ParticipantState(
        consent_recorded=consent_of(session, participant.id) is not None,
        eligibility=verdict,
        eligibility_signed=signed,
        arm=participant.arm,  # type: ignore[arg-type]
        study_ended=end_of_study(session, participant.id) is not None,
    )
    require_allowed(action, state, session_protocol(session))


def _state(session: Session, participant: Participant, today: date | None = None) -> ScreeningState:
    visit, values, eligibility, scores = _evaluate(session, participant, today)
    signature = valid_signature(session, visit, Meaning.ELIGIBILITY) if visit is not None else None
    events_state = ParticipantState(
        consent_recorded=consent_of(session, participant.id) is not None,
        eligibility=eligibility.verdict if visit is not None else None,
        eligibility_signed=signature is not None,
        arm=participant.arm,  # type: ignore[arg-type]
        study_ended=end_of_study(session, participant.id) is not None,
    )
    blockers = blocking_reasons("randomize", events_state, session_protocol(session))
    blocked_because: str | None = blockers[0] if blockers else None
    if blocked_because is not None and eligibility.verdict == "incomplete" and eligibility.missing:
        blocked_because = Message(
            "{reason} Still missing: {missing}",
            reason=blocked_because,
            missing=reduce(
                lambda first, second: Message("{first} {second}", first=first, second=second),
                [outcome.reason for outcome in eligibility.missing],
            ),
        )
    return ScreeningState(
        values=values,
        scores=scores,
        eligibility=eligibility,
        signature=view(signature) if signature else None,
        status=Status(participant.status),
        can_randomize=not blockers,
        randomize_blocked_because=blocked_because,
    )


def sign_eligibility(store: SiteStore, participant_id: str, password: str) -> SignatureView:
    """The signed-in investigator signs "I confirm this participant's eligibility".

    A complete decision can be signed either way: a signed "not eligible" confirms a screen failure.
    """
    require(store.user.role, Action.SIGN_ELIGIBILITY)
    signer = store.verify_credentials(store.user.user_id, password)
    with store.session() as session:
        participant = get_participant(session, participant_id)
        require_allowed_for(session, participant, "sign_eligibility")
        visit = screening_visit(session, participant_id)
        assert visit is not None  # a complete verdict needs screening values
        signature = sign(
            session, visit, Meaning.ELIGIBILITY, participant_id=participant_id, signer=signer
        )
        return view(signature)
