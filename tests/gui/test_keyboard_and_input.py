"""Keyboard-first and forgiving input (issue 12, items 8-12): Ctrl+S, Enter, Escape asking before
typed entries go, the signature refusals that say whose password was wrong, the dose plan that
saves nothing when nothing changed and offers the latest weight."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

pytest.importorskip("PySide6", reason="PySide6 is not installed: the GUI tests need it")
pytest.importorskip("pytestqt", reason="pytest-qt is not installed: the GUI tests need it")

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit, QTableView, QWidget

from msc_desktop.domain.decimals import grouped
from msc_desktop.domain.forms import clean_form
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.gui.main_window import MainWindow
from msc_desktop.gui.participant.adverse_events import AdverseEventDialog, choice_label
from msc_desktop.gui.participant.infusions import InfusionDialog, latest_weight
from msc_desktop.gui.participant.lists import ParticipantListPage
from msc_desktop.gui.widgets.form_engine import FieldEditor, FormView
from msc_desktop.store.services.infusions import infusion_view
from msc_desktop.store.services.participants import (
    participant_detail,
    record_consent,
    register_participant,
)
from msc_desktop.store.services.screening import screening_state
from msc_desktop.store.services.visits import visit_records
from msc_desktop.store.site import SiteStore
from tests.accounts import INVESTIGATOR, NURSE
from tests.factories import CONSENT, REGISTRATION, TODAY, randomized_participant
from tests.gui.helpers import ModalAnswers, click_button, fill
from tests.unit.store.test_services_followup import LOG, PLAN

PROTOCOL = load_protocol()


@pytest.fixture
def msc(nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore) -> str:
    return randomized_participant(nurse_store, investigator_store, site, arm="MSC")


def infusion_dialog(
    qtbot: Any, store: SiteStore, participant_id: str, clock: Callable[[], date]
) -> InfusionDialog:
    records = visit_records(store, participant_id)
    dialog = InfusionDialog(
        store,
        participant_detail(store, participant_id),
        "W0",
        infusion_view(store, participant_id, "W0"),
        baseline_weight=Decimal("62.5"),
        latest_weight=latest_weight(records),
        clock=clock,
    )
    qtbot.addWidget(dialog, before_close_func=forget_entries)
    dialog.show()
    return dialog


def forget_entries(dialog: QWidget) -> None:
    """At teardown: nothing typed is left, so closing the dialog asks nothing."""
    for form in dialog.findChildren(FormView):
        form.mark_saved()
    for line in dialog.findChildren(QLineEdit):
        if line.echoMode() == QLineEdit.EchoMode.Password or line.objectName() in (
            "verifier_user",
            "override_user",
            "override_reason",
            "deviation_reason",
        ):
            line.clear()


def planned(
    qtbot: Any, modals: ModalAnswers, store: SiteStore, participant_id: str
) -> InfusionDialog:
    dialog = infusion_dialog(qtbot, store, participant_id, lambda: TODAY)
    fill(dialog.plan_form, {k: v for k, v in PLAN.items() if k != "visit_code"})
    dialog.save_plan()
    modals.check()
    assert dialog.view is not None
    return dialog


# -- item 8: Ctrl+S --------------------------------------------------------------------------------


def test_ctrl_s_saves_the_form_on_screen(
    qtbot: Any, modals: ModalAnswers, nurse_store: SiteStore, clock: Callable[[], date]
) -> None:
    ref = register_participant(nurse_store, REGISTRATION, today=TODAY)
    record_consent(nurse_store, ref.id, CONSENT, today=TODAY)
    window = MainWindow(nurse_store, clock=clock)
    qtbot.addWidget(window)
    window.show()
    window.show_participant(ref.id)
    page = window.participant_page
    assert page.tabs.currentWidget() is page.screening
    first = page.screening.form.editors["screening_date"].focus_widget
    assert window.focusWidget() is first, (
        "opening a participant puts the cursor in the first empty field"
    )
    qtbot.keyClicks(first, TODAY.isoformat())
    # The key press itself is driven in a real window (tests/xwindow); offscreen has no shortcut
    # map.
    assert (
        window.menu_actions["save"].shortcut()
        == QKeySequence(QKeySequence.StandardKey.Save)
        == QKeySequence("Ctrl+S")
    )
    window.menu_actions["save"].trigger()
    modals.check()
    assert (
        str(screening_state(nurse_store, ref.id).values.get("screening_date")) == TODAY.isoformat()
    ), modals.seen
    assert not page.screening.form.is_dirty()


# -- item 10: Escape asks before typed entries go ----------------------------------------------


def test_escape_in_the_ae_dialog_asks_before_discarding(
    qtbot: Any, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:
    dialog = AdverseEventDialog(
        nurse_store, participant_detail(nurse_store, msc), clock=lambda: TODAY
    )
    qtbot.addWidget(dialog, before_close_func=forget_entries)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible(), "nothing typed: Escape closes at once"
    dialog.show()
    fill(dialog.form, {"term": "Fever"})
    modals.expect(click_button("Keep editing"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    modals.check()
    assert dialog.isVisible() and dialog.form.raw_values()["term"] == "Fever"
    modals.expect(click_button("Discard changes"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    modals.check()
    assert not dialog.isVisible()
    assert (
        "Unsaved entries: The entries typed in this window are not saved. Discard them?"
        in modals.seen
    )


def test_escape_in_the_infusion_dialog_asks_before_discarding(
    qtbot: Any, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:
    dialog = infusion_dialog(qtbot, nurse_store, msc, lambda: TODAY)
    fill(dialog.plan_form, {"product_lot": "LOT-9"})
    modals.expect(click_button("Keep editing"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    modals.check()
    assert dialog.isVisible()
    dialog.plan_form.mark_saved()
    dialog.verifier_user.setText("doctor")  # a typed signature entry counts too
    modals.expect(click_button("Discard changes"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    modals.check()
    assert not dialog.isVisible()


# -- item 11: signatures, the unchanged plan, the latest weight ---------------------------------


def test_a_wrong_password_names_whose_and_keeps_the_other(
    qtbot: Any, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:
    dialog = planned(qtbot, modals, nurse_store, msc)
    fill(dialog.log_form, LOG)
    dialog.preparer_password.setText("not-my-password-1")
    dialog.verifier_user.setText(INVESTIGATOR[0])
    dialog.verifier_password.setText(INVESTIGATOR[1])
    modals.expect(lambda box: box.close())
    assert dialog.log() is None
    modals.check()
    assert "Your password (the preparing nurse's signature) is wrong" in dialog.message.text()
    assert (
        dialog.preparer_password.text() == "" and dialog.verifier_password.text() == INVESTIGATOR[1]
    )
    dialog.preparer_password.setText(NURSE[1])
    dialog.verifier_password.setText("not-the-password-2")
    modals.expect(lambda box: box.close())
    assert dialog.log() is None
    modals.check()
    assert "The verifier's user name or password is wrong" in dialog.message.text()
    assert dialog.preparer_password.text() == NURSE[1] and dialog.verifier_password.text() == ""
    dialog.verifier_password.setText(INVESTIGATOR[1])
    logged = dialog.log()
    assert logged is not None and logged.status == "completed"
    assert dialog.preparer_password.text() == "" and dialog.verifier_password.text() == ""


def test_change_dose_plan_with_nothing_changed_saves_nothing(
    qtbot: Any, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:
    dialog = planned(qtbot, modals, nurse_store, msc)
    before = infusion_view(nurse_store, msc, "W0")
    assert dialog.plan_button.text() == "Change dose plan..."
    dialog.plan_button.click()  # no reason asked: ModalAnswers fails on any dialog
    modals.check()
    assert dialog.message.text() == "The dose plan is unchanged: nothing to save."
    assert infusion_view(nurse_store, msc, "W0") == before


def test_the_latest_weight_within_3_days_is_offered_in_the_dose_plan(
    qtbot: Any, nurse_store: SiteStore, msc: str
) -> None:
    # The screening weight (62.5 kg) was taken the day before TODAY.
    weighed_on = date(2026, 11, 19)
    assert latest_weight(visit_records(nurse_store, msc)) == (Decimal("62.5"), weighed_on)
    dialog = infusion_dialog(qtbot, nurse_store, msc, lambda: weighed_on + timedelta(days=3))
    values = dialog.plan_form.raw_values()
    assert (values["weight"], values["weight_date"]) == ("62.5", weighed_on.isoformat())
    assert "The latest weight, 62.5 kg of 19 Nov 2026, is filled in" in dialog.message.text()
    assert not dialog.plan_form.is_dirty()
    late = infusion_dialog(qtbot, nurse_store, msc, lambda: weighed_on + timedelta(days=4))
    assert late.plan_form.raw_values()["weight"] == "", "a weight older than 3 days is not offered"


# -- item 8: Save and next moves through a visit's forms -----------------------------------------

W0_VISIT = {
    "weight": "62.0",
    "bilirubin": {"value": "2.5", "unit": "mg/dL"},
    "albumin": {"value": "3.1", "unit": "g/dL"},
    "inr": "1.6",
    "creatinine": {"value": "1.0", "unit": "mg/dL"},
    "sodium": "136",
    "ascites": "slight",
    "encephalopathy_grade": "0",
    "dialysis": "N",
    "variceal_bleeding": "N",
}


def open_visits(
    qtbot: Any, store: SiteStore, participant_id: str, clock: Callable[[], date]
) -> MainWindow:
    window = MainWindow(store, clock=clock)
    qtbot.addWidget(window)
    window.show()
    window.show_participant(participant_id)
    page = window.participant_page
    assert page.tabs.currentWidget() is page.follow_up.visits
    assert page.follow_up.visits.form.raw_values()["visit_code"] == "W0"
    return window


def test_save_and_next_goes_from_the_w0_visit_to_its_infusion(
    qtbot: Any, modals: ModalAnswers, nurse_store: SiteStore, msc: str, clock: Callable[[], date]
) -> None:
    window = open_visits(qtbot, nurse_store, msc, clock)
    page = window.participant_page
    assert window.menu_actions["save_next"].shortcut() == QKeySequence("Ctrl+Shift+S")
    fill(page.follow_up.visits.form, W0_VISIT)
    window.menu_actions["save_next"].trigger()
    modals.check()
    assert [r.visit_code for r in visit_records(nurse_store, msc)] == ["SCR", "W0"], modals.seen
    infusions = page.follow_up.infusions
    assert page.tabs.currentWidget() is infusions
    assert infusions.selected_code() == "W0"
    [dialog] = [d for d in infusions.findChildren(InfusionDialog) if d.isVisible()]
    qtbot.addWidget(dialog, before_close_func=forget_entries)
    assert dialog.visit_code == "W0" and dialog.view is None, "the W0 dose plan is the next form"
    assert dialog.focusWidget() is dialog.plan_form.editors["product_lot"].focus_widget, (
        "the cursor waits in the plan"
    )
    dialog.reject()


def test_save_and_next_without_an_infusion_opens_the_next_visit_to_record(
    qtbot: Any,
    modals: ModalAnswers,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    site: SiteStore,
    clock: Callable[[], date],
) -> None:
    control = randomized_participant(nurse_store, investigator_store, site, arm="CONTROL")
    window = open_visits(qtbot, nurse_store, control, clock)
    visits = window.participant_page.follow_up.visits
    fill(visits.form, W0_VISIT)
    visits.save_next_button.click()
    modals.check()
    assert [r.visit_code for r in visit_records(nurse_store, control)] == ["SCR", "W0"], modals.seen
    assert window.participant_page.tabs.currentWidget() is visits
    assert visits.editing == "W4" and visits.selected_code() == "W4"
    assert visits.form.raw_values()["visit_code"] == "W4"
    assert window.focusWidget() is visits.form.editors["visit_date"].focus_widget, (
        "the cursor waits in the next visit"
    )


def test_save_and_next_with_an_error_stays_on_the_form(
    qtbot: Any, modals: ModalAnswers, nurse_store: SiteStore, msc: str, clock: Callable[[], date]
) -> None:
    window = open_visits(qtbot, nurse_store, msc, clock)
    page = window.participant_page
    visits = page.follow_up.visits
    fill(visits.form, {**W0_VISIT, "weight": "900"})
    modals.expect(lambda box: box.close())
    window.menu_actions["save_next"].trigger()
    modals.check()
    assert any("Not saved" in seen for seen in modals.seen), modals.seen
    assert [r.visit_code for r in visit_records(nurse_store, msc)] == ["SCR"]
    assert page.tabs.currentWidget() is visits and visits.editing == "W0"
    assert visits.form.raw_values()["weight"] == "900" and visits.form.is_dirty()
    assert visits.form.messages["weight"].text(), "the error stays next to the field"
    assert not [d for d in page.findChildren(InfusionDialog) if d.isVisible()]
    visits.form.mark_saved()


# -- item 12: coded values in the interface language ------------------------------------------


def test_the_chinese_list_shows_sex_in_chinese(
    qtbot: Any, nurse_store: SiteStore, clock: Callable[[], date], chinese: None
) -> None:
    register_participant(nurse_store, REGISTRATION, today=TODAY)  # sex "M"
    register_participant(
        nurse_store, {**REGISTRATION, "screening_number": "SCR-002", "sex": "F"}, today=TODAY
    )
    page = ParticipantListPage(nurse_store, clock=clock)
    qtbot.addWidget(page)
    page.reload()
    model = page.all_model
    sex = [model.data(model.index(row, 3)) for row in range(model.rowCount())]
    assert sorted(sex) == ["女", "男"]
    assert choice_label(PROTOCOL, "outcome", "FATAL") == "死亡"


# -- item 8: radio answers by arrow keys, dates from a calendar or Today --------------------------


def test_arrow_keys_choose_the_answer(qtbot: Any) -> None:
    editor = FieldEditor(load_protocol().form("consent").field("written_consent"))
    qtbot.addWidget(editor)
    editor.show()
    yes = editor.focus_widget
    qtbot.keyClick(yes, Qt.Key.Key_Right)
    assert editor.raw_value() == "N"
    qtbot.keyClick(editor._radios["N"], Qt.Key.Key_Left)
    assert editor.raw_value() == "Y"
    qtbot.keyClick(editor._radios["Y"], Qt.Key.Key_Up)  # wraps round, as radio groups do
    assert editor.raw_value() == "N"


def test_a_number_field_says_the_decimals_its_unit_takes(qtbot: Any) -> None:
    bilirubin = FieldEditor(PROTOCOL.form("visit").field("bilirubin"))
    qtbot.addWidget(bilirubin)
    line = bilirubin.findChild(QLineEdit)
    assert line is not None and line.placeholderText() == "number, up to 2 decimals"  # mg/dL
    bilirubin.set_unit("umol/L")
    assert line.placeholderText() == "number, one decimal at most"
    sodium = FieldEditor(PROTOCOL.form("visit").field("sodium"))
    qtbot.addWidget(sodium)
    sodium_line = sodium.findChild(QLineEdit)
    assert sodium_line is not None and sodium_line.placeholderText() == "whole number"


def test_a_number_field_says_its_decimals_in_chinese(qtbot: Any, chinese: None) -> None:
    weight = FieldEditor(PROTOCOL.form("visit").field("weight"))
    qtbot.addWidget(weight)
    line = weight.findChild(QLineEdit)
    assert line is not None and line.placeholderText() == "数值，最多一位小数"


def test_a_date_field_has_a_calendar_and_a_today_button(qtbot: Any) -> None:
    editor = FieldEditor(load_protocol().form("consent").field("consent_date"))
    qtbot.addWidget(editor)
    editor.show()
    edits: list[None] = []
    editor.edited.connect(lambda: edits.append(None))
    editor.today_button.click()
    assert editor.raw_value() == date.today().isoformat() and len(edits) == 1
    editor.set_text_input("2026-11-18")
    calendar = editor.open_calendar()
    assert calendar.selectedDate().toString(Qt.DateFormat.ISODate) == "2026-11-18", (
        "opens on the date typed"
    )
    calendar.setSelectedDate(QDate(2026, 11, 3))
    qtbot.keyClick(calendar.findChild(QTableView), Qt.Key.Key_Return)
    assert editor.raw_value() == "2026-11-03"
    line = editor.focus_widget
    qtbot.keyClick(line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert calendar.isVisible(), "Alt+Down in the field opens the calendar"


# -- item 10: a message appearing moves nothing ---------------------------------------------------


def test_a_form_shows_no_widget_for_derived_items(qtbot: Any) -> None:
    form = load_protocol().form("infusion")
    view = FormView(form, lambda values: [])
    qtbot.addWidget(view)
    assert list(view.editors) == list(form.field_names)
    assert {"total_cells", "volume_planned_ml", "status"}.isdisjoint(view.editors)
    assert {"total_cells", "volume_planned_ml", "status"} <= {item.name for item in form.items}


def test_an_error_line_does_not_move_the_fields_below(qtbot: Any) -> None:
    form = load_protocol().form("screening")
    view = FormView(
        form,
        lambda values: list(clean_form("screening", values, today=TODAY, protocol=PROTOCOL).issues),
    )
    qtbot.addWidget(view)
    view.resize(800, 1400)
    view.show()
    below = view.editors["height"].focus_widget
    before = below.mapTo(view, below.rect().topLeft())
    view.editors["weight"].set_text_input("500")
    qtbot.wait(10)
    assert "Body weight must be between" in view.messages["weight"].text()
    assert below.mapTo(view, below.rect().topLeft()) == before


# -- item 8: Enter presses the default button -----------------------------------------------------


def test_enter_in_the_ae_form_saves_and_does_not_cancel(
    qtbot: Any, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:
    dialog = AdverseEventDialog(
        nurse_store, participant_detail(nurse_store, msc), clock=lambda: TODAY
    )
    qtbot.addWidget(dialog, before_close_func=forget_entries)
    dialog.show()
    term = dialog.form.editors["term"].focus_widget
    qtbot.keyClicks(term, "Fever")
    modals.expect(lambda box: box.close())
    qtbot.keyClick(term, Qt.Key.Key_Return)
    modals.check()
    assert modals.seen[-1].startswith("Not saved: Fix"), (
        modals.seen
    )  # the save ran: required fields missing
    assert dialog.isVisible()


def test_enter_in_a_participant_form_saves_it(
    qtbot: Any, nurse_store: SiteStore, clock: Callable[[], date]
) -> None:
    ref = register_participant(nurse_store, REGISTRATION, today=TODAY)
    record_consent(nurse_store, ref.id, CONSENT, today=TODAY)
    window = MainWindow(nurse_store, clock=clock)
    qtbot.addWidget(window)
    window.show()
    window.show_participant(ref.id)
    field = window.participant_page.screening.form.editors["screening_date"].focus_widget
    qtbot.keyClicks(field, TODAY.isoformat())
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert (
        str(screening_state(nurse_store, ref.id).values.get("screening_date")) == TODAY.isoformat()
    )


def test_enter_in_the_dose_plan_saves_the_plan(
    qtbot: Any, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:
    dialog = infusion_dialog(qtbot, nurse_store, msc, lambda: TODAY)
    fill(dialog.plan_form, {k: v for k, v in PLAN.items() if k != "visit_code"})
    field = dialog.plan_form.editors["bag_id"].focus_widget
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Return)
    modals.check()
    assert dialog.view is not None and dialog.view.status == "planned"


# -- item 11: numbers written the same on screen and on paper --------------------------------------


def test_the_dose_preview_writes_numbers_as_the_worksheet_does(
    qtbot: Any, nurse_store: SiteStore, msc: str
) -> None:
    dialog = infusion_dialog(qtbot, nurse_store, msc, lambda: TODAY)
    fill(dialog.plan_form, {k: v for k, v in PLAN.items() if k != "visit_code"})
    text = dialog.preview.text()
    # grouped() is what the dosing worksheet (reports/worksheet.py) prints.
    assert "Target dose: 61,000,000 cells (1,000,000 cells/kg × 61 kg)" in text, text
    assert "Viable concentration: 1,840,000 cells/mL" in text, text
    assert (
        grouped(Decimal(61000000)) == "61,000,000"
        and grouped(Decimal("1840000.5")) == "1,840,000.5"
    )
