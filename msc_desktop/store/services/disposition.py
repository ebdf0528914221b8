"""End of study (CDISC DS, NCOMPLT reasons): completion, withdrawal, loss to follow-up, death.

Recording a disposition stops further scheduling: no visit, infusion or randomization is accepted
afterwards (msc_desktop.domain.events); adverse events can still be followed up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from msc_desktop.errors import RuleViolation
from msc_desktop.store.base import new_id
from msc_desktop.store.models import Disposition
from msc_desktop.store.protocols import entered_under, protocol_on
from msc_desktop.store.roles import Action
from msc_desktop.store.services.form_values import check_form, record_confirmed_warnings
from msc_desktop.store.services.participants import (
    Status,
    end_of_study,
    form_context,
)
from msc_desktop.store.services.work import participant_work
from msc_desktop.store.site import SiteStore


def end_study(
    store: SiteStore,
    participant_id: str,
    values: Mapping[str, object],
    *,
    today: date,
    confirm_warnings: bool = False,
) -> None:
    with participant_work(
        store, participant_id, Action.ENTER_DATA, reason="end of study recorded"
    ) as (session, participant):
        if end_of_study(session, participant_id) is not None:
            raise RuleViolation(
                "{subject_id}'s end of study is already recorded.",
                subject_id=participant.subject_id,
            )
        context = form_context(session, participant)
        protocol = protocol_on(session, today)
        cleaned = check_form(
            "disposition",
            values,
            today=today,
            context=context,
            confirm_warnings=confirm_warnings,
            protocol=protocol,
        )
        data = cleaned.values
        decod = str(data["status"])
        details = [str(data[k]) for k in ("reason_details",) if data.get(k)]
        if data.get("death_date"):
            details.append(f"death on {data['death_date']}")
        if data.get("last_visit_code"):
            details.append(f"last visit {data['last_visit_code']}")
        disposition = Disposition(
            id=new_id(),
            participant_id=participant_id,
            decod=decod,
            disposition_date=data["disposition_date"],
            details="; ".join(details) or None,
        )
        entered_under(session, disposition.id, protocol)
        session.add(disposition)
        participant.status = {
            "COMPLETED": Status.COMPLETED,
            "SCREEN FAILURE": Status.SCREEN_FAILED,
        }.get(decod, Status.DISCONTINUED).value
        session.flush()
        record_confirmed_warnings(session, disposition, cleaned)
