"""Small pieces the follow-up screens share: the banner style and the order-of-events snapshot."""

from __future__ import annotations

from msc_desktop.domain.events import ParticipantState
from msc_desktop.store.services.participants import ParticipantDetail, Status

BANNER_STYLE = "background: #fff4d6; padding: 8px; border: 1px solid #e0c070;"
ENDED = (Status.COMPLETED, Status.DISCONTINUED, Status.SCREEN_FAILED)


def participant_state(detail: ParticipantDetail) -> ParticipantState:
    """The order-of-events snapshot the follow-up screens need (arm, consent, end of study)."""
    return ParticipantState(
        consent_recorded=detail.consent is not None,
        arm=detail.arm,  # type: ignore[arg-type]
        study_ended=detail.status in ENDED,
    )


def consent_context(detail: ParticipantDetail | None) -> dict[str, object]:
    """What the forms' rules and conditions refer to: the consent date, sex and arm (as the
    services' `form_context`)."""
    if detail is None:
        return {}
    context: dict[str, object] = {
        "registration.date_of_birth": detail.date_of_birth,
        "registration.sex": detail.sex,
        "participant.arm": detail.arm,
    }
    if detail.consent is not None:
        context["consent.consent_date"] = detail.consent["consent_date"]
    return context
