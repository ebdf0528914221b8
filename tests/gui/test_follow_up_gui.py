"""Issue 5 through the widgets: each form's happy path (visit, infusion, adverse event, causality,
end of study, audit export) and each refusal (control-arm infusion, stale weight, low viability
without override, the same person verifying, grade 5 without FATAL), and the SAE deadline shown
with overdue SAEs first."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip(
    "PySide6", reason="PySide6 is not installed: the GUI tests need it (pip install -e '.[gui]')"
)
pytest.importorskip(
    "pytestqt",
    reason="pytest-qt is not installed: the GUI tests need it (pip install -e '.[test]')",
)

from PySide6.QtWidgets import QTableWidget, QWidget

from msc_desktop.domain.clinic_time import moment_text
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.gui.main_window import MainWindow
from msc_desktop.gui.participant.adverse_events import AdverseEventDialog
from msc_desktop.gui.participant.audit import AccountEventsDialog
from msc_desktop.gui.participant.follow_up import DispositionDialog
from msc_desktop.gui.participant.infusions import InfusionDialog
from msc_desktop.gui.widgets.chart import TrendChart, nice_ticks
from msc_desktop.store.services.adverse_events import adverse_events_of, record_adverse_event
from msc_desktop.store.services.infusions import (
    Credentials,
    infusion_view,
    log_infusion,
    plan_infusion,
)
from msc_desktop.store.services.participants import participant_detail
from msc_desktop.store.services.visits import trends, visit_records
from msc_desktop.store.site import SiteStore
from tests.accounts import INVESTIGATOR, MONITOR, NURSE
from tests.factories import TODAY, randomized_participant
from tests.gui.helpers import ModalAnswers, click_button, fill, ok
from tests.unit.store.test_services_followup import AE, LOG, PLAN

PROTOCOL = load_protocol()

W4_DAY = TODAY + timedelta(days=28)
W4 = {
    "visit_code": "W4",
    "visit_date": W4_DAY.isoformat(),
    "weight": "60.5",
    "bilirubin": {"value": "32.5", "unit": "umol/L"},
    "albumin": {"value": "3.4", "unit": "g/dL"},
    "inr": "1.5",
    "creatinine": {"value": "1.0", "unit": "mg/dL"},
    "sodium": "137",
    "ascites": "absent",
    "encephalopathy_grade": "0",
    "dialysis": "N",
    "variceal_bleeding": "N",
}


@pytest.fixture
def msc(nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore) -> str:
    return randomized_participant(nurse_store, investigator_store, site, arm="MSC")


def open_window(qtbot, store: SiteStore, clock: Callable[[], date]) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(store, clock=clock)
    qtbot.addWidget(window)
    window.show()
    return window


def infusion_dialog(
    qtbot, store: SiteStore, participant_id: str, code: str = "W0"
) -> InfusionDialog:  # type: ignore[no-untyped-def]
    detail = participant_detail(store, participant_id)
    dialog = InfusionDialog(
        store,
        detail,
        code,
        infusion_view(store, participant_id, code),
        baseline_weight=Decimal("62.5"),
        clock=lambda: TODAY,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def planned_dialog(
    qtbot, modals: ModalAnswers, store: SiteStore, participant_id: str, **changes: str
) -> InfusionDialog:  # type: ignore[no-untyped-def]
    dialog = infusion_dialog(qtbot, store, participant_id)
    fill(dialog.plan_form, {k: v for k, v in {**PLAN, **changes}.items() if k != "visit_code"})
    dialog.save_plan()
    modals.check()
    assert dialog.view is not None and dialog.view.status == "planned"
    return dialog


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None, f"no cell at {row}, {column}"
    return item.text()


def schedule_states(table: QTableWidget) -> dict[str, str]:
    return {cell(table, row, 0): cell(table, row, 3) for row in range(table.rowCount())}


def sign_as_verifier(dialog: InfusionDialog, user: tuple[str, str, str]) -> None:
    fill(dialog.log_form, LOG)
    dialog.preparer_password.setText(NURSE[1])
    dialog.verifier_user.setText(user[0])
    dialog.verifier_password.setText(user[1])


# -- visits, change from baseline, chart ---------------------------------------------------------


def test_visit_form_saves_and_shows_change_from_baseline_and_the_chart(  # type: ignore[no-untyped-def]
    qtbot, nurse_store: SiteStore, msc: str
) -> None:
    plan_infusion(nurse_store, msc, PLAN, today=TODAY)
    log_infusion(
        nurse_store,
        msc,
        "W0",
        LOG,
        preparer_password=NURSE[1],
        verifier=Credentials(INVESTIGATOR[0], INVESTIGATOR[1]),
        today=TODAY,
    )
    window = open_window(qtbot, nurse_store, lambda: W4_DAY)
    window.show_participant(msc)
    page = window.participant_page
    visits = page.follow_up.visits
    assert page.tabs.currentWidget() is visits
    assert visits.form.raw_values()["visit_code"] == "W4"  # the visit due today is offered
    assert schedule_states(visits.table) == {
        "W0": "done",
        "W4": "due",
        "W8": "upcoming",
        "W12": "upcoming",
        "W24": "upcoming",
        "W48": "upcoming",
    }
    fill(visits.form, {k: v for k, v in W4.items() if k != "visit_code"})
    table = visits.change_label.text()
    assert (
        "Total bilirubin" in table and "\u22121.1" in table
    )  # 32.5 umol/L = 1.90 mg/dL, baseline 3.0
    assert "Child-Pugh" in table and "\u22123" in table  # 9 -> 6
    visits.save_button.click()
    assert [r.visit_code for r in visit_records(nurse_store, msc)] == ["SCR", "W0", "W4"]
    visits = page.follow_up.visits
    assert schedule_states(visits.table)["W4"] == "done"
    chart = page.follow_up.trends.chart
    assert (
        [(p.visit_code, p.value) for p in chart.series["bilirubin"]]
        == [(p.visit_code, p.value) for p in trends(nurse_store, msc)["bilirubin"]]
        == [("SCR", Decimal(3)), ("W4", Decimal("32.5") / Decimal("17.1"))]
    )  # standard values, exact
    page.tabs.setCurrentWidget(page.follow_up.trends)
    image = chart.grab().toImage()
    assert (
        image.width() >= 640 and image.pixelColor(image.width() // 6, image.height() // 4).isValid()
    )


def test_chart_titles_carry_units_and_axes_get_round_ticks(
    qtbot, nurse_store: SiteStore, msc: str
) -> None:  # type: ignore[no-untyped-def]
    chart = TrendChart(PROTOCOL)
    qtbot.addWidget(chart)
    save_series = trends(nurse_store, msc)
    chart.set_series(save_series)
    titles = [chart.title_of(m) for m in chart.measures]
    assert titles == [
        "Total bilirubin (mg/dL)",
        "Albumin (g/dL)",
        "INR (ratio)",
        "Child-Pugh score (points)",
        "MELD score (points)",
    ]
    assert nice_ticks(1.9, 3.0) == [1.5, 2.0, 2.5, 3.0]
    assert nice_ticks(12, 16) == [12, 13, 14, 15, 16]
    assert nice_ticks(9, 9) == [8, 8.5, 9, 9.5, 10]


# -- infusions -------------------------------------------------------------------------------------


def test_infusion_plan_and_log_with_two_signatures(
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:  # type: ignore[no-untyped-def]
    dialog = infusion_dialog(qtbot, nurse_store, msc)
    fill(dialog.plan_form, {k: v for k, v in PLAN.items() if k != "visit_code"})
    assert "Volume to infuse: <b>33.2 mL</b>" in dialog.preview.text()
    assert not dialog.log_button.isEnabled()
    dialog.save_plan()
    assert dialog.log_button.isEnabled() and not dialog.override_box.isVisible()
    sign_as_verifier(dialog, INVESTIGATOR)
    logged = dialog.log()
    assert logged is not None and logged.status == "completed"
    assert [(s.printed_name, s.meaning) for s in logged.signatures] == [
        (NURSE[2], "I prepared this dose as calculated"),
        (INVESTIGATOR[2], "I verified this dose independently"),
    ]
    assert "Logged and signed" in dialog.message.text()
    assert dialog.preparer_password.text() == "" and dialog.verifier_password.text() == ""


def test_control_arm_gets_no_infusion(
    qtbot,
    modals: ModalAnswers,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    site: SiteStore,
    clock,
) -> None:  # type: ignore[no-untyped-def]
    control = randomized_participant(nurse_store, investigator_store, site, arm="CONTROL")
    window = open_window(qtbot, nurse_store, clock)
    window.show_participant(control)
    tab = window.participant_page.follow_up.infusions
    assert "control arm, which receives no MSC infusion" in tab.banner.text()
    assert not tab.open_button.isEnabled()
    dialog = infusion_dialog(qtbot, nurse_store, control)
    fill(dialog.plan_form, {k: v for k, v in PLAN.items() if k != "visit_code"})
    modals.expect(ok())
    dialog.save_plan()
    modals.check()
    assert "control arm" in modals.seen[-1]
    assert infusion_view(nurse_store, control, "W0") is None


def test_stale_weight_is_refused(
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:  # type: ignore[no-untyped-def]
    dialog = infusion_dialog(qtbot, nurse_store, msc)
    fill(
        dialog.plan_form,
        {**{k: v for k, v in PLAN.items() if k != "visit_code"}, "weight_date": "2026-11-15"},
    )
    assert "measured 5 days before the infusion" in dialog.preview.text()
    modals.expect(ok())
    dialog.save_plan()
    modals.check()
    assert "at most 3 days old" in modals.seen[-1]
    assert infusion_view(nurse_store, msc, "W0") is None


def test_low_viability_needs_the_investigators_override_in_the_same_dialog(
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:  # type: ignore[no-untyped-def]
    dialog = planned_dialog(qtbot, modals, nurse_store, msc, viability_pct="65")
    assert "below the 70 % release threshold" in dialog.preview.text()
    assert dialog.override_box.isVisible()
    sign_as_verifier(dialog, INVESTIGATOR)
    dialog.log_form.editors["volume_infused_ml"].set_text_input(str(dialog.view.plan.volume_ml))  # type: ignore[union-attr]
    modals.expect(ok())
    assert dialog.log() is None
    modals.check()
    assert "below the release limit" in dialog.message.text()
    assert infusion_view(nurse_store, msc, "W0").status == "planned"  # type: ignore[union-attr]
    dialog.preparer_password.setText(NURSE[1])
    dialog.verifier_password.setText(INVESTIGATOR[1])
    dialog.override_user.setText(INVESTIGATOR[0])
    dialog.override_password.setText(INVESTIGATOR[1])
    dialog.override_reason.setText("no other product available; patient informed")
    logged = dialog.log()
    assert logged is not None and logged.status == "completed"
    assert "I authorise infusion of a product below the viability release limit" in [
        s.meaning for s in logged.signatures
    ]


def test_the_preparer_cannot_verify_her_own_dose(
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:  # type: ignore[no-untyped-def]
    dialog = planned_dialog(qtbot, modals, nurse_store, msc)
    sign_as_verifier(dialog, NURSE)
    modals.expect(ok())
    assert dialog.log() is None
    modals.check()
    assert "verified by a second person, not by the one who prepared it" in dialog.message.text()
    assert infusion_view(nurse_store, msc, "W0").signatures == ()  # type: ignore[union-attr]


def test_an_infusion_reaction_becomes_an_ae_in_one_click(
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:  # type: ignore[no-untyped-def]
    dialog = planned_dialog(qtbot, modals, nurse_store, msc)
    sign_as_verifier(dialog, INVESTIGATOR)
    fill(dialog.log_form, {"infusion_reaction": "Y"})
    modals.expect(click_button("Later"))
    assert dialog.log() is not None
    modals.check()
    window = open_window(qtbot, nurse_store, lambda: TODAY)
    window.show_participant(msc)
    tab = window.participant_page.follow_up.infusions
    tab.table.selectRow(0)
    assert tab.reaction_button.isEnabled()
    tab.reaction_to_ae()
    ae = next(w for w in tab.findChildren(AdverseEventDialog))
    assert ae.form.raw_values()["term"] == "Infusion-related reaction"
    assert ae.form.raw_values()["aware_at"] == "2026-11-20T10:00"
    fill(
        ae.form,
        {
            "grade": "2",
            "expected": "Y",
            "action_taken": "NOT APPLICABLE",
            "outcome": "RECOVERED/RESOLVED",
            "end_date": "2026-11-20",
        },
    )
    ae.close()
    ae.save()
    assert [(v.term, v.grade) for v in adverse_events_of(nurse_store, msc)] == [
        ("Infusion-related reaction", 2)
    ]


# -- adverse events ------------------------------------------------------------------------------


def ae_dialog(qtbot, store: SiteStore, participant_id: str) -> AdverseEventDialog:  # type: ignore[no-untyped-def]
    dialog = AdverseEventDialog(
        store, participant_detail(store, participant_id), clock=lambda: TODAY
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_grade_5_fills_in_fatal_and_refuses_another_outcome(
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:  # type: ignore[no-untyped-def]
    dialog = ae_dialog(qtbot, nurse_store, msc)
    fill(dialog.form, {k: v for k, v in AE.items() if not k.startswith("serious_")})
    dialog.form.editors["grade"].choose("5")
    values = dialog.form.raw_values()
    assert (values["outcome"], values["serious_death"]) == ("FATAL", "Y")
    assert "SERIOUS ADVERSE EVENT" in dialog.seriousness.text()
    dialog.form.editors["outcome"].choose("RECOVERING/RESOLVING")
    modals.expect(ok())
    dialog.save()
    modals.check()
    assert "Fix" in modals.seen[-1] and "Fatal" in modals.seen[-1]
    assert adverse_events_of(nurse_store, msc) == []


def test_sae_shows_its_deadline_and_overdue_saes_come_first(
    qtbot, nurse_store: SiteStore, msc: str
) -> None:  # type: ignore[no-untyped-def]
    dialog = ae_dialog(qtbot, nurse_store, msc)
    fill(
        dialog.form,
        {**AE, "serious_hospitalisation": "Y", "grade": "3", "aware_at": "2026-11-20T12:00"},
    )
    assert "by 2026-11-21 12:00" in dialog.seriousness.text()
    dialog.save()
    assert dialog.result_view is not None and dialog.result_view.serious
    now = datetime.now().replace(microsecond=0)  # AE times are clinic wall-clock times
    pending_aware = now - timedelta(hours=2)
    record_adverse_event(
        nurse_store,
        msc,
        {
            **AE,
            "serious_life_threatening": "Y",
            "grade": "4",
            "term": "Sepsis",
            "onset_date": pending_aware.date().isoformat(),
            "aware_at": pending_aware.isoformat(timespec="minutes"),
        },
        today=now.date(),
    )
    window = open_window(qtbot, nurse_store, lambda: TODAY)
    queue = window.sae_view
    assert [(v.term, v.clock.state if v.clock else None) for v in queue.model.visible_rows()] == [
        ("Fever", "overdue"),
        ("Sepsis", "pending"),
    ]
    assert window.list_page.tabs.tabText(window.sae_index) == "Open SAEs (2, 1 overdue)"
    window.show_participant(msc)
    banner = window.participant_page.follow_up.adverse_events.sae_banner.text()
    assert banner.index("OVERDUE by") < banner.index("report by")
    assert f"(was due {moment_text(datetime(2026, 11, 21, 12, 0))})" in banner
    due = moment_text(pending_aware + timedelta(hours=24))
    assert f"report by {due} (21 h" in banner


def test_causality_is_signed_by_the_investigator_and_follow_up_asks_a_reason(  # type: ignore[no-untyped-def]
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, investigator_store: SiteStore, msc: str
) -> None:
    record_adverse_event(nurse_store, msc, AE, today=TODAY)
    nurse_window = open_window(qtbot, nurse_store, lambda: TODAY)
    nurse_window.show_participant(msc)
    nurse_tab = nurse_window.participant_page.follow_up.adverse_events
    nurse_tab.select_ae(1)
    assert (
        not nurse_tab.assess_button.isEnabled()
        and "investigator" in nurse_tab.assess_button.toolTip()
    )
    window = open_window(qtbot, investigator_store, lambda: TODAY)
    window.show_participant(msc)
    tab = window.participant_page.follow_up.adverse_events
    tab.select_ae(1)
    tab.relationship.setCurrentIndex(tab.relationship.findData("PROBABLY RELATED"))

    def sign(modal: QWidget) -> None:
        assert (
            "I assessed the causality of this adverse event: probably related to MSC"
            in modal.findChild(QWidget, "signature_meaning").text()
        )  # type: ignore[union-attr]
        modal.password.setText(INVESTIGATOR[1])  # type: ignore[attr-defined]
        modal.try_sign()  # type: ignore[attr-defined]

    modals.expect(sign)
    tab.assess()
    modals.check()
    assessed = adverse_events_of(investigator_store, msc)[0]
    assert assessed.relationship == "PROBABLY RELATED"
    assert [(s.printed_name, s.meaning) for s in assessed.signatures] == [
        (INVESTIGATOR[2], "I assessed the causality of this adverse event")
    ]
    tab = window.participant_page.follow_up.adverse_events
    tab.select_ae(1)
    assert "signed by Ivan Investigator" in tab.model.data(tab.model.index(0, 7))
    follow_up = AdverseEventDialog(
        investigator_store,
        participant_detail(investigator_store, msc),
        clock=lambda: TODAY,
        existing=assessed,
    )
    qtbot.addWidget(follow_up)
    fill(follow_up.form, {"outcome": "RECOVERED/RESOLVED", "end_date": "2026-11-20"})

    def give_reason(modal: QWidget) -> None:
        modal.reason.setCurrentIndex(modal.reason.findData("New information received"))  # type: ignore[attr-defined]
        modal.ok_button.click()  # type: ignore[attr-defined]

    modals.expect(give_reason)
    follow_up.save()
    modals.check()
    updated = adverse_events_of(investigator_store, msc)[0]
    assert updated.outcome == "RECOVERED/RESOLVED" and updated.signatures == ()


# -- end of study, audit trail, account events -----------------------------------------------------


def test_end_of_study_stops_scheduling(
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:  # type: ignore[no-untyped-def]
    detail = participant_detail(nurse_store, msc)
    dialog = DispositionDialog(nurse_store, detail, clock=lambda: TODAY)
    qtbot.addWidget(dialog)
    fill(dialog.form, {"status": "DEATH"})
    modals.expect(ok())
    dialog.save()
    modals.check()
    assert "Date of death is required" in modals.seen[-1]
    fill(dialog.form, {"status": "WITHDRAWAL BY SUBJECT"})
    dialog.save()
    assert participant_detail(nurse_store, msc).status.value == "discontinued"
    window = open_window(qtbot, nurse_store, lambda: TODAY)
    window.show_participant(msc)
    visits = window.participant_page.follow_up.visits
    assert "ended the study" in visits.banner.text()
    assert not visits.save_button.isEnabled() and not visits.end_button.isEnabled()
    assert set(schedule_states(visits.table).values()) == {"not expected (study ended)"}
    assert "ended the study" in window.participant_page.follow_up.infusions.banner.text()


def test_audit_trail_filters_by_record_and_exports_what_is_shown(  # type: ignore[no-untyped-def]
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, msc: str, tmp_path: Path
) -> None:
    record_adverse_event(nurse_store, msc, AE, today=TODAY)
    window = open_window(qtbot, nurse_store, lambda: TODAY)
    window.show_participant(msc)
    page = window.participant_page
    audit = page.follow_up.audit
    assert not audit.loaded
    page.tabs.setCurrentWidget(audit)
    assert audit.loaded and audit.history is not None
    everything = audit.model.rowCount()
    audit.record_filter.setCurrentIndex(audit.record_filter.findText("Adverse event 1"))
    rows = audit.model.visible_rows()
    assert 0 < len(rows) < everything and {r.record for r in rows} == {"Adverse event 1"}
    assert {(r.field, r.new_value) for r in rows} >= {
        ("Adverse event term", "Fever"),
        ("CTCAE v5.0 grade", "2"),
    }
    audit.text_filter.setText("grade")
    assert [r.field for r in audit.model.visible_rows()] == ["CTCAE v5.0 grade"]
    modals.expect(ok())
    written = audit.export(".csv", tmp_path / "ae1.csv")
    modals.check()
    assert written is not None
    exported = list(csv.reader(written.open(encoding="utf-8")))
    assert len(exported) == 2 and exported[1][5:9] == [
        "Adverse event 1",
        "CTCAE v5.0 grade",
        "",
        "2",
    ]


def test_account_events_are_offered_to_administrators_only(
    qtbot, site: SiteStore, nurse_store: SiteStore
) -> None:  # type: ignore[no-untyped-def]
    nurse_window = open_window(qtbot, nurse_store, lambda: TODAY)
    assert not nurse_window.menu_actions["account_events"].isVisible()
    admin_window = open_window(qtbot, site, lambda: TODAY)
    assert admin_window.menu_actions["account_events"].isVisible()
    dialog = AccountEventsDialog(site)
    qtbot.addWidget(dialog)
    described = {(r.record_id, r.new_value) for r in dialog.model.visible_rows()}
    assert (NURSE[0], "signed in") in described
    dialog.text_filter.setText("nurse signed")
    assert {(r.record_id, r.new_value) for r in dialog.model.visible_rows()} == {
        (NURSE[0], "signed in")
    }


def test_a_missed_visit_and_a_corrected_visit_need_their_reasons(  # type: ignore[no-untyped-def]
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, msc: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_infusion(nurse_store, msc, PLAN, today=TODAY)
    log_infusion(
        nurse_store,
        msc,
        "W0",
        LOG,
        preparer_password=NURSE[1],
        verifier=Credentials(INVESTIGATOR[0], INVESTIGATOR[1]),
        today=TODAY,
    )
    window = open_window(qtbot, nurse_store, lambda: W4_DAY)
    window.show_participant(msc)
    visits = window.participant_page.follow_up.visits
    fill(visits.form, {k: v for k, v in W4.items() if k != "visit_code"})
    visits.save_button.click()
    visits = window.participant_page.follow_up.visits
    visits.open_visit("W4")
    fill(visits.form, {"inr": "1.4"})

    def give_reason(modal: QWidget) -> None:
        modal.reason.setCurrentIndex(modal.reason.findData("Laboratory result corrected"))  # type: ignore[attr-defined]
        modal.ok_button.click()  # type: ignore[attr-defined]

    modals.expect(give_reason)
    visits.save_button.click()
    modals.check()
    w4 = next(r for r in visit_records(nurse_store, msc) if r.visit_code == "W4")
    assert w4.standard["inr"] == Decimal("1.4")
    visits = window.participant_page.follow_up.visits
    visits.table.selectRow(2)
    assert visits.selected_code() == "W8"
    monkeypatch.setattr(
        "msc_desktop.gui.participant.follow_up.QInputDialog.getText",
        lambda *_args: ("participant in hospital elsewhere", True),
    )
    visits.mark_selected_missed()
    visits = window.participant_page.follow_up.visits
    assert schedule_states(visits.table)["W8"] == "missed"
    assert cell(visits.table, 2, 4) == "missed: participant in hospital elsewhere"


def test_a_volume_deviation_is_refused_without_a_reason_and_recorded_with_one(  # type: ignore[no-untyped-def]
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, msc: str
) -> None:
    dialog = planned_dialog(qtbot, modals, nurse_store, msc)
    sign_as_verifier(dialog, INVESTIGATOR)
    dialog.log_form.editors["volume_infused_ml"].set_text_input("25")
    modals.expect(ok())
    assert dialog.log() is None
    modals.check()
    assert (
        "more than 10 % off" in dialog.message.text()
        and "protocol deviation with a reason" in dialog.message.text()
    )
    dialog.preparer_password.setText(NURSE[1])
    dialog.verifier_password.setText(INVESTIGATOR[1])
    dialog.deviation_reason.setText("line occluded")
    logged = dialog.log()
    assert logged is not None
    assert logged.deviations == (
        (
            "25 mL was infused instead of the planned 33.2 mL (more than 10 % off). Reason: line "
            "occluded"
        ),
    )
    window = open_window(qtbot, nurse_store, lambda: TODAY)
    window.show_participant(msc)
    assert "Reason: line occluded" in window.participant_page.follow_up.infusions.deviations.text()


def test_a_monitor_reads_the_follow_up_but_changes_nothing(  # type: ignore[no-untyped-def]
    qtbot, nurse_store: SiteStore, msc: str, data_dir: Path
) -> None:
    record_adverse_event(nurse_store, msc, AE, today=TODAY)
    monitor = SiteStore.unlock(data_dir, MONITOR[0], MONITOR[1])
    try:
        window = open_window(qtbot, monitor, lambda: TODAY)
        window.show_participant(msc)
        follow_up = window.participant_page.follow_up
        assert "may enter or change clinical data" in follow_up.visits.banner.text()
        assert (
            not follow_up.visits.save_button.isEnabled()
            and not follow_up.visits.end_button.isEnabled()
        )
        assert not follow_up.infusions.open_button.isEnabled()
        assert (
            follow_up.adverse_events.model.rowCount() == 1
            and not follow_up.adverse_events.new_button.isEnabled()
        )
        follow_up.adverse_events.select_ae(1)
        assert not follow_up.adverse_events.edit_button.isEnabled()
        assert not follow_up.adverse_events.assess_button.isEnabled()
        window.participant_page.tabs.setCurrentWidget(follow_up.audit)
        assert follow_up.audit.model.rowCount() > 0
    finally:
        monitor.close()


def test_the_idle_lock_hides_an_open_ae_form_and_brings_it_back(
    qtbot, nurse_store: SiteStore, msc: str
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, nurse_store, lambda: TODAY)
    window.show_participant(msc)
    dialog = window.participant_page.follow_up.adverse_events.new_event()
    assert dialog is not None and dialog.isVisible()
    dialog.form.editors["term"].set_text_input("Pruritus")
    window.lock()
    assert window.is_locked and not dialog.isVisible()
    window.lock_page.password.setText(NURSE[1])
    window.lock_page.try_unlock()
    assert not window.is_locked and dialog.isVisible()
    assert dialog.form.raw_values()["term"] == "Pruritus"
    dialog.form.mark_saved()
    dialog.reject()
