"""Logging an MSC infusion: what happened, signed by the preparing nurse and a verifier (two
different people re-entering their passwords), an investigator's override below the viability
release limit, and the protocol deviations an infusion outside its window or off its plan makes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from msc_desktop.domain.decimals import format_decimal
from msc_desktop.domain.dosing import volume_off_plan
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.schedule import visit_window
from msc_desktop.errors import AuthenticationError, PermissionDenied, RuleViolation, ValidationError
from msc_desktop.messages import Message
from msc_desktop.store.audit import record_event
from msc_desktop.store.base import new_id
from msc_desktop.store.models import Participant, ProtocolDeviation, Visit
from msc_desktop.store.protocols import entered_under, protocol_of, protocol_on
from msc_desktop.store.roles import Action, may, require
from msc_desktop.store.services.form_values import check_form, record_confirmed_warnings, save_items
from msc_desktop.store.services.infusions import (
    InfusionView,
    find_infusion,
    plan_of,
    planned_values,
    view_of,
)
from msc_desktop.store.services.screening import require_allowed_for
from msc_desktop.store.services.signatures import Meaning, sign
from msc_desktop.store.services.work import get_participant
from msc_desktop.store.sign_in import CurrentUser, wrong_credentials
from msc_desktop.store.site import SiteStore

PREPARER, VERIFIER, INVESTIGATOR = "preparer", "verifier", "investigator"


@dataclass(frozen=True)
class Credentials:
    user_id: str
    password: str


@dataclass(frozen=True)
class ReleaseOverride:
    investigator: Credentials
    reason: str


class SignerError(AuthenticationError):
    """A refused signature password, naming whose it was: `signer` is PREPARER, VERIFIER or
    INVESTIGATOR, so the dialog clears that person's password and keeps the others'."""

    def __init__(self, template: str | Message, /, *, signer: str, **params: object) -> None:
        super().__init__(template, **params)
        self.signer = signer


def _signer(store: SiteStore, user_id: str, password: str, signer: str) -> CurrentUser:
    """`verify_credentials`, with a refusal that says whose password it was."""
    try:
        return store.verify_credentials(user_id, password)
    except AuthenticationError as refused:
        if refused.message.template != wrong_credentials().message.template:
            raise SignerError(
                refused.message, signer=signer
            ) from refused  # a lock-out: its own sentence
        if signer == PREPARER:
            raise SignerError(
                "Your password (the preparing nurse's signature) is wrong; the verifier's entries "
                "are kept.",
                signer=signer,
            ) from refused
        if signer == VERIFIER:
            raise SignerError(
                "The verifier's user name or password is wrong; your password is kept.",
                signer=signer,
            ) from refused
        raise SignerError(
            "The investigator's user name or password (release override) is wrong; the other "
            "passwords are kept.",
            signer=signer,
        ) from refused


def log_infusion(
    store: SiteStore,
    participant_id: str,
    visit_code: str,
    values: Mapping[str, object],
    *,
    preparer_password: str,
    verifier: Credentials,
    today: date,
    override: ReleaseOverride | None = None,
    deviation_reason: str | None = None,
    confirm_warnings: bool = False,
) -> InfusionView:
    """Logs a planned infusion with the preparer's and a second person's signatures."""
    require(store.user.role, Action.ENTER_DATA)
    preparer = _signer(store, store.user.user_id, preparer_password, PREPARER)
    checker = _signer(store, verifier.user_id, verifier.password, VERIFIER)
    if checker.user_id == preparer.user_id:
        raise RuleViolation(
            "The dose must be verified by a second person, not by the one who prepared it."
        )
    if not may(checker.role, Action.VERIFY_DOSE):
        raise PermissionDenied(
            "{name} ({role}) may not verify a dose.",
            name=checker.full_name,
            role=checker.role.label,
        )
    approver = (
        _signer(store, override.investigator.user_id, override.investigator.password, INVESTIGATOR)
        if override is not None
        else None
    )
    with store.session(reason=deviation_reason or "infusion logged") as session:
        participant = get_participant(session, participant_id)
        require_allowed_for(session, participant, "infusion")
        infusion = find_infusion(session, participant_id, visit_code)
        if infusion is None:
            raise RuleViolation(
                "Plan the {visit_code} dose first (weight and product), then log the infusion.",
                visit_code=visit_code,
            )
        if infusion.status == "completed":
            raise RuleViolation(
                "The {visit_code} infusion is already logged.", visit_code=visit_code
            )
        protocol = protocol_of(session, infusion.id)
        cleaned = check_form(
            "infusion",
            {**values, **planned_values(infusion, protocol)},
            today=today,
            confirm_warnings=confirm_warnings,
            protocol=protocol,
        )
        data = cleaned.values
        plan = plan_of(session, infusion)
        if not plan.release_allowed:
            if override is None:
                raise RuleViolation(
                    "Viability {viability} % is below the release limit: the product may not be "
                    "infused without an investigator's signed override.",
                    viability=plan.viability_pct,
                )
            assert approver is not None
            if not override.reason.strip():
                raise ValidationError("Give the reason for overriding the release limit.")
            sign(
                session,
                infusion,
                Meaning.RELEASE_OVERRIDE,
                participant_id=participant_id,
                signer=approver,
            )
            record_event(
                session, "infusion", infusion.id, "release override", reason=override.reason.strip()
            )
        started, stopped = data["infusion_start"], data["infusion_end"]
        infused = data["volume_infused_ml"]
        assert (
            isinstance(started, datetime)
            and isinstance(stopped, datetime)
            and isinstance(infused, Decimal)
        )
        deviations = _deviations(
            participant, visit_code, started.date(), infused, infusion.volume_planned_ml, protocol
        )
        if deviations and not (deviation_reason and deviation_reason.strip()):
            raise RuleViolation(
                "{deviation} Record it as a protocol deviation with a reason.",
                deviation=deviations[0],
            )
        for description in deviations:
            session.add(
                ProtocolDeviation(
                    participant_id=participant_id,
                    visit_code=visit_code,
                    category="infusion",
                    description=f"{description} Reason: {deviation_reason}",
                )
            )
        infusion.volume_infused_ml = infused
        infusion.started_at = started
        infusion.stopped_at = stopped
        rate = data.get("rate_ml_per_h")
        infusion.rate_ml_per_h = rate if isinstance(rate, Decimal) else None
        infusion.reactions = str(data["infusion_reaction"])
        infusion.status = "completed"
        if visit_code == "W0":
            participant.day0 = started.date()
        visit = session.scalar(
            select(Visit).where(
                Visit.participant_id == participant_id, Visit.visit_code == visit_code
            )
        )
        if visit is None:
            visit = Visit(
                id=new_id(),
                participant_id=participant_id,
                visit_code=visit_code,
                visit_date=started.date(),
            )
            entered_under(session, visit.id, protocol_on(session, today))
            session.add(visit)
            session.flush()
        vitals = [
            f.name
            for f in protocol.form("infusion").fields
            if f.name.startswith(("pre_", "during_", "post_"))
        ]
        save_items(session, visit, "infusion", cleaned, only=vitals, protocol=protocol)
        record_confirmed_warnings(session, infusion, cleaned)
        sign(
            session, infusion, Meaning.DOSE_PREPARED, participant_id=participant_id, signer=preparer
        )
        sign(
            session, infusion, Meaning.DOSE_VERIFIED, participant_id=participant_id, signer=checker
        )
        return view_of(session, participant, infusion)


def _deviations(
    participant: Participant,
    visit_code: str,
    infused_on: date,
    infused: Decimal,
    planned: Decimal,
    protocol: Protocol,
) -> list[Message]:
    """Window (from day 0: randomization for W0, the first infusion after) and volume deviations."""
    found = []
    if participant.day0 is not None:
        window = visit_window(visit_code, participant.day0, protocol)
        if not window.contains(infused_on):
            found.append(
                Message(
                    "The {visit_code} infusion on {infused_on} is outside its window ({opens} to "
                    "{closes}).",
                    visit_code=visit_code,
                    infused_on=infused_on,
                    opens=window.opens,
                    closes=window.closes,
                )
            )
    if volume_off_plan(infused, planned, protocol):
        found.append(
            Message(
                "{infused} mL was infused instead of the planned {planned} mL (more than {limit} % "
                "off).",
                infused=infused,
                planned=planned,
                limit=format_decimal(protocol.dosing.volume_deviation_pct),
            )
        )
    return found
