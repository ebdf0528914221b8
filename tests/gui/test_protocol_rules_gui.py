"""Issue 12 items 4-7 through the widgets: a visit outside its window asks for a deviation reason,
future times are refused next to the field, every required field is required, skip logic greys
out what does not apply, soft checks ask "confirm or correct", and the AE form cross-checks
grade 4 against seriousness, has the verbatim description, and its SAE countdown ticks live."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip(
    "PySide6", reason="PySide6 is not installed: the GUI tests need it (pip install -e '.[gui]')"
)
pytest.importorskip(
    "pytestqt",
    reason="pytest-qt is not installed: the GUI tests need it (pip install -e '.[test]')",
)

from PySide6.QtWidgets import QDialog, QGroupBox, QLineEdit, QPlainTextEdit, QWidget
from sqlalchemy import select

from msc_desktop.domain.clinic_time import clinic_zone
from msc_desktop.gui.actions import build_main_window
from msc_desktop.gui.main_window import MainWindow
from msc_desktop.gui.participant.adverse_event_dialog import AdverseEventDialog
from msc_desktop.gui.participant.ae_table import TICK_MS
from msc_desktop.store.models import AdverseEvent, AuditLog, ProtocolDeviation
from msc_desktop.store.services import adverse_events
from msc_desktop.store.services.adverse_events import acknowledge_saes, record_adverse_event
from msc_desktop.store.services.participants import (
    participant_detail,
    record_consent,
    register_participant,
)
from msc_desktop.store.site import SiteStore
from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION, TODAY, randomized_participant
from tests.gui.helpers import click_button, fill
from tests.unit.store.test_protocol_rules import W12
from tests.unit.store.test_services_followup import AE


def open_window(qtbot, store: SiteStore, clock: Callable[[], date]) -> MainWindow:  # type: ignore[no-untyped-def]
    window = build_main_window(store, clock=clock)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "close_without_asking", True))
    window.show()
    return window


def type_reason(text: str) -> Callable[[QWidget], None]:
    """Answers a one-line question (QInputDialog) with `text`."""

    def answer(modal: QWidget) -> None:
        assert isinstance(modal, QDialog), modal
        modal.findChild(QLineEdit).setText(text)
        modal.accept()

    return answer


def test_a_visit_outside_its_window_is_not_dated_today_and_asks_for_a_deviation_reason(  # type: ignore[no-untyped-def]
    qtbot, modals, nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="CONTROL")
    inside = TODAY + timedelta(days=28)
    window = open_window(qtbot, nurse_store, lambda: inside)
    window.show_participant(pid)
    visits = window.participant_page.follow_up.visits
    visits.open_visit("W4")
    assert (
        visits.form.raw_values()["visit_date"] == inside.isoformat()
    )  # today is inside W4's window
    late = TODAY + timedelta(days=94)  # W12 closes on day 91
    window = open_window(qtbot, nurse_store, lambda: late)
    window.show_participant(pid)
    visits = window.participant_page.follow_up.visits
    visits.open_visit("W12")
    assert visits.form.raw_values()["visit_date"] in (None, "")  # not pre-filled outside the window
    fill(
        visits.form,
        {**{k: v for k, v in W12.items() if k != "visit_code"}, "visit_date": late.isoformat()},
    )
    modals.expect(lambda modal: modal.reject())  # going back saves nothing
    assert not visits.save()
    modals.expect(type_reason("participant was in hospital"))
    assert visits.save()
    modals.check()
    assert modals.seen == ["Protocol deviation", "Protocol deviation"]
    with nurse_store.session() as session:
        [deviation] = session.scalars(
            select(ProtocolDeviation).where(ProtocolDeviation.participant_id == pid)
        )
        assert deviation.category == "visit window"
        assert deviation.description.endswith("Reason: participant was in hospital")


def test_a_time_in_the_future_is_shown_next_to_its_field(
    qtbot, nurse_store: SiteStore, msc_participant: str
) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    dialog = AdverseEventDialog(
        nurse_store, participant_detail(nurse_store, msc_participant), clock=lambda: today
    )
    qtbot.addWidget(dialog)
    dialog.show()
    soon = datetime.now() + timedelta(minutes=90)
    fill(dialog.form, {**AE, "onset_date": today.isoformat(), "aware_at": f"{soon:%Y-%m-%dT%H:%M}"})
    message = dialog.form.messages["aware_at"]
    assert message.isVisibleTo(dialog) and "cannot be in the future" in message.text()
    dialog.form.mark_saved()  # closing it afterwards asks nothing


@pytest.fixture
def msc_participant(nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore) -> str:
    return randomized_participant(nurse_store, investigator_store, site, arm="MSC")


def test_screening_with_dialysis_empty_stays_incomplete_and_pregnancy_is_greyed_for_a_man(  # type: ignore[no-untyped-def]
    qtbot, nurse_store: SiteStore, clock
) -> None:
    pid = register_participant(nurse_store, REGISTRATION, today=TODAY).id  # a man
    record_consent(nurse_store, pid, CONSENT, today=TODAY)
    window = open_window(qtbot, nurse_store, clock)
    window.show_participant(pid)
    panel = window.participant_page.screening
    pregnancy = panel.form.editors["ex_pregnant_lactating"]
    assert not pregnancy.focus_widget.isEnabled()
    assert "(does not apply)" in panel.form._field_labels["ex_pregnant_lactating"].text()
    fill(
        panel.form,
        {
            k: v
            for k, v in ELIGIBLE_SCREENING.items()
            if k not in ("dialysis", "ex_pregnant_lactating")
        },
    )
    assert "INCOMPLETE" in panel.verdict_label.text()
    assert "Required fields not answered:" in panel.criteria_label.text()
    assert "Dialysis" in panel.criteria_label.text()
    fill(panel.form, {"dialysis": "N"})
    assert (
        "ELIGIBLE" in panel.verdict_label.text() and "INCOMPLETE" not in panel.verdict_label.text()
    )


def test_the_cirrhosis_evidence_follows_the_method_on_screen_and_decides_in02(  # type: ignore[no-untyped-def]
    qtbot, nurse_store: SiteStore, clock
) -> None:
    """Issue 19 item 5: choosing how cirrhosis was diagnosed shows or greys out the liver
    stiffness as the user works; the stiffness at the threshold passes IN02, just below fails."""
    pid = register_participant(nurse_store, REGISTRATION, today=TODAY).id
    record_consent(nurse_store, pid, CONSENT, today=TODAY)
    window = open_window(qtbot, nurse_store, clock)
    window.show_participant(pid)
    panel = window.participant_page.screening
    form = panel.form
    stiffness, dna = form.editors["liver_stiffness"], form.editors["hbv_dna"]
    titles = [box.title() for box in panel.findChildren(QGroupBox)]
    assert "HBV and cirrhosis evidence" in titles
    assert stiffness.takes_input()  # not yet known how cirrhosis was diagnosed
    fill(
        form,
        {
            k: v
            for k, v in ELIGIBLE_SCREENING.items()
            if k not in ("cirrhosis_method", "liver_stiffness")
        },
    )
    fill(form, {"cirrhosis_method": "BIOPSY", "hbv_dna_status": "NOT_DONE"})
    assert not stiffness.takes_input() and not dna.takes_input()
    assert "(does not apply)" in form._field_labels["liver_stiffness"].text()
    assert (
        "ELIGIBLE" in panel.verdict_label.text() and "INCOMPLETE" not in panel.verdict_label.text()
    )
    fill(form, {"cirrhosis_method": "ELASTOGRAPHY"})
    assert stiffness.takes_input()
    assert (
        form._field_labels["liver_stiffness"].text() == "Liver stiffness (transient elastography) *"
    )
    assert "INCOMPLETE" in panel.verdict_label.text()
    assert "the liver stiffness (kPa) is not recorded" in panel.criteria_label.text()
    fill(form, {"liver_stiffness": "14.9"})
    assert "NOT ELIGIBLE" in panel.verdict_label.text()
    assert "liver stiffness 14.9 kPa is below 15 kPa" in panel.criteria_label.text()
    fill(form, {"liver_stiffness": "15"})
    assert "ELIGIBLE" in panel.verdict_label.text() and "NOT" not in panel.verdict_label.text()
    fill(form, {"hbv_dna_status": "QUANTIFIED"})
    assert dna.takes_input() and form.editors["hbv_dna_date"].takes_input()


def test_grade_4_not_serious_asks_confirm_or_correct_and_the_description_is_kept(  # type: ignore[no-untyped-def]
    qtbot, modals, nurse_store: SiteStore, msc_participant: str
) -> None:
    dialog = AdverseEventDialog(
        nurse_store, participant_detail(nurse_store, msc_participant), clock=lambda: TODAY
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert isinstance(dialog.form.editors["description"].focus_widget, QPlainTextEdit)
    fill(
        dialog.form, {**AE, "grade": "4", "description": "Fever 40.5 C for two days; no admission."}
    )
    assert (
        'no seriousness criterion is answered "Yes". Confirm this or correct it.'
        in dialog.form.messages["grade"].text()
    )
    modals.expect(click_button("Go back and check"))
    dialog.save()
    assert dialog.result_view is None
    modals.expect(click_button("Save anyway"))
    dialog.save()
    modals.check()
    assert dialog.result_view is not None and not dialog.result_view.serious
    assert dialog.result_view.description == "Fever 40.5 C for two days; no admission."
    with nurse_store.session() as session:
        confirmations = session.scalars(
            select(AuditLog.new_value).where(
                AuditLog.table_name == "adverse_event",
                AuditLog.new_value.like("warning confirmed%"),
            )
        ).all()
    assert len(confirmations) == 1


def test_the_sae_countdown_ticks_shows_the_zone_and_an_acknowledged_sae_leaves_the_banner(  # type: ignore[no-untyped-def]
    qtbot,
    nurse_store: SiteStore,
    msc_participant: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    aware = datetime.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    record_adverse_event(
        nurse_store,
        msc_participant,
        {
            **AE,
            "serious_hospitalisation": "Y",
            "grade": "3",
            "onset_date": aware.date().isoformat(),
            "aware_at": aware.isoformat(timespec="minutes"),
        },
        today=aware.date(),
    )
    window = open_window(qtbot, nurse_store, lambda: aware.date())
    window.show_participant(msc_participant)
    page = window.participant_page
    tab = page.follow_up.adverse_events
    page.tabs.setCurrentWidget(tab)
    assert tab.tick.isActive() and tab.tick.interval() == TICK_MS == 60_000
    before = tab.sae_banner.text()
    assert tab.sae_banner.isVisible()
    zone = aware.astimezone().tzname() or ""
    assert zone in before
    left = int(re.search(r"\((\d+) h \d+ min left\)", before)[1])  # type: ignore[index]
    assert left in (22, 23)
    later = datetime.now(clinic_zone()).replace(microsecond=0) + timedelta(hours=2)
    monkeypatch.setattr(adverse_events, "_now", lambda: later)
    tab.tick.timeout.emit()
    assert f"({left - 2} h " in tab.sae_banner.text()
    with nurse_store.session() as session:
        assert acknowledge_saes(session, 10**9, datetime.now().replace(microsecond=0)) == 1
        assert session.scalars(select(AdverseEvent.reported_at)).one() is not None
    tab.tick.timeout.emit()
    assert not tab.sae_banner.isVisible()
    queue = window.sae_view
    queue.reload()
    assert [v.term for v in queue.model.visible_rows()] == ["Fever"]  # open until followed up
    assert "stay open until their follow-up" in queue.summary.text()
