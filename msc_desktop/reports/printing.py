"""Printing from the site store: what the GUI and `msc-site print` call.

Each function reads what its sheet needs through the services, checks it, and returns the PDF as
bytes (the GUI previews, prints or saves them); `write_pdf` saves bytes atomically. Faults raise
`MscError` subclasses with one sentence, before anything is written.
"""

from __future__ import annotations

from datetime import date, datetime

from msc_desktop.reports.sheet import (
    Language,
    Paper,
    check_language,
    check_paper,
    local_now,
    write_pdf,
)
from msc_desktop.reports.worksheet import WorksheetInput, prepare_worksheet, render_worksheet
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.infusions import baseline_weight, infusion_view
from msc_desktop.store.services.participants import (
    find_by_subject_id,
    get_participant,
    require_allowed_for,
)
from msc_desktop.store.site import SiteStore

__all__ = ["dosing_worksheet_pdf", "load_worksheet_input", "write_pdf"]


def load_worksheet_input(store: SiteStore, subject_id: str, visit_code: str) -> WorksheetInput:
    """The participant, visit and planned infusion a worksheet is computed from.

    Enforces the order of events (consent, randomization, MSC arm, not ended); missing weight or
    product data stays None for `prepare_worksheet` to refuse by name.
    """
    require(store.user.role, Action.VIEW)
    ref = find_by_subject_id(store, subject_id)
    with store.session() as session:
        participant = get_participant(session, ref.id)
        require_allowed_for(session, participant, "infusion")
        arm, day0 = participant.arm, participant.day0
        baseline = baseline_weight(session, participant.id)
    infusion = infusion_view(store, ref.id, visit_code)
    if infusion is None:
        return WorksheetInput(
            subject_id=ref.subject_id, arm=arm, visit_code=visit_code, day0=day0,
            weight_kg=None, weighed_on=None, product_lot=None, bag_id=None,
            product_expiry=None, cell_concentration_per_ml=None, viability_pct=None,
            baseline_weight_kg=baseline,
        )
    return WorksheetInput(
        subject_id=ref.subject_id,
        arm=arm,
        visit_code=visit_code,
        day0=day0,
        weight_kg=infusion.plan.weight_kg,
        weighed_on=infusion.weighed_on,
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
) -> bytes:
    """The dosing worksheet of `subject_id` at infusion visit `visit_code`, as PDF bytes.

    Refuses a participant in the control arm or not randomized, a visit that is not an infusion
    visit, and a visit without a planned dose (weight and product).
    """
    sheet_language, sheet_paper = check_language(language), check_paper(paper)
    moment = printed_at or local_now()
    data = load_worksheet_input(store, subject_id, visit_code.strip().upper())
    sheet = prepare_worksheet(data, on=_local_date(moment))
    return render_worksheet(
        sheet,
        site_id=store.site_id,
        site_name=store.site_name,
        language=sheet_language,
        paper=sheet_paper,
        printed_at=moment,
    )


def _local_date(moment: datetime) -> date:
    return moment.date()
