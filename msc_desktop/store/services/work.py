"""The start every service that acts on one participant shares (issue 21 item 3).

`participant_work` checks that the signed-in role may do the action, that a change which needs a
reason has one, opens the one transaction the service runs in (`SiteStore.session`: commits on
success, rolls back on any error) and finds the participant, in that order, so that a refusal
never opens the database and a missing participant never half-writes anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message
from msc_desktop.store.models import Participant
from msc_desktop.store.roles import Action, require
from msc_desktop.store.site import SiteStore


def get_participant(session: Session, participant_id: str) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None:
        raise ValidationError("That participant does not exist at this site.")
    return participant


@contextmanager
def participant_work(
    store: SiteStore,
    participant_id: str,
    action: Action,
    *,
    reason: str | None = None,
    reason_missing: Message | None = None,
) -> Iterator[tuple[Session, Participant]]:
    """One unit of work on one participant as the signed-in user.

    `reason` is recorded on every audit row the work writes; with `reason_missing`, the reason is
    required and a blank one is refused with that sentence."""
    require(store.user.role, action)
    if reason_missing is not None:
        if reason is None or not reason.strip():
            raise ValidationError(reason_missing)
        reason = reason.strip()
    with store.session(reason=reason) as session:
        yield session, get_participant(session, participant_id)
