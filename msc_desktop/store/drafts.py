"""Form drafts: input typed but not saved, kept in the encrypted database after a failure.

The GUI's crash handler saves every form with unsaved changes here; after the next sign-in the
same user is offered the drafts back. A draft is per user, form and participant (an empty
participant id for a participant not registered yet). Values are what the form editors hold
(text, codes, {"value", "unit"}), as JSON. Drafts are not audited records (see models.FormDraft).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from msc_desktop.errors import ValidationError
from msc_desktop.store.base import utc_now
from msc_desktop.store.models import FormDraft
from msc_desktop.store.site import SiteStore


@dataclass(frozen=True)
class Draft:
    form_id: str
    participant_id: str
    values: dict[str, object]
    saved_at: datetime


def save_draft(
    store: SiteStore, form_id: str, participant_id: str, values: Mapping[str, object]
) -> None:
    """Keeps (or replaces) the signed-in user's draft of one form."""
    try:
        encoded = json.dumps(dict(values), sort_keys=True)
    except (TypeError, ValueError):
        raise ValidationError("The form's input could not be kept as a draft.") from None
    with store.session() as session:
        draft = session.get(FormDraft, (store.user.user_id, form_id, participant_id))
        if draft is None:
            session.add(
                FormDraft(
                    user_id=store.user.user_id,
                    form_id=form_id,
                    participant_id=participant_id,
                    values_json=encoded,
                    saved_at=utc_now(),
                )
            )
        else:
            draft.values_json = encoded
            draft.saved_at = utc_now()


def drafts_of_user(store: SiteStore) -> list[Draft]:
    """The signed-in user's drafts, oldest first."""
    with store.session() as session:
        rows = session.scalars(
            select(FormDraft)
            .where(FormDraft.user_id == store.user.user_id)
            .order_by(FormDraft.saved_at)
        ).all()
        return [
            Draft(r.form_id, r.participant_id, json.loads(r.values_json), r.saved_at) for r in rows
        ]


def discard_draft(store: SiteStore, form_id: str, participant_id: str) -> None:
    with store.session() as session:
        session.execute(
            delete(FormDraft).where(
                FormDraft.user_id == store.user.user_id,
                FormDraft.form_id == form_id,
                FormDraft.participant_id == participant_id,
            )
        )
