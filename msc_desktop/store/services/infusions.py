"""MSC infusions: plan the dose from today's weight and the product, then log the infusion.

Planning (before the worksheet is printed) takes the weight (measured at most 3 days before),
the product's lot, bag, expiry, concentration and viability; the dose and volume come from the
rules engine (`plan_dose`), never typed by hand. Logging takes what happened (volume infused,
start/stop, rate, vital signs, reactions) and needs two signatures from two different people: the
preparing nurse and a verifier, both re-entering their passwords in the same dialog. A product
below the viability release limit needs an investigator's signed override with a reason. An
infusion outside its visit window, or a volume further off the plan than the protocol allows
(`dosing.volume_deviation_pct`), is recorded as a protocol deviation with a reason. Which of the
infusion form's fields make the plan is declared once, in protocol.json (`dosing.plan_fields`).

This module plans and shows infusions; services/infusion_log.py logs them with their signatures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from msc_desktop.domain.dosing import DosePlan, plan_dose
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.wording import listed
from msc_desktop.errors import RuleViolation, ValidationError
from msc_desktop.store.base import new_id
from msc_desktop.store.models import Infusion, ItemValue, Participant, ProtocolDeviation, Visit
from msc_desktop.store.protocols import entered_under, entry_protocol, session_protocol
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.form_values import check_partial_form, record_confirmed_warnings
from msc_desktop.store.services.screening import SCREENING_VISIT, require_allowed_for
from msc_desktop.store.services.signatures import SignatureView, signatures_of, view
from msc_desktop.store.services.work import get_participant, participant_work
from msc_desktop.store.site import SiteStore

#: The infusion row keeps each planned field under the field's own name, except these.
_COLUMN_OF = {"weight": "weight_kg", "weight_date": "weighed_on"}


def planned_values(infusion: Infusion, protocol: Protocol) -> dict[str, object]:
    """The plan as the infusion form's values, by field name (`dosing.plan_fields`)."""
    return {
        name: getattr(infusion, _COLUMN_OF.get(name, name)) for name in protocol.dosing.plan_fields
    }


@dataclass(frozen=True)
class InfusionView:
    participant_id: str
    subject_id: str
    visit_code: str
    status: str
    plan: DosePlan
    weighed_on: date
    product_lot: str
    bag_id: str
    product_expiry: date
    volume_infused_ml: Decimal | None
    started_at: datetime | None
    stopped_at: datetime | None
    reaction: bool
    signatures: tuple[SignatureView, ...]
    deviations: tuple[str, ...]
    infusion_id: str
    #: The planned fields as form values (`planned_values`).
    planned: Mapping[str, object]


def baseline_weight(session: Session, participant_id: str) -> Decimal | None:
    """The weight recorded at screening (the baseline for the weight change flag)."""
    return session.scalar(
        select(ItemValue.std_value)
        .join(Visit, ItemValue.visit_id == Visit.id)
        .where(
            Visit.participant_id == participant_id,
            Visit.visit_code == SCREENING_VISIT,
            ItemValue.item == "weight",
        )
    )


def find_infusion(session: Session, participant_id: str, visit_code: str) -> Infusion | None:
    return session.scalar(
        select(Infusion).where(
            Infusion.participant_id == participant_id, Infusion.visit_code == visit_code
        )
    )


def plan_of(session: Session, infusion: Infusion) -> DosePlan:
    return plan_dose(
        infusion.weight_kg,
        infusion.cell_concentration_per_ml,
        infusion.viability_pct,
        baseline_weight_kg=baseline_weight(session, infusion.participant_id),
        protocol=session_protocol(session),
    )


def view_of(session: Session, participant: Participant, infusion: Infusion) -> InfusionView:
    deviations = session.scalars(
        select(ProtocolDeviation.description).where(
            ProtocolDeviation.participant_id == participant.id,
            ProtocolDeviation.visit_code == infusion.visit_code,
        )
    ).all()
    return InfusionView(
        participant_id=participant.id,
        subject_id=participant.subject_id,
        visit_code=infusion.visit_code,
        status=infusion.status,
        plan=plan_of(session, infusion),
        weighed_on=infusion.weighed_on,
        product_lot=infusion.product_lot,
        bag_id=infusion.bag_id,
        product_expiry=infusion.product_expiry,
        volume_infused_ml=infusion.volume_infused_ml,
        started_at=infusion.started_at,
        stopped_at=infusion.stopped_at,
        reaction=infusion.reactions == "Y",
        signatures=tuple(view(s) for s in signatures_of(session, infusion) if s.voided_at is None),
        deviations=tuple(deviations),
        infusion_id=infusion.id,
        planned=planned_values(infusion, session_protocol(session)),
    )


def plan_infusion(
    store: SiteStore,
    participant_id: str,
    values: Mapping[str, object],
    *,
    today: date,
    reason: str | None = None,
    confirm_warnings: bool = False,
) -> InfusionView:
    """Computes and keeps the dose for an infusion visit (status "planned")."""
    require(store.user.role, Action.ENTER_DATA)
    plan_fields = store.protocol.dosing.plan_fields
    unknown = set(values) - set(plan_fields)
    if unknown:
        raise ValidationError(
            "{fields} are entered when the infusion is logged.", fields=", ".join(sorted(unknown))
        )
    with store.session(reason=reason) as session:
        participant = get_participant(session, participant_id)
        require_allowed_for(session, participant, "infusion")
        missing = [name for name in plan_fields if values.get(name) in (None, "")]
        if missing:
            form = store.protocol.form("infusion")
            raise ValidationError(
                "To plan the dose, enter: {labels}.",
                labels=listed([form.field(name).label for name in missing]),
            )
        planned_before = find_infusion(session, participant_id, str(values.get("visit_code") or ""))
        protocol = entry_protocol(session, planned_before.id if planned_before else None, today)
        cleaned = check_partial_form(
            "infusion", values, today=today, confirm_warnings=confirm_warnings, protocol=protocol
        )
        data = cleaned.values
        visit_code = str(data["visit_code"])
        expiry = data["product_expiry"]
        assert isinstance(expiry, date)
        if expiry < today:
            raise RuleViolation(
                "The product expired on {expiry}; it must not be infused.",
                expiry=expiry.isoformat(),
            )
        weighed_on = data["weight_date"]
        assert isinstance(weighed_on, date)
        plan = plan_dose(
            data["weight"],  # type: ignore[arg-type]
            data["cell_concentration_per_ml"],  # type: ignore[arg-type]
            data["viability_pct"],  # type: ignore[arg-type]
            baseline_weight_kg=baseline_weight(session, participant_id),
            weighed_on=weighed_on,
            infusion_on=today,
            protocol=protocol,
        )
        infusion = find_infusion(session, participant_id, visit_code)
        if infusion is not None and infusion.status == "completed":
            raise RuleViolation(
                "The {visit_code} infusion is already logged; it cannot be planned again.",
                visit_code=visit_code,
            )
        if infusion is None:
            infusion = Infusion(
                id=new_id(), participant_id=participant_id, visit_code=visit_code, status="planned"
            )
            entered_under(session, infusion.id, protocol)
            session.add(infusion)
        elif not reason:
            raise ValidationError(
                "This infusion was planned already; give a reason to change the plan."
            )
        for name in plan_fields:
            setattr(infusion, _COLUMN_OF.get(name, name), data[name])
        infusion.total_cells = plan.total_cells
        infusion.volume_planned_ml = plan.volume_ml
        session.flush()
        record_confirmed_warnings(session, infusion, cleaned)
        return view_of(session, participant, infusion)


def infusion_view(store: SiteStore, participant_id: str, visit_code: str) -> InfusionView | None:
    with participant_work(store, participant_id, Action.VIEW) as (session, participant):
        return infusion_view_in(session, participant, visit_code)


def infusion_view_in(
    session: Session, participant: Participant, visit_code: str
) -> InfusionView | None:
    """The participant's infusion at `visit_code` as this transaction sees it (None: not
    planned)."""
    infusion = find_infusion(session, participant.id, visit_code)
    return view_of(session, participant, infusion) if infusion is not None else None
