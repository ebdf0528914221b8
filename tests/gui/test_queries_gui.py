"""Queries at the site in the GUI: the count in the status bar, the list, the item highlighted in
its form, the answer dialog (text, or the value corrected in its own widget), and SDV ticks."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("PySide6", reason="PySide6 is not installed: the GUI tests need it")
pytest.importorskip("pytestqt", reason="pytest-qt is not installed: the GUI tests need it")

from PySide6.QtWidgets import QInputDialog, QMessageBox

from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.queries import ItemAddress
from msc_desktop.gui.actions import build_main_window
from msc_desktop.gui.participant.adverse_event_dialog import AdverseEventDialog
from msc_desktop.gui.participant.infusion_dialog import InfusionDialog
from msc_desktop.gui.participant.page import ParticipantPage
from msc_desktop.gui.participant.queries import AnswerDialog, QueriesDialog
from msc_desktop.gui.widgets.form_engine import HIGHLIGHT_STYLE, VERIFIED_MARK
from msc_desktop.store.services.adverse_events import record_adverse_event
from msc_desktop.store.services.infusions import plan_infusion
from msc_desktop.store.services.participants import record_consent, register_participant
from msc_desktop.store.services.queries import list_queries, receive_queries
from msc_desktop.store.services.screening import save_screening, screening_state, sign_eligibility
from msc_desktop.store.services.sdv import mark_verified, visit_place
from msc_desktop.store.site import SiteStore
from tests.accounts import INVESTIGATOR, MONITOR
from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION, TODAY, randomized_participant
from tests.gui.helpers import ModalAnswers, click_button
from tests.queries import opened
from tests.unit.store.test_services_followup import AE, PLAN


def _with_queries(nurse: SiteStore, investigator: SiteStore) -> str:
    pid = register_participant(nurse, REGISTRATION, today=TODAY).id
    record_consent(nurse, pid, CONSENT, today=TODAY)
    save_screening(nurse, pid, ELIGIBLE_SCREENING, today=TODAY)
    sign_eligibility(investigator, pid, INVESTIGATOR[1])
    albumin = visit_place(nurse, pid, "SCR", "screening", "albumin")
    consent = visit_place(nurse, pid, "SCR", "consent", "consent_version")
    with nurse.session() as session:
        receive_queries(
            session,
            "01",
            [
                opened(1, albumin, "Albumin 30 g/L: check the lab report."),
                opened(2, consent, "Which consent version was signed?"),
            ],
            [],
            0,
        )
    return pid


def test_the_count_the_list_and_the_item_highlighted(
    qtbot: Any, nurse_store: SiteStore, investigator_store: SiteStore
) -> None:
    pid = _with_queries(nurse_store, investigator_store)
    window = build_main_window(nurse_store, clock=lambda: TODAY)
    qtbot.addWidget(window)
    assert window.queries_label.text() == "Open queries: 2"
    dialog = window.show_queries()
    assert isinstance(dialog, QueriesDialog)
    table = dialog.table
    rows = [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]
    assert rows == [
        [
            "1",
            "01-0001",
            "Screening",
            "Albumin",
            "open",
            "Albumin 30 g/L: check the lab report.",
            "",
        ],
        [
            "2",
            "01-0001",
            "Screening",
            "Consent form version",
            "open",
            "Which consent version was signed?",
            "",
        ],
    ]
    dialog.table.selectRow(0)
    dialog.item_button.click()
    page = window.participant_page
    assert (
        window.work.currentWidget() is page
        and page.detail is not None
        and page.detail.ref.id == pid
    )
    assert page.tabs.currentWidget() is page.screening
    assert page.screening.form.highlighted == "albumin"
    assert page.screening.form.editors["albumin"].styleSheet() == HIGHLIGHT_STYLE
    assert page.queries_button.text() == "Queries: 2 open of 2"


def test_answer_by_correction_in_the_items_own_widget(
    qtbot: Any, nurse_store: SiteStore, investigator_store: SiteStore, modals: ModalAnswers
) -> None:
    pid = _with_queries(nurse_store, investigator_store)
    [first, _second] = list_queries(nurse_store)
    dialog = AnswerDialog(nurse_store, first, clock=lambda: TODAY)
    qtbot.addWidget(dialog)
    assert dialog.editor is not None and not dialog.editor.isEnabled()
    assert dialog.editor.raw_value() == {"value": "30", "unit": "g/L"}  # the value recorded now
    dialog.correct.setChecked(True)
    dialog.editor.set_unit("g/L")
    dialog.editor.set_text_input("35")
    dialog.text.setPlainText("Transcription error; corrected from the lab report.")
    dialog.send.click()
    assert dialog.result() == AnswerDialog.DialogCode.Accepted
    assert "Query 1 answered." in dialog.outcome and "is void" in dialog.outcome
    assert screening_state(nurse_store, pid).signature is None
    [first, second] = list_queries(nurse_store)
    assert (first.state, first.answer) == (
        "answered",
        "Transcription error; corrected from the lab report. [35 g/L]",
    )
    assert second.state == "open"  # two queries, one item each: independent
    modals.check()


def test_an_empty_answer_is_refused_in_one_line(
    qtbot: Any, nurse_store: SiteStore, investigator_store: SiteStore, modals: ModalAnswers
) -> None:
    _with_queries(nurse_store, investigator_store)
    dialog = AnswerDialog(nurse_store, list_queries(nurse_store)[1], clock=lambda: TODAY)
    qtbot.addWidget(dialog)
    seen: list[str] = []

    def record(modal: Any) -> None:
        assert isinstance(modal, QMessageBox)
        seen.append(modal.text())
        modal.button(QMessageBox.StandardButton.Ok).click()

    modals.expect(record)
    dialog.send.click()
    qtbot.waitUntil(lambda: not modals.pending)
    assert seen == ["Write a text for the query."]
    assert list_queries(nurse_store)[1].state == "open"
    modals.check()


def test_verified_fields_are_ticked_and_a_monitor_sees_mark_verified(
    qtbot: Any, site: SiteStore, nurse_store: SiteStore, investigator_store: SiteStore
) -> None:
    pid = _with_queries(nurse_store, investigator_store)
    monitor = SiteStore.unlock(site.data_dir, MONITOR[0], MONITOR[1])
    try:
        mark_verified(monitor, pid, visit_place(monitor, pid, "SCR", "consent"), "form")
        page = ParticipantPage(monitor, clock=lambda: TODAY)
        qtbot.addWidget(page)
        page.open(pid)
        assert not page.verify_button.isHidden()
        label = page.consent.form._field_labels["consent_version"]
        assert label.text().endswith(VERIFIED_MARK) and label.toolTip().startswith(
            "Verified against source:"
        )
        assert not page.screening.form._field_labels["albumin"].text().endswith(VERIFIED_MARK)
    finally:
        monitor.close()
    nurse_page = ParticipantPage(nurse_store, clock=lambda: TODAY)
    qtbot.addWidget(nurse_page)
    nurse_page.open(pid)
    assert nurse_page.verify_button.isHidden()


def test_a_monitor_marks_one_item_verified_from_the_page(
    qtbot: Any,
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    modals: ModalAnswers,
) -> None:
    pid = _with_queries(nurse_store, investigator_store)
    monitor = SiteStore.unlock(site.data_dir, MONITOR[0], MONITOR[1])
    try:
        page = ParticipantPage(monitor, clock=lambda: TODAY)
        qtbot.addWidget(page)
        page.open(pid)
        assert page.tabs.currentWidget() is page.screening

        def choose_albumin(modal: Any) -> None:
            assert isinstance(modal, QInputDialog)
            modal.setTextValue("Albumin")
            modal.accept()

        modals.expect(click_button("One item..."), choose_albumin)
        page.verify_button.click()
        qtbot.waitUntil(lambda: not modals.pending)
        modals.check()
        labels = page.screening.form._field_labels
        assert labels["albumin"].text().endswith(VERIFIED_MARK)
        assert not labels["inr"].text().endswith(VERIFIED_MARK)
    finally:
        monitor.close()


def test_a_query_on_an_adverse_event_or_an_infusion_opens_its_dialog_with_the_item_highlighted(
    qtbot: Any, nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    record_adverse_event(nurse_store, pid, AE, today=TODAY)
    plan_infusion(nurse_store, pid, PLAN, today=TODAY)
    catalogue = ItemCatalogue(nurse_store.protocol)
    term = catalogue.field_item("adverse_event", "term")
    ae_place = ItemAddress(
        "01-0001",
        catalogue.common_event.oid,
        catalogue.form("adverse_event").oid,
        term.group_oid,
        "1",
        term.oid,
    )
    volume = visit_place(nurse_store, pid, "W0", "infusion", "volume_infused_ml")
    weight = visit_place(nurse_store, pid, "W0", "infusion", "weight")
    with nurse_store.session() as session:
        receive_queries(
            session,
            "01",
            [
                opened(1, ae_place, "Which term did the source use?"),
                opened(2, weight, "Weight on the scale's printout?"),
                opened(3, volume, "Volume infused?"),
            ],
            [],
            0,
        )
    window = build_main_window(nurse_store, clock=lambda: TODAY)
    qtbot.addWidget(window)
    window.show_participant(pid)
    page = window.participant_page
    [ae_query, weight_query, volume_query] = list_queries(nurse_store)
    assert page.show_query_item(ae_query)
    [ae_dialog] = page.findChildren(AdverseEventDialog)
    assert ae_dialog.form.highlighted == "term"
    assert ae_dialog.form.editors["term"].styleSheet() == HIGHLIGHT_STYLE
    ae_dialog.reject()
    assert page.show_query_item(weight_query)
    assert page.show_query_item(volume_query)
    first, second = page.findChildren(InfusionDialog)
    assert (
        first.plan_form.highlighted == "weight"
        and second.log_form.highlighted == "volume_infused_ml"
    )
    first.reject()  # not left open for the next test's modal watcher
    second.reject()
