"""Sheets sent to a print queue: what the GUI's preview and `msc-site print` use.

A `Sheet` is one of the sheets of `reports.printing` ready to be made again at any moment:
`print_sheet` checks the chosen queue (installed, running, accepting jobs, set up for the sheet's
paper), makes the sheet with the print time and, for a dosing worksheet or an SAE report printed
before, "REPRINT n", sends it to the queue as PDF (`reports.cups`), and only once the queue has
accepted the job records the print, with its job id, in the audit trail and remembers the printer
for this site (the `printer` setting of its data folder).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from msc_desktop.errors import StoreError
from msc_desktop.reports.cups import PAPER_NAMES, Cups, Printer, PrintError
from msc_desktop.reports.printing import (
    blank_forms_pdf,
    dosing_worksheet_pdf,
    recovery_sheet_pdf,
    sae_report_pdf,
)
from msc_desktop.reports.sheet import (
    Language,
    Paper,
    check_language,
    check_paper,
    local_now,
)
from msc_desktop.store.audit import record_event
from msc_desktop.store.models import AuditLog, Infusion
from msc_desktop.store.services.adverse_events import adverse_events_of
from msc_desktop.store.services.participants import find_by_subject_id
from msc_desktop.store.settings import write_preference
from msc_desktop.store.site import SiteStore
from msc_desktop.store.site_kind import is_demo_site

#: The audit row field of a print event (its value says what was printed where).
PRINTED = "printed"


@dataclass(frozen=True)
class Sheet:
    """A sheet that can be made again at print time: `render(printed_at, reprint)` gives its PDF.

    `record` is the audit trail's (table, record id) of what it shows; `name` says in the audit
    row which sheet it was; `marks_reprints` numbers the second and later prints.
    """

    name: str
    title: str
    paper: Paper
    record: tuple[str, str]
    marks_reprints: bool
    render: Callable[[datetime, int], bytes]


@dataclass(frozen=True)
class PrintReceipt:
    """A job the queue accepted: what went, where, and its number there."""

    printer: str
    job_id: int
    reprint: int
    printed_at: datetime
    pdf: bytes


def worksheet_sheet(
    store: SiteStore,
    subject_id: str,
    visit_code: str,
    *,
    language: Language | str = "en",
    paper: Paper | str = "a4",
) -> Sheet:
    """The dosing worksheet as a `Sheet`; refuses now what `dosing_worksheet_pdf` would refuse."""
    sheet_language, sheet_paper, visit = (
        check_language(language),
        check_paper(paper),
        visit_code.strip().upper(),
    )
    ref = find_by_subject_id(store, subject_id)
    dosing_worksheet_pdf(store, ref.subject_id, visit, language=sheet_language, paper=sheet_paper)
    with store.session() as session:
        infusion_id = session.scalar(
            select(Infusion.id).where(
                Infusion.participant_id == ref.id, Infusion.visit_code == visit
            )
        )
    return Sheet(
        name=f"dosing worksheet {visit}",
        title=f"dosing-worksheet-{ref.subject_id}-{visit}",
        paper=sheet_paper,
        record=("infusion", str(infusion_id)),
        marks_reprints=True,
        render=lambda moment, reprint: dosing_worksheet_pdf(
            store,
            ref.subject_id,
            visit,
            language=sheet_language,
            paper=sheet_paper,
            printed_at=moment,
            reprint=reprint,
        ),
    )


def sae_sheet(
    store: SiteStore,
    subject_id: str,
    ae_number: int,
    *,
    language: Language | str = "en",
    paper: Paper | str = "a4",
) -> Sheet:
    """The SAE report as a `Sheet`; refuses now what `sae_report_pdf` would refuse."""
    sheet_language, sheet_paper = check_language(language), check_paper(paper)
    ref = find_by_subject_id(store, subject_id)
    sae_report_pdf(store, ref.subject_id, ae_number, language=sheet_language, paper=sheet_paper)
    event = next(ae for ae in adverse_events_of(store, ref.id) if ae.ae_number == ae_number)
    return Sheet(
        name=f"SAE report AE {ae_number}",
        title=f"sae-report-{ref.subject_id}-AE{ae_number}",
        paper=sheet_paper,
        record=("adverse_event", event.id),
        marks_reprints=True,
        render=lambda moment, reprint: sae_report_pdf(
            store,
            ref.subject_id,
            ae_number,
            language=sheet_language,
            paper=sheet_paper,
            printed_at=moment,
            reprint=reprint,
        ),
    )


def blank_forms_sheet(
    store: SiteStore,
    *,
    language: Language | str = "en",
    paper: Paper | str = "a4",
    form_ids: Sequence[str] | None = None,
) -> Sheet:
    """The blank paper forms as a `Sheet` (copies of blank forms are not reprints)."""
    sheet_language, sheet_paper = check_language(language), check_paper(paper)
    site_id, site_name, demo, protocol = (
        store.site_id,
        store.site_name,
        is_demo_site(store),
        store.protocol,
    )
    blank_forms_pdf(
        site_id=site_id,
        site_name=site_name,
        language=sheet_language,
        paper=sheet_paper,
        form_ids=form_ids,
        demo=demo,
        protocol=protocol,
    )
    return Sheet(
        name="blank forms",
        title=f"blank-forms-site-{site_id}",
        paper=sheet_paper,
        record=("site", site_id),
        marks_reprints=False,
        render=lambda moment, _reprint: blank_forms_pdf(
            site_id=site_id,
            site_name=site_name,
            language=sheet_language,
            paper=sheet_paper,
            printed_at=moment,
            form_ids=form_ids,
            demo=demo,
            protocol=protocol,
        ),
    )


def recovery_sheet(
    store: SiteStore,
    recovery_key: str,
    *,
    created_at: datetime,
    language: Language | str = "en",
    paper: Paper | str = "a4",
) -> Sheet:
    """The recovery sheet as a `Sheet`; its audit row never holds the key."""
    sheet_language, sheet_paper = check_language(language), check_paper(paper)
    site_id, site_name, demo, protocol = (
        store.site_id,
        store.site_name,
        is_demo_site(store),
        store.protocol,
    )

    def render(moment: datetime, _reprint: int) -> bytes:
        return recovery_sheet_pdf(
            recovery_key,
            site_id=site_id,
            site_name=site_name,
            created_at=created_at,
            language=sheet_language,
            paper=sheet_paper,
            printed_at=moment,
            demo=demo,
            protocol=protocol,
        )

    render(local_now(), 0)
    return Sheet(
        name="recovery sheet",
        title=f"recovery-sheet-site-{site_id}",
        paper=sheet_paper,
        record=("site", site_id),
        marks_reprints=False,
        render=render,
    )


def earlier_prints(store: SiteStore, sheet: Sheet) -> int:
    """How many times this sheet went to a printer before (from the audit trail)."""
    if not sheet.marks_reprints:
        return 0
    table, record_id = sheet.record
    with store.session() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(AuditLog)
                .where(
                    AuditLog.action == "event",
                    AuditLog.table_name == table,
                    AuditLog.record_id == record_id,
                    AuditLog.field == PRINTED,
                )
            )
            or 0
        )


def render_sheet(store: SiteStore, sheet: Sheet, printed_at: datetime | None = None) -> bytes:
    """The sheet as the next print would make it (marked "REPRINT n" if printed before)."""
    return sheet.render(printed_at or local_now(), earlier_prints(store, sheet))


def check_printer(printer: Printer, paper: Paper) -> None:
    """Refuses a queue the sheet would not come out of as it should, with the way on."""
    if printer.stopped:
        if printer.why:
            raise PrintError(
                "Printer {printer} is stopped ({why}): restart it and retry, choose another"
                " printer, or save the PDF instead.",
                printer=printer.name,
                why=printer.why,
            )
        raise PrintError(
            "Printer {printer} is stopped: restart it and retry, choose another printer, or save"
            " the PDF instead.",
            printer=printer.name,
        )
    if not printer.accepting:
        raise PrintError(
            "Printer {printer} is not accepting jobs now: choose another printer, retry when it"
            " accepts jobs again, or save the PDF instead.",
            printer=printer.name,
        )
    if not printer.takes_pdf:
        raise PrintError(
            "Printer {printer} cannot print PDF documents: choose another printer, or save the"
            " PDF instead.",
            printer=printer.name,
        )
    loaded = printer.loaded_paper
    if loaded is not None and loaded != paper:
        raise PrintError(
            "Printer {printer} is set up for {loaded} paper but this sheet is {paper}: load {paper}"
            " paper and set the printer to it, then retry; or save the PDF instead.",
            printer=printer.name,
            loaded=PAPER_NAMES.get(loaded, loaded),
            paper=PAPER_NAMES[paper],
        )


def print_sheet(
    store: SiteStore,
    sheet: Sheet,
    printer_name: str,
    *,
    pages: tuple[int, int] | None = None,
    cups: Cups | None = None,
) -> PrintReceipt:
    """Sends the sheet to queue `printer_name`; records the print once the queue accepted it."""
    name = printer_name.strip()
    if not name:
        raise PrintError("No printer was chosen: choose a printer, or save the PDF instead.")
    server = cups or Cups()
    check_printer(server.printer(name), sheet.paper)
    moment = local_now()
    reprint = earlier_prints(store, sheet)
    pdf = sheet.render(moment, reprint)
    job_id = server.submit(name, pdf, title=sheet.title, paper=sheet.paper, pages=pages)
    description = f"{sheet.name} printed on {name} as job {job_id}"
    if reprint:
        description += f" (REPRINT {reprint})"
    try:
        with store.session() as session:
            record_event(session, *sheet.record, description, field=PRINTED)
    except StoreError:
        raise StoreError(
            "The sheet went to printer {printer} as job {job}, but the print could not be recorded"
            " in the audit trail: note it by hand.",
            printer=name,
            job=job_id,
        ) from None
    try:
        write_preference(store.data_dir, "printer", name)
    except StoreError:
        pass  # the sheet is printed and recorded; the printer is only not preselected next time
    return PrintReceipt(printer=name, job_id=job_id, reprint=reprint, printed_at=moment, pdf=pdf)
