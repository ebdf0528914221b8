"""Corrections of saved registration and consent data, with a reason for every change.

Every change is audited with its reason (store/audit.py). A corrected date of birth or consent
date changes the age at consent, on which eligibility depends: the investigator's eligibility
signature is then voided and the participant's status follows the new verdict. A randomized
participant's date of birth is not corrected here (it would move the randomization stratum's basis;
the coordinating centre's query process handles it).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

from msc_desktop.errors import RuleViolation
from msc_desktop.messages import Message
from msc_desktop.store.base import utc_now
from msc_desktop.store.models import Participant, ParticipantIdentity
from msc_desktop.store.protocols import protocol_of
from msc_desktop.store.roles import Action
from msc_desktop.store.services.form_values import check_form, record_confirmed_warnings
from msc_desktop.store.services.participants import (
    checked_initials,
    consent_moment,
    consent_of,
    form_context,
    free_screening_number,
    optional_text,
)
from msc_desktop.store.services.screening import screening_visit, update_status_from_verdict
from msc_desktop.store.services.signatures import Meaning, signatures_of
from msc_desktop.store.services.work import participant_work
from msc_desktop.store.site import SiteStore


def update_registration(
    store: SiteStore,
    participant_id: str,
    values: Mapping[str, object],
    *,
    today: date,
    reason: str,
    confirm_warnings: bool = False,
) -> None:
    """Corrects saved registration data; the reason goes into the audit trail with each change.

    A changed date of birth can change the age criterion, so the screening's eligibility signature
    is voided when the signed content no longer matches (signatures bind the screening record and
    the date of birth the verdict was computed from).
    """
    with participant_work(
        store,
        participant_id,
        Action.ENTER_DATA,
        reason=reason,
        reason_missing=Message("Give the reason for changing saved registration data."),
    ) as (session, participant):
        cleaned = check_form(
            "registration",
            values,
            today=today,
            confirm_warnings=confirm_warnings,
            protocol=protocol_of(session, participant_id),
        )
        data = cleaned.values
        screening_number = free_screening_number(
            session, data["screening_number"], owner=participant_id
        )
        initials = checked_initials(data["initials"])
        date_of_birth = data["date_of_birth"]
        assert isinstance(date_of_birth, date)
        if participant.arm is not None and date_of_birth != participant.date_of_birth:
            raise RuleViolation(
                "The date of birth of a randomized participant is corrected through the "
                "coordinating centre's query process."
            )
        inputs_changed = date_of_birth != participant.date_of_birth
        participant.screening_number = screening_number
        participant.initials = initials
        participant.sex = str(data["sex"])
        participant.date_of_birth = date_of_birth
        participant.registration_date = data["registration_date"]  # type: ignore[assignment]
        identity = participant.identity
        if identity is None:
            identity = ParticipantIdentity(
                participant_id=participant_id, full_name=str(data["full_name"])
            )
            session.add(identity)
        identity.full_name = str(data["full_name"])
        identity.phone = optional_text(data.get("phone"))
        identity.address = optional_text(data.get("address"))
        record_confirmed_warnings(session, participant, cleaned)
        _revalidate_eligibility(session, participant, reason.strip(), inputs_changed=inputs_changed)


def update_consent(
    store: SiteStore,
    participant_id: str,
    values: Mapping[str, object],
    *,
    today: date,
    reason: str,
    confirm_warnings: bool = False,
) -> None:
    """Corrects saved consent data (with a reason); written consent stays required."""
    with participant_work(
        store,
        participant_id,
        Action.ENTER_DATA,
        reason=reason,
        reason_missing=Message("Give the reason for changing saved consent data."),
    ) as (session, participant):
        consent = consent_of(session, participant_id)
        if consent is None:
            raise RuleViolation(
                "No consent is recorded for {subject_id} yet; record it first.",
                subject_id=participant.subject_id,
            )
        cleaned = check_form(
            "consent",
            values,
            today=today,
            context=form_context(session, participant),
            confirm_warnings=confirm_warnings,
            protocol=protocol_of(session, consent.id),
        )
        data = cleaned.values
        if data["written_consent"] != "Y":
            raise RuleViolation(
                "Written consent cannot be removed here; record a withdrawal of consent as end of "
                "study."
            )
        consent_date, consent_time = consent_moment(data, participant)
        inputs_changed = consent_date != consent.consent_date
        consent.consent_date = consent_date
        consent.consent_time = consent_time
        consent.consent_version = str(data["consent_version"])
        consent.copy_given = data["copy_given"] == "Y"
        consent.obtained_by = str(data["obtained_by"])
        consent.witness_name = optional_text(data.get("witness_name"))
        record_confirmed_warnings(session, consent, cleaned)
        _revalidate_eligibility(session, participant, reason.strip(), inputs_changed=inputs_changed)


def _revalidate_eligibility(
    session: Session, participant: Participant, reason: str, *, inputs_changed: bool
) -> None:
    """After a correction of data the verdict depends on (date of birth, consent date: the age at
    consent), void the eligibility signature and bring the status in line with the new verdict."""
    visit = screening_visit(session, participant.id)
    if visit is None or not inputs_changed:
        return
    for signature in signatures_of(session, visit):
        if signature.meaning == Meaning.ELIGIBILITY.name and signature.voided_at is None:
            signature.voided_at = utc_now()
            signature.void_reason = f"date of birth or consent date corrected: {reason}"
    update_status_from_verdict(session, participant, reason)
