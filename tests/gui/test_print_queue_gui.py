"""Printing from the preview to a real CUPS queue (issue 20): the print dialog lists the queues Qt
finds, prints each sheet on the private cups-pdf queue (tests/cups_server.py) as the app made it,
numbers reprints, remembers the printer, and shows each fault a clinic meets as one sentence with
Retry and Save as PDF instead, recording nothing in the audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip(
    "PySide6", reason="PySide6 is not installed: the GUI tests need it (pip install -e '.[gui]')"
)
pytest.importorskip(
    "pytestqt",
    reason="pytest-qt is not installed: the GUI tests need it (pip install -e '.[test]')",
)
pytest.importorskip(
    "PySide6.QtPdf",
    reason="PySide6-Pdf is not installed: the preview needs QtPdf (pip install PySide6-Pdf)",
)

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinterInfo
from sqlalchemy import select

from msc_desktop.gui.main_window import MainWindow
from msc_desktop.gui.widgets.pdf_preview import (
    PdfPreviewDialog,
    PrintSheetDialog,
    preview_dosing_worksheet,
)
from msc_desktop.store import settings
from msc_desktop.store.models import AuditLog
from msc_desktop.store.services.adverse_events import record_adverse_event
from msc_desktop.store.services.infusions import plan_infusion
from msc_desktop.store.services.participants import participant_detail
from msc_desktop.store.site import SiteStore
from tests.cups_server import (
    A4_POINTS,
    TEST_QUEUE,
    PrivateCups,
    pages,
    pdftotext,
    rendering_difference,
)
from tests.factories import TODAY, randomized_participant
from tests.gui.helpers import english_left
from tests.gui.test_pdf_preview import opened_preview, text_of
from tests.unit.store.test_services_followup import AE, PLAN

OTHER_QUEUE = "AAA-Second-PDF"


def open_window(qtbot, store: SiteStore) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(store, clock=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    return window


def print_dialog(qtbot, preview: PdfPreviewDialog) -> PrintSheetDialog:  # type: ignore[no-untyped-def]
    preview.print_button.click()
    qtbot.waitUntil(lambda: len(preview.findChildren(PrintSheetDialog)) == 1)
    dialog = preview.findChildren(PrintSheetDialog)[0]
    qtbot.waitExposed(dialog)
    return dialog


def print_events(store: SiteStore) -> list[str]:
    with store.session() as session:
        return list(
            session.scalars(
                select(AuditLog.new_value).where(AuditLog.field == "printed").order_by(AuditLog.seq)
            )
        )


def printed_job(qtbot, dialog: PrintSheetDialog, preview: PdfPreviewDialog) -> int:  # type: ignore[no-untyped-def]
    dialog.print_button.click()
    qtbot.waitUntil(lambda: preview.receipt is not None)
    assert preview.receipt is not None and not dialog.isVisible()
    return preview.receipt.job_id


def same_sheet(printed: Path, made: bytes, folder: Path) -> None:
    app_pdf = folder / "app.pdf"
    app_pdf.write_bytes(made)
    assert pages(printed) == pages(app_pdf)
    assert pdftotext(printed) == pdftotext(app_pdf) != []
    assert rendering_difference(printed, app_pdf, folder) < 5


@pytest.fixture
def msc(nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore) -> str:
    participant = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    plan_infusion(nurse_store, participant, PLAN, today=TODAY)
    return participant


@pytest.fixture
def worksheet(
    qtbot, print_queue: PrivateCups, nurse_store: SiteStore, msc: str
) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, nurse_store)
    window.show_participant(msc)
    tab = window.participant_page.follow_up.infusions
    tab.table.selectRow(0)
    tab.print_button.click()
    return opened_preview(qtbot, tab)


def test_the_print_dialog_lists_the_queue_and_prints_the_blank_forms(  # type: ignore[no-untyped-def]
    qtbot, print_queue: PrivateCups, site: SiteStore, tmp_path: Path
) -> None:
    assert TEST_QUEUE in [info.printerName() for info in QPrinterInfo.availablePrinters()]
    window = open_window(qtbot, site)
    window.menu_actions["blank_forms"].trigger()
    preview = opened_preview(qtbot, window)
    dialog = print_dialog(qtbot, preview)
    assert dialog.printers.currentData() == TEST_QUEUE
    assert dialog.state.text() == "Ready, set up for A4 paper"
    assert (
        dialog.all_pages.isChecked()
        and dialog.all_pages.text() == f"All {preview.page_count} pages"
    )
    job = printed_job(qtbot, dialog, preview)
    assert preview.message.text() == f"Sent to printer {TEST_QUEUE} as job {job}."
    printed = print_queue.output_of(job)
    same_sheet(printed, preview.pdf, tmp_path)
    assert set(pages(printed)) == {A4_POINTS}
    assert print_events(site) == [f"blank forms printed on {TEST_QUEUE} as job {job}"]
    assert settings.read_preferences(site.data_dir)["printer"] == TEST_QUEUE


def test_a_page_range_prints_those_pages(qtbot, print_queue: PrivateCups, site: SiteStore) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, site)
    window.menu_actions["blank_forms"].trigger()
    preview = opened_preview(qtbot, window)
    dialog = print_dialog(qtbot, preview)
    dialog.first_page.setValue(2)
    dialog.last_page.setValue(3)
    assert dialog.some_pages.isChecked()
    printed = print_queue.output_of(printed_job(qtbot, dialog, preview))
    assert len(pages(printed)) == 2


def test_the_worksheet_prints_then_reprints_marked_with_its_time(  # type: ignore[no-untyped-def]
    qtbot,
    print_queue: PrivateCups,
    worksheet: PdfPreviewDialog,
    nurse_store: SiteStore,
    tmp_path: Path,
) -> None:
    assert "REPRINT" not in text_of(worksheet)
    first = printed_job(qtbot, print_dialog(qtbot, worksheet), worksheet)
    (tmp_path / "1").mkdir()
    same_sheet(print_queue.output_of(first), worksheet.pdf, tmp_path / "1")
    worksheet.receipt = None
    qtbot.keyClick(worksheet, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Ctrl+P
    qtbot.waitUntil(lambda: len(worksheet.findChildren(PrintSheetDialog)) == 1)
    second = printed_job(qtbot, worksheet.findChildren(PrintSheetDialog)[0], worksheet)
    assert (
        worksheet.message.text()
        == f"Sent to printer {TEST_QUEUE} as job {second}, marked REPRINT 1."
    )
    assert "REPRINT 1, printed" in text_of(worksheet).replace("\n", " "), (
        "the preview shows the printed sheet"
    )
    (tmp_path / "2").mkdir()
    printed = print_queue.output_of(second)
    same_sheet(printed, worksheet.pdf, tmp_path / "2")
    assert "REPRINT" in pdftotext(printed)
    assert print_events(nurse_store) == [
        f"dosing worksheet W0 printed on {TEST_QUEUE} as job {first}",
        f"dosing worksheet W0 printed on {TEST_QUEUE} as job {second} (REPRINT 1)",
    ]


def test_a_reopened_worksheet_already_says_reprint(  # type: ignore[no-untyped-def]
    qtbot, print_queue: PrivateCups, worksheet: PdfPreviewDialog, nurse_store: SiteStore, msc: str
) -> None:
    printed_job(qtbot, print_dialog(qtbot, worksheet), worksheet)
    subject = participant_detail(nurse_store, msc).ref.subject_id
    again = preview_dosing_worksheet(None, nurse_store, subject, "W0")
    assert again is not None
    qtbot.addWidget(again)
    assert "REPRINT 1" in text_of(again)


def test_the_sae_report_prints(
    qtbot, print_queue: PrivateCups, nurse_store: SiteStore, msc: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    record_adverse_event(
        nurse_store, msc, {**AE, "serious_hospitalisation": "Y", "grade": "3"}, today=TODAY
    )
    window = open_window(qtbot, nurse_store)
    window.show_participant(msc)
    tab = window.participant_page.follow_up.adverse_events
    tab.select_ae(1)
    tab.print_sae_button.click()
    preview = opened_preview(qtbot, tab)
    job = printed_job(qtbot, print_dialog(qtbot, preview), preview)
    same_sheet(print_queue.output_of(job), preview.pdf, tmp_path)
    assert print_events(nurse_store) == [f"SAE report AE 1 printed on {TEST_QUEUE} as job {job}"]


FAULTS = {
    "stopped": (
        ("cupsdisable", "-r", "paper jam", TEST_QUEUE),
        (
            f"Printer {TEST_QUEUE} is stopped (paper jam): restart it and retry, choose "
            "another printer, or save"
            " the PDF instead."
        ),
        "Stopped (paper jam), set up for A4 paper",
    ),
    "rejecting": (
        ("cupsreject", TEST_QUEUE),
        (
            f"Printer {TEST_QUEUE} is not accepting jobs now: choose another printer, retry "
            "when it accepts"
            " jobs again, or save the PDF instead."
        ),
        "Not accepting jobs (Rejecting Jobs), set up for A4 paper",
    ),
    "removed": (
        ("lpadmin", "-x", TEST_QUEUE),
        (
            f"Printer {TEST_QUEUE} is not installed on this computer (any more): choose "
            "another printer, or save"
            " the PDF instead."
        ),
        f"Printer {TEST_QUEUE} is not installed",
    ),
    "wrong paper": (
        ("lpadmin", "-p", TEST_QUEUE, "-o", "media-default=na_letter_8.5x11in"),
        (
            f"Printer {TEST_QUEUE} is set up for US Letter paper but this sheet is A4: load "
            "A4 paper and set the"
            " printer to it, then retry; or save the PDF instead."
        ),
        "Ready, set up for US Letter paper",
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_is_one_sentence_with_retry_and_save_instead(  # type: ignore[no-untyped-def]
    qtbot,
    print_queue: PrivateCups,
    worksheet: PdfPreviewDialog,
    nurse_store: SiteStore,
    tmp_path: Path,
    fault: str,
) -> None:
    command, sentence, state = FAULTS[fault]
    dialog = print_dialog(qtbot, worksheet)
    print_queue.run(*command)
    dialog.print_button.click()
    assert dialog.message.text() == sentence
    assert dialog.state.text().startswith(state)
    assert (
        dialog.print_button.text() == "Retry"
        and dialog.save_instead.isVisible()
        and dialog.isVisible()
    )
    assert worksheet.receipt is None and print_events(nurse_store) == []
    print_queue.reset_queue(TEST_QUEUE)
    job = printed_job(qtbot, dialog, worksheet)
    assert print_events(nurse_store) == [
        f"dosing worksheet W0 printed on {TEST_QUEUE} as job {job}"
    ]
    assert worksheet.save_to(tmp_path / "instead") == tmp_path / "instead.pdf"


def test_without_any_printer_the_dialog_says_so_and_retries(  # type: ignore[no-untyped-def]
    qtbot, print_queue: PrivateCups, worksheet: PdfPreviewDialog
) -> None:
    print_queue.run("lpadmin", "-x", TEST_QUEUE)
    dialog = print_dialog(qtbot, worksheet)
    assert dialog.printers.count() == 0
    assert dialog.message.text() == (
        "No printer is installed on this computer: save the PDF and print it from another"
        " computer, or add a printer and retry."
    )
    assert dialog.print_button.text() == "Retry" and dialog.save_instead.isVisible()
    print_queue.reset_queue(TEST_QUEUE)
    dialog.print_button.click()
    assert dialog.printers.currentData() == TEST_QUEUE
    printed_job(qtbot, dialog, worksheet)


def test_the_last_printer_used_is_chosen_first(  # type: ignore[no-untyped-def]
    qtbot, print_queue: PrivateCups, worksheet: PdfPreviewDialog, nurse_store: SiteStore
) -> None:
    print_queue.add_queue(OTHER_QUEUE)
    try:
        dialog = print_dialog(qtbot, worksheet)
        assert [dialog.printers.itemData(i) for i in range(dialog.printers.count())] == [
            OTHER_QUEUE,
            TEST_QUEUE,
        ]
        dialog.printers.setCurrentIndex(0)
        printed_job(qtbot, dialog, worksheet)
        assert settings.read_preferences(nurse_store.data_dir)["printer"] == OTHER_QUEUE
        worksheet.receipt = None
        dialog = print_dialog(qtbot, worksheet)
        assert dialog.printers.currentData() == OTHER_QUEUE
        dialog.printers.setCurrentIndex(1)
        printed_job(qtbot, dialog, worksheet)
        dialog = print_dialog(qtbot, worksheet)
        assert dialog.printers.currentData() == TEST_QUEUE
        dialog.reject()
    finally:
        print_queue.run("lpadmin", "-x", OTHER_QUEUE)


def test_faults_are_in_chinese_in_the_chinese_interface(  # type: ignore[no-untyped-def]
    qtbot, chinese: None, print_queue: PrivateCups, worksheet: PdfPreviewDialog
) -> None:
    dialog = print_dialog(qtbot, worksheet)
    print_queue.run("cupsreject", TEST_QUEUE)
    dialog.print_button.click()
    assert dialog.message.text().startswith(f"打印机 {TEST_QUEUE} 目前不接受打印作业")
    assert english_left(dialog, TEST_QUEUE, "Rejecting Jobs") == []
