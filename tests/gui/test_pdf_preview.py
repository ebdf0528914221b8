"""The PDF preview (issue 6, item 6): opened from the infusion visit, the AE, the File menu and the
set-up wizard; zoom and page navigation; saving atomically; refusals shown as one sentence with
nothing opened or written. Printing to a real queue: tests/gui/test_print_queue_gui.py."""

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

from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QWidget

from msc_desktop.gui.main_window import MainWindow
from msc_desktop.gui.participant.adverse_events import AdverseEventsTab
from msc_desktop.gui.participant.infusions import InfusionDialog
from msc_desktop.gui.setup_wizard import SetupWizard
from msc_desktop.gui.widgets.pdf_preview import PdfPreviewDialog
from msc_desktop.store import settings
from msc_desktop.store.services.adverse_events import record_adverse_event
from msc_desktop.store.services.infusions import plan_infusion
from msc_desktop.store.site import SiteStore
from tests.accounts import ADMIN
from tests.factories import TODAY, randomized_participant
from tests.gui.helpers import ModalAnswers, ok
from tests.unit.store.test_services_followup import AE, PLAN

A4_POINTS = (595, 842)
LETTER_POINTS = (612, 792)


def open_window(qtbot, store: SiteStore) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(store, clock=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    return window


def previews(parent: QWidget) -> list[PdfPreviewDialog]:
    return parent.findChildren(PdfPreviewDialog)


def opened_preview(qtbot, parent: QWidget) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: len(previews(parent)) == 1)
    dialog = previews(parent)[0]
    qtbot.addWidget(dialog)  # closed after the test, so no modal outlives it
    qtbot.waitExposed(dialog)
    return dialog


def page_points(dialog: PdfPreviewDialog, page: int = 0) -> tuple[int, int]:
    size = dialog.document.pagePointSize(page)
    return round(size.width()), round(size.height())


def text_of(dialog: PdfPreviewDialog) -> str:
    return " ".join(dialog.document.getAllText(page).text() for page in range(dialog.page_count))


@pytest.fixture
def blank_forms(qtbot, site: SiteStore) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, site)
    window.menu_actions["blank_forms"].trigger()
    return opened_preview(qtbot, window)


@pytest.fixture
def msc(nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore) -> str:
    return randomized_participant(nurse_store, investigator_store, site, arm="MSC")


# -- the dialog ------------------------------------------------------------------------------------


def test_blank_forms_from_the_file_menu_page_through(qtbot, blank_forms: PdfPreviewDialog) -> None:  # type: ignore[no-untyped-def]
    dialog = blank_forms
    assert dialog.page_count > 2
    assert page_points(dialog) == A4_POINTS
    assert "Test Hospital" in text_of(dialog)
    assert dialog.save_button.isVisible()
    assert dialog.current_page == 0 and not dialog.previous_button.isEnabled()
    assert dialog.page_total.text() == f"of {dialog.page_count}"
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.current_page == 1)
    assert dialog.page_box.value() == 2 and dialog.previous_button.isEnabled()
    dialog.page_box.setValue(dialog.page_count)
    qtbot.waitUntil(lambda: dialog.current_page == dialog.page_count - 1)
    assert not dialog.next_button.isEnabled()
    dialog.go_to_page(dialog.page_count + 5)
    assert dialog.current_page == dialog.page_count - 1
    dialog.previous_button.click()
    qtbot.waitUntil(lambda: dialog.current_page == dialog.page_count - 2)


def test_zoom_in_out_and_fit(qtbot, blank_forms: PdfPreviewDialog) -> None:  # type: ignore[no-untyped-def]
    dialog = blank_forms
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    dialog.set_zoom(1.0)
    dialog.zoom_in_button.click()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert dialog.zoom_factor == pytest.approx(1.25)
    assert dialog.zoom_label.text() == "125 %"
    dialog.zoom_out_button.click()
    dialog.zoom_out_button.click()
    assert dialog.zoom_factor == pytest.approx(0.8)
    for _ in range(20):
        dialog.zoom_out()
    assert dialog.zoom_factor == pytest.approx(0.25) and not dialog.zoom_out_button.isEnabled()
    dialog.findChild(QWidget, "fit_page").click()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitInView
    assert dialog.zoom_label.text() == "whole page"
    whole_page = dialog._shown_zoom()
    dialog.findChild(QWidget, "fit_width").click()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert dialog.zoom_label.text() == "fit width"
    fit = dialog._shown_zoom()
    assert 0.3 < whole_page < fit, (
        "a portrait page fits the width at a larger zoom than the whole page"
    )
    dialog.zoom_in()
    assert dialog.zoom_factor == pytest.approx(fit * 1.25)


def test_save_writes_the_same_bytes_and_adds_the_suffix(
    qtbot, blank_forms: PdfPreviewDialog, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    usb = tmp_path / "usb"
    usb.mkdir()
    written = blank_forms.save_to(usb / "forms")
    assert written == usb / "forms.pdf"
    assert written.read_bytes() == blank_forms.pdf
    assert f"Saved to {written}" in blank_forms.message.text()
    assert sorted(p.name for p in usb.iterdir()) == ["forms.pdf"], (
        "no temporary file is left behind"
    )


def test_save_into_a_missing_folder_says_so_and_writes_nothing(
    qtbot, blank_forms: PdfPreviewDialog, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "unplugged-usb" / "forms.pdf"
    assert blank_forms.save_to(target) is None
    assert str(tmp_path / "unplugged-usb") in blank_forms.message.text()
    assert "\n" not in blank_forms.message.text() and "Traceback" not in blank_forms.message.text()
    assert not (tmp_path / "unplugged-usb").exists()


def test_paper_and_language_come_from_the_settings(qtbot, site: SiteStore) -> None:  # type: ignore[no-untyped-def]
    settings.change(site, "paper_size", "letter")
    settings.write_preference(site.data_dir, "language", "zh")
    window = open_window(qtbot, site)
    window.menu_actions["blank_forms"].trigger()
    dialog = opened_preview(qtbot, window)
    assert page_points(dialog) == LETTER_POINTS
    assert "\u7b5b\u9009" in text_of(dialog)  # "screening" in Chinese


# -- wired into the screens ------------------------------------------------------------------------


def test_dosing_worksheet_from_the_infusion_tab(qtbot, nurse_store: SiteStore, msc: str) -> None:  # type: ignore[no-untyped-def]
    plan_infusion(nurse_store, msc, PLAN, today=TODAY)
    window = open_window(qtbot, nurse_store)
    window.show_participant(msc)
    tab = window.participant_page.follow_up.infusions
    assert not tab.print_button.isEnabled()
    tab.table.selectRow(0)
    assert tab.print_button.isEnabled()
    tab.print_button.click()
    dialog = opened_preview(qtbot, tab)
    text = text_of(dialog)
    subject_id = window.participant_page.detail.ref.subject_id
    assert subject_id in text and "Week 0" in text and "LOT-7" in text
    assert dialog.file_name == f"dosing-worksheet-{subject_id}-W0.pdf"
    tab.table.selectRow(1)
    assert not tab.print_button.isEnabled(), "W4 has no dose plan yet"


def test_a_visit_without_a_dose_plan_is_refused_in_one_sentence(  # type: ignore[no-untyped-def]
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, msc: str, tmp_path: Path
) -> None:
    from msc_desktop.store.services.participants import participant_detail

    detail = participant_detail(nurse_store, msc)
    dialog = InfusionDialog(
        nurse_store, detail, "W0", None, baseline_weight=None, clock=lambda: TODAY
    )
    qtbot.addWidget(dialog)
    dialog.show()
    modals.expect(ok())
    dialog.findChild(QWidget, "dialog_print_worksheet").click()
    modals.check()
    title, sentence = modals.seen[-1].split(": ", 1)
    assert title == "Cannot print" and sentence.endswith(".") and "\n" not in sentence
    assert "weight" in sentence.lower() or "plan" in sentence.lower()
    assert previews(dialog) == []


def test_control_arm_worksheet_is_refused(  # type: ignore[no-untyped-def]
    qtbot,
    modals: ModalAnswers,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    site: SiteStore,
) -> None:
    control = randomized_participant(nurse_store, investigator_store, site, arm="CONTROL")
    from msc_desktop.gui.widgets.pdf_preview import preview_dosing_worksheet
    from msc_desktop.store.services.participants import participant_detail

    subject = participant_detail(nurse_store, control).ref.subject_id
    parent = QWidget()
    qtbot.addWidget(parent)
    modals.expect(ok())
    assert preview_dosing_worksheet(parent, nurse_store, subject, "W0") is None
    modals.check()
    assert "control" in modals.seen[-1].lower()


def test_sae_report_from_the_adverse_events_tab(qtbot, nurse_store: SiteStore, msc: str) -> None:  # type: ignore[no-untyped-def]
    record_adverse_event(nurse_store, msc, AE, today=TODAY)
    record_adverse_event(
        nurse_store,
        msc,
        {**AE, "term": "Variceal bleeding", "serious_hospitalisation": "Y", "grade": "3"},
        today=TODAY,
    )
    window = open_window(qtbot, nurse_store)
    window.show_participant(msc)
    tab: AdverseEventsTab = window.participant_page.follow_up.adverse_events
    tab.select_ae(1)
    assert not tab.print_sae_button.isEnabled(), "AE 1 is not serious"
    tab.select_ae(2)
    assert tab.print_sae_button.isEnabled()
    tab.print_sae_button.click()
    dialog = opened_preview(qtbot, tab)
    assert "Variceal bleeding" in text_of(dialog)
    assert dialog.windowTitle().endswith("AE 2")


def test_recovery_sheet_from_the_set_up_wizard(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard = SetupWizard(tmp_path / "new-site")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.site_id.setText("07")
    wizard.site_name.setText("Harbour Clinic")
    wizard.admin_user.setText(ADMIN[0])
    wizard.admin_name.setText(ADMIN[2])
    wizard.password.setText(ADMIN[1])
    wizard.password_again.setText(ADMIN[1])
    wizard.create_site()
    assert wizard.store is not None
    try:
        wizard.print_button.click()
        dialog = opened_preview(qtbot, wizard)
        text = text_of(dialog).replace("\n", " ")
        assert "Harbour Clinic" in text
        key_group = wizard.recovery_key.split("-")[0]
        assert key_group in text
        assert not dialog.save_button.isVisible(), (
            "the recovery sheet is printed, never saved as a file"
        )
        assert dialog.print_button.isVisible()
    finally:
        wizard.store.close()


def test_bytes_that_are_not_a_pdf_cannot_be_printed_but_say_why(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = PdfPreviewDialog(b"not a pdf", title="Broken", file_name="broken", parent=None)
    qtbot.addWidget(dialog)
    assert dialog.file_name == "broken.pdf" and dialog.page_count == 0
    assert not dialog.print_button.isEnabled()
    assert dialog.message.text() == "The sheet could not be displayed; it can still be saved."
