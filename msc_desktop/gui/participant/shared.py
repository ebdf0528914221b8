"""Small pieces the participant screens share: the tab they build on, the banner style and the
order-of-events snapshot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from msc_desktop.domain.events import ParticipantState
from msc_desktop.store.services.participants import ParticipantDetail, Status
from msc_desktop.store.site import SiteStore

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


class ParticipantTab(QWidget):
    """A tab of the participant page: the store, today's date (`clock`) and the participant shown
    (`detail`, set when one is loaded); `saved` after any change it stores."""

    saved = Signal()

    def __init__(
        self, store: SiteStore, *, clock: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.detail: ParticipantDetail | None = None
