"""Printing from the site store: what the GUI and `msc-site print` call.

Each `*_pdf` function reads what its sheet needs through the services, checks it, and returns the
PDF as bytes (the GUI previews, prints or saves them); `write_pdf` saves bytes atomically. Faults
raise `MscError` subclasses with one sentence, before anything is written.

Sending a sheet to a print queue, with its reprint count and audit row, is `reports.print_queue`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select

from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.screening_findings import age_at
from msc_desktop.domain.worksheet import WorksheetInput, prepare_worksheet
from msc_desktop.errors import ValidationError
from msc_desktop.reports.crf import render_blank_forms
from msc_desktop.reports.recovery import render_recovery_sheet
from msc_desktop.reports.sae import SaeInput, render_sae_report
from msc_desktop.reports.sheet import (
    Language,
    Paper,
    check_language,
    check_paper,
    local_now,
    write_pdf,
)
from msc_desktop.reports.worksheet import render_worksheet
from msc_desktop.store.models import AdverseEvent, Infusion
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.adverse_events import adverse_events_of
from msc_desktop.store.services.infusions import baseline_weight, infusion_view_in
from msc_desktop.store.services.participants import find_by_subject_id, participant_by_subject
from msc_desktop.store.services.screening import require_allowed_for
from msc_desktop.store.services.work import get_participant
from msc_desktop.store.site import SiteStore
from msc_desktop.store.site_kind import is_demo_site

__all__ = [
    "blank_forms_pdf",
    "dosing_worksheet_pdf",
    "load_sae_input",
    "load_worksheet_input",
    "recovery_sheet_pdf",
    "sae_report_pdf",
    "write_pdf",
]


def load_worksheet_input(store: SiteStore, subject_id: str, visit_code: str) -> WorksheetInput:
    """The participant, visit and planned infusion a worksheet is computed from, read in one
    transaction (a plan changed meanwhile cannot mix with the participant it was read with).

    Enforces the order of events (consent, randomization, MSC arm, not ended); missing weight or
    product data stays None for `prepare_worksheet` to refuse by name.
    """
    require(store.user.role, Action.VIEW)
    with store.session() as session:
        participant = participant_by_subject(session, subject_id)
        require_allowed_for(session, participant, "infusion")
        baseline = baseline_weight(session, participant.id)
        infusion = infusion_view_in(session, participant, visit_code)
        subject, arm, day0 = participant.subject_id, participant.arm, participant.day0
    if infusion is None:
        return WorksheetInput(
            subject_id=subject,
            arm=arm,
            visit_code=visit_code,
            day0=day0,
            weight=None,
            weight_date=None,
            product_lot=None,
            bag_id=None,
            product_expiry=None,
            cell_concentration_per_ml=None,
            viability_pct=None,
            baseline_weight_kg=baseline,
        )
    return WorksheetInput(
        subject_id=subject,
        arm=arm,
        visit_code=visit_code,
        day0=day0,
        weight=infusion.plan.weight_kg,
        weight_date=infusion.weighed_on,
        product_lot=infusion.product_lot,
        bag_id=infusion.bag_id,
        product_expiry=infusion.product_expiry,
        cell_concentration_per_ml=infusion.plan.cell_concentration_per_ml,
        viability_pct=infusion.plan.viability_pct,
        baseline_weight_kg=baseline,
    )


def dosing_worksheet_pdf(
    store: SiteStore,
    subject_id: str,
    visit_code: str,
    *,
    language: Language | str = "en",
    paper: Paper | str = "a4",
    printed_at: datetime | None = None,
    reprint: int = 0,
) -> bytes:
    """The dosing worksheet of `subject_id` at infusion visit `visit_code`, as PDF bytes.

    Refuses a participant in the control arm or not randomized, a visit that is not an infusion
    visit, and a visit without a planned dose (weight and product).
    """
    sheet_language, sheet_paper = check_language(language), check_paper(paper)
    moment = printed_at or local_now()
    data = load_worksheet_input(store, subject_id, visit_code.strip().upper())
    sheet = prepare_worksheet(data, on=_local_date(moment), protocol=store.protocol)
    return render_worksheet(
        sheet,
        site_id=store.site_id,
        site_name=store.site_name,
        demo=is_demo_site(store),
        language=sheet_language,
        paper=sheet_paper,
        printed_at=moment,
        reprint=reprint,
    )


def _local_date(moment: datetime) -> date:
    return moment.date()


def load_sae_input(store: SiteStore, subject_id: str, ae_number: int) -> SaeInput:
    """Adverse event `ae_number` of `subject_id` as the SAE report prints it (no name, no birth
    date)."""
    require(store.user.role, Action.VIEW)
    ref = find_by_subject_id(store, subject_id)
    event = next((ae for ae in adverse_events_of(store, ref.id) if ae.ae_number == ae_number), None)
    if event is None:
        raise ValidationError(
            "{subject_id} has no adverse event number {ae_number}.",
            subject_id=ref.subject_id,
            ae_number=ae_number,
        )
    with store.session() as session:
        participant = get_participant(session, ref.id)
        sex, date_of_birth, arm = participant.sex, participant.date_of_birth, participant.arm
        infusion_visit = session.scalar(
            select(Infusion.visit_code)
            .join(AdverseEvent, AdverseEvent.infusion_id == Infusion.id)
            .where(AdverseEvent.id == event.id)
        )
    return SaeInput(
        subject_id=ref.subject_id,
        sex=sex,
        age_years=age_at(date_of_birth, event.onset_date),
        arm=arm,
        ae_number=event.ae_number,
        term=event.term,
        onset_date=event.onset_date,
        end_date=event.end_date,
        grade=event.grade,
        serious=event.serious,
        seriousness=event.seriousness,
        relationship=event.relationship,
        expected=event.expected,
        action_taken=event.action_taken,
        outcome=event.outcome,
        aware_at=event.aware_at,
        reported_at=event.reported_at,
        description=event.description,
        related_infusion_visit=infusion_visit,
        protocol=store.protocol,
    )


def sae_report_pdf(
    store: SiteStore,
    subject_id: str,
    ae_number: int,
    *,
    language: Language | str = "en",
    paper: Paper | str = "a4",
    printed_at: datetime | None = None,
    reprint: int = 0,
) -> bytes:
    """The SAE report of adverse event `ae_number` of `subject_id`; refuses a non-serious AE."""
    sheet_language, sheet_paper = check_language(language), check_paper(paper)
    data = load_sae_input(store, subject_id, ae_number)
    return render_sae_report(
        data,
        site_id=store.site_id,
        site_name=store.site_name,
        demo=is_demo_site(store),
        language=sheet_language,
        paper=sheet_paper,
        printed_at=printed_at or local_now(),
        reprint=reprint,
    )


def blank_forms_pdf(
    *,
    site_id: str,
    site_name: str,
    language: Language | str = "en",
    paper: Paper | str = "a4",
    printed_at: datetime | None = None,
    form_ids: Sequence[str] | None = None,
    demo: bool = False,
    protocol: Protocol,
) -> bytes:
    """Blank paper CRFs for downtime, every form of `protocol` by default (or those in
    `form_ids`); `demo` marks a demo site's sheets."""
    return render_blank_forms(
        protocol=protocol,
        site_id=site_id,
        site_name=site_name,
        demo=demo,
        language=check_language(language),
        paper=check_paper(paper),
        printed_at=printed_at or local_now(),
        form_ids=form_ids,
    )


def recovery_sheet_pdf(
    recovery_key: str,
    *,
    site_id: str,
    site_name: str,
    created_at: datetime,
    language: Language | str = "en",
    paper: Paper | str = "a4",
    printed_at: datetime | None = None,
    demo: bool = False,
    protocol: Protocol,
) -> bytes:
    """The recovery sheet printed once at site set-up; refuses a string that is not a recovery key.
    `demo` marks a demo site's sheet."""
    return render_recovery_sheet(
        recovery_key,
        protocol=protocol,
        site_id=site_id,
        site_name=site_name,
        demo=demo,
        created_at=created_at,
        language=check_language(language),
        paper=check_paper(paper),
        printed_at=printed_at or local_now(),
    )
