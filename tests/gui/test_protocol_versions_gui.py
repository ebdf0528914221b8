"""The administrator's protocol versions screen: an amendment's changes in English and Chinese, and
its activation on a date through the widgets."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6", reason="PySide6 is not installed: the GUI tests need it")
pytest.importorskip("pytestqt", reason="pytest-qt is not installed: the GUI tests need it")

from PySide6.QtCore import QDate

from msc_desktop.central.service import Center
from msc_desktop.gui.actions import build_main_window
from msc_desktop.gui.site.protocol_versions import ProtocolVersionsDialog
from msc_desktop.store.services.protocol_versions import protocol_in_effect, protocol_versions
from msc_desktop.store.services.visits import visit_records
from msc_desktop.store.site import SiteStore
from tests.amendment import NEW_ITEM, NEW_VISIT, VISIT_VALUES, amended_trial, deliver_amendment
from tests.gui.helpers import TODAY, ModalAnswers, click_button, english_left, fill
from tests.gui.test_follow_up_gui import schedule_states


def _items(widget: Any) -> list[str]:
    return [widget.item(row).text() for row in range(widget.count())]


def test_the_administrator_reviews_the_amendment_and_activates_it_on_a_date(
    qtbot: Any, site: SiteStore, center: Center, tmp_path: Path, modals: ModalAnswers
) -> None:
    deliver_amendment(site, center, tmp_path)
    dialog = ProtocolVersionsDialog(site, lambda: TODAY)
    qtbot.addWidget(dialog)
    assert dialog.in_use.text().startswith(
        "New forms are entered under protocol version 1.0 today."
    )
    assert _items(dialog.versions) == ["Version 1.1: not active"]
    assert dialog.heading.text().startswith(
        "What version 1.1 changes from version 1.0 (received from the coordinating centre "
    )
    assert _items(dialog.changes) == [
        "New visit: Week 36 follow-up, day 252 (from 7 days before to 7 days after).",
        "New item on the form Visit: Health today (EQ visual analogue scale, 0-100).",
        "New answer: W36 (Week 36 follow-up).",
    ]
    assert dialog.effective.minimumDate() == QDate(TODAY.year, TODAY.month, TODAY.day)
    on = TODAY + timedelta(days=3)
    dialog.effective.setDate(QDate(on.year, on.month, on.day))
    modals.expect(click_button("Cancel"))
    dialog.activate_button.click()
    qtbot.waitUntil(lambda: not modals.pending)
    assert protocol_versions(site, today=TODAY)[0].effective_from is None
    modals.expect(click_button("Activate"))
    dialog.activate_button.click()
    qtbot.waitUntil(lambda: not modals.pending)
    modals.check()
    assert (
        "From 23 Nov 2026, every new form is entered under protocol version 1.1." in modals.seen[-1]
    )
    assert _items(dialog.versions) == ["Version 1.1: takes effect on 23 Nov 2026"]
    assert protocol_versions(site, today=TODAY)[0].effective_from == on
    assert protocol_in_effect(site, today=on).version == "1.1"
    later = ProtocolVersionsDialog(site, lambda: on)
    qtbot.addWidget(later)
    assert _items(later.versions) == ["Version 1.1: in effect since 23 Nov 2026"]
    assert not later.activate_button.isEnabled() and not later.effective.isEnabled()


def test_the_screen_reads_in_chinese(
    qtbot: Any, site: SiteStore, center: Center, tmp_path: Path, chinese: None
) -> None:
    deliver_amendment(site, center, tmp_path)
    dialog = ProtocolVersionsDialog(site, lambda: TODAY)
    qtbot.addWidget(dialog)
    changes = _items(dialog.changes)
    assert "新增访视：第36周随访，第 252 天（前 7 天至后 7 天）。" in changes
    assert "表单“访视”新增项目：今日健康状况（EQ视觉模拟评分，0-100）。" in changes
    assert english_left(dialog) == []
    assert [text for text in changes if english_left_text(text)] == []


def english_left_text(text: str) -> bool:
    return any(word.isascii() and word.isalpha() and len(word) > 2 for word in text.split())


def test_only_an_administrator_opens_it_from_the_tools_menu(
    qtbot: Any, site: SiteStore, nurse_store: SiteStore, modals: ModalAnswers
) -> None:
    window = build_main_window(nurse_store, clock=lambda: TODAY)
    qtbot.addWidget(window)
    assert not window.menu_actions["protocol"].isEnabled()
    admin = build_main_window(site, clock=lambda: TODAY)
    qtbot.addWidget(admin)
    assert admin.menu_actions["protocol"].isEnabled()
    modals.expect(lambda dialog: (_check_empty(dialog), dialog.reject()))  # type: ignore[func-returns-value]
    admin.menu_actions["protocol"].trigger()
    modals.check()


def _check_empty(dialog: Any) -> None:
    assert isinstance(dialog, ProtocolVersionsDialog)
    assert _items(dialog.changes) == [
        (
            "No protocol version has been received from the coordinating "
            "centre. New versions arrive in its site packages."
        )
    ]
    assert not dialog.activate_button.isEnabled()


def test_the_visit_form_asks_the_new_item_only_under_the_new_version(
    qtbot: Any,
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    center: Center,
    tmp_path: Path,
) -> None:
    trial = amended_trial(site, nurse_store, investigator_store, center, tmp_path)
    w8 = trial.start + timedelta(days=56)
    window = build_main_window(nurse_store, clock=lambda: w8)
    qtbot.addWidget(window)
    window.show()
    window.show_participant(trial.before)
    visits = window.participant_page.follow_up.visits
    assert list(schedule_states(visits.table)) == ["W0", "W4", "W8", "W12", "W24", NEW_VISIT, "W48"]
    assert visits.form.raw_values()["visit_code"] == "W8"  # due today, entered under 1.1
    assert NEW_ITEM in visits.form.editors
    fill(visits.form, {**VISIT_VALUES, "visit_date": w8.isoformat()})
    assert [issue.field for issue in visits.form.check_before_save()] == [NEW_ITEM]
    assert "is required" in visits.form.messages[NEW_ITEM].text()
    fill(visits.form, {NEW_ITEM: "65"})
    visits.save_button.click()
    records = {record.visit_code: record for record in visit_records(nurse_store, trial.before)}
    assert (records["W8"].protocol.version, records["W8"].values[NEW_ITEM]) == ("1.1", "65")
    visits = window.participant_page.follow_up.visits
    visits.open_visit("W4")  # entered under 1.0, before the amendment: the item is not on its form
    assert NEW_ITEM not in visits.form.editors
    assert visits.form.raw_values()["weight"] == "60.5"
    visits.open_visit(NEW_VISIT)
    assert NEW_ITEM in visits.form.editors
