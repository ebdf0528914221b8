"""Registering participants, recording consent, and reading a participant's state.

Subject ids are `<site id>-NNNN`, given at registration in order; the screening number is the
site's own and kept separately. Names and contact details go to `ParticipantIdentity` (site-only).
Nothing but registration may be entered before consent is recorded (DESIGN section 7).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from msc_desktop.errors import RuleViolation, ValidationError
from msc_desktop.store.base import new_id
from msc_desktop.store.models import Consent, Disposition, Participant, ParticipantIdentity
from msc_desktop.store.protocols import entered_under, protocol_on
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.form_values import check_form, record_confirmed_warnings
from msc_desktop.store.services.work import participant_work
from msc_desktop.store.site import SiteStore

CONSENT_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class Status(str, Enum):
    """Where a participant stands; kept on the participant row so lists need no recomputation."""

    REGISTERED = "registered"
    CONSENTED = "consented"
    SCREEN_FAILED = "screen failed"
    ELIGIBLE = "eligible"
    RANDOMIZED = "randomized"
    COMPLETED = "completed"
    DISCONTINUED = "discontinued"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class ParticipantRef:
    id: str
    subject_id: str
    screening_number: str


def find_by_subject_id(store: SiteStore, subject_id: str) -> ParticipantRef:
    with store.session() as session:
        participant = participant_by_subject(session, subject_id)
        return ParticipantRef(participant.id, participant.subject_id, participant.screening_number)


def participant_by_subject(session: Session, subject_id: str) -> Participant:
    """The participant with `subject_id` (as typed, spaces around it ignored) in this
    transaction."""
    participant = session.scalar(
        select(Participant).where(Participant.subject_id == subject_id.strip())
    )
    if participant is None:
        raise ValidationError(
            "There is no participant {subject_id} at this site.", subject_id=subject_id
        )
    return participant


def register_participant(
    store: SiteStore,
    values: Mapping[str, object],
    *,
    today: date,
    confirm_warnings: bool = False,
) -> ParticipantRef:
    """Registers a participant from the registration form; returns the new subject id."""
    require(store.user.role, Action.ENTER_DATA)
    with store.session() as session:
        protocol = protocol_on(session, today)
        cleaned = check_form(
            "registration",
            values,
            today=today,
            confirm_warnings=confirm_warnings,
            protocol=protocol,
        )
        data = cleaned.values
        initials = checked_initials(data["initials"])
        screening_number = free_screening_number(session, data["screening_number"])
        participant = Participant(
            id=new_id(),
            subject_id=next_subject_id(session, store.site_id),
            screening_number=screening_number,
            initials=initials,
            sex=str(data["sex"]),
            date_of_birth=data["date_of_birth"],
            registration_date=data["registration_date"],
            status=Status.REGISTERED.value,
        )
        entered_under(session, participant.id, protocol)
        session.add(participant)
        session.flush()
        session.add(
            ParticipantIdentity(
                participant_id=participant.id,
                full_name=str(data["full_name"]),
                phone=optional_text(data.get("phone")),
                address=optional_text(data.get("address")),
            )
        )
        record_confirmed_warnings(session, participant, cleaned)
        return ParticipantRef(participant.id, participant.subject_id, participant.screening_number)


def next_subject_id(session: Session, site_id: str) -> str:
    count = session.scalar(select(func.count()).select_from(Participant)) or 0
    return f"{site_id}-{count + 1:04d}"


def record_consent(
    store: SiteStore,
    participant_id: str,
    values: Mapping[str, object],
    *,
    today: date,
    confirm_warnings: bool = False,
) -> None:
    """Records informed consent; written consent must be 'yes' (no consent, no study data)."""
    with participant_work(store, participant_id, Action.ENTER_DATA) as (session, participant):
        if session.scalar(select(Consent.id).where(Consent.participant_id == participant_id)):
            raise RuleViolation(
                "Consent is already recorded for {subject_id}; edit it instead.",
                subject_id=participant.subject_id,
            )
        context = {"registration.date_of_birth": participant.date_of_birth}
        protocol = protocol_on(session, today)
        cleaned = check_form(
            "consent",
            values,
            today=today,
            context=context,
            confirm_warnings=confirm_warnings,
            protocol=protocol,
        )
        data = cleaned.values
        if data["written_consent"] != "Y":
            raise RuleViolation(
                "Without written consent nothing can be recorded for this participant."
            )
        consent_date, consent_time = consent_moment(data, participant)
        consent = Consent(
            id=new_id(),
            participant_id=participant_id,
            consent_date=consent_date,
            consent_time=consent_time,
            consent_version=str(data["consent_version"]),
            written_consent=True,
            copy_given=data["copy_given"] == "Y",
            obtained_by=str(data["obtained_by"]),
            witness_name=optional_text(data.get("witness_name")),
        )
        entered_under(session, consent.id, protocol)
        session.add(consent)
        session.flush()
        session.info["reason"] = "consent recorded"
        participant.status = Status.CONSENTED.value
        record_confirmed_warnings(session, consent, cleaned)


def checked_initials(text: object) -> str:
    """The participant's initials, upper case: letters only."""
    initials = str(text).upper()
    if not initials.isalpha():
        raise ValidationError("Initials are letters only, e.g. WL.")
    return initials


def free_screening_number(session: Session, number: object, *, owner: str | None = None) -> str:
    """The screening number, refused when a participant other than `owner` has it."""
    screening_number = str(number)
    query = select(Participant.id).where(Participant.screening_number == screening_number)
    if owner is not None:
        query = query.where(Participant.id != owner)
    if session.scalar(query) is not None:
        raise ValidationError(
            "Screening number {screening_number} is already registered.",
            screening_number=screening_number,
        )
    return screening_number


def consent_moment(data: Mapping[str, object], participant: Participant) -> tuple[date, str]:
    """The consent form's date and time (HH:MM, 24 h), checked; not before the registration."""
    consent_time = str(data["consent_time"])
    if not CONSENT_TIME.match(consent_time):
        raise ValidationError(
            "Time consent signed must be HH:MM (24 h), e.g. 09:45; {entered!r} was entered.",
            entered=consent_time,
        )
    consent_date = data["consent_date"]
    assert isinstance(consent_date, date)
    if consent_date < participant.registration_date:
        raise ValidationError("Date consent signed cannot be before the registration date.")
    return consent_date, consent_time


def consent_of(session: Session, participant_id: str) -> Consent | None:
    return session.scalar(select(Consent).where(Consent.participant_id == participant_id))


def form_context(session: Session, participant: Participant) -> dict[str, object]:
    """Values of other forms that a form's rules and conditions refer to
    ("registration.date_of_birth", "registration.sex", "participant.arm"...)."""
    context: dict[str, object] = {
        "registration.date_of_birth": participant.date_of_birth,
        "registration.sex": participant.sex,
        "participant.arm": participant.arm,
    }
    consent = consent_of(session, participant.id)
    if consent is not None:
        context["consent.consent_date"] = consent.consent_date
    return context


def end_of_study(session: Session, participant_id: str) -> Disposition | None:
    return session.scalar(select(Disposition).where(Disposition.participant_id == participant_id))


def optional_text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


@dataclass(frozen=True)
class ParticipantDetail:
    """A participant's registration and consent as form values (what the forms show to edit)."""

    ref: ParticipantRef
    sex: str
    date_of_birth: date
    status: Status
    arm: str | None
    day0: date | None
    registration: dict[str, object]
    consent: dict[str, object] | None


def participant_detail(store: SiteStore, participant_id: str) -> ParticipantDetail:
    with participant_work(store, participant_id, Action.VIEW) as (session, participant):
        identity = participant.identity
        registration: dict[str, object] = {
            "screening_number": participant.screening_number,
            "initials": participant.initials,
            "full_name": identity.full_name if identity else None,
            "phone": identity.phone if identity else None,
            "address": identity.address if identity else None,
            "sex": participant.sex,
            "date_of_birth": participant.date_of_birth.isoformat(),
            "registration_date": participant.registration_date.isoformat(),
        }
        consent = consent_of(session, participant_id)
        consent_values: dict[str, object] | None = None
        if consent is not None:
            consent_values = {
                "consent_date": consent.consent_date.isoformat(),
                "consent_time": consent.consent_time,
                "consent_version": consent.consent_version,
                "written_consent": "Y" if consent.written_consent else "N",
                "copy_given": "Y" if consent.copy_given else "N",
                "obtained_by": consent.obtained_by,
                "witness_name": consent.witness_name,
            }
        return ParticipantDetail(
            ref=ParticipantRef(
                participant.id, participant.subject_id, participant.screening_number
            ),
            sex=participant.sex,
            date_of_birth=participant.date_of_birth,
            status=Status(participant.status),
            arm=participant.arm,
            day0=participant.day0,
            registration=registration,
            consent=consent_values,
        )
