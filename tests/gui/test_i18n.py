"""Translations: the catalogue covers every tr() string of the GUI, the shipped .qm is compiled
from it, and the translated screens show no English left over; dates follow the language."""

from __future__ import annotations

import re
import shutil
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

pytest.importorskip("PySide6", reason="PySide6 is not installed: the GUI tests need it")
pytest.importorskip("pytestqt", reason="pytest-qt is not installed: the GUI tests need it")

from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QLabel, QMenu, QWidget

from msc_desktop.gui.actions import build_main_window
from msc_desktop.gui.controller import AppController
from msc_desktop.gui.crash_dialog import CrashDialog
from msc_desktop.gui.i18n import format_date, install_language, role_label
from msc_desktop.gui.site.backups import BackupDialog, RestoreDialog
from msc_desktop.gui.site.settings import SettingsDialog
from msc_desktop.gui.site.tools import SiteTools
from msc_desktop.gui.unlock import LockPage, UnlockScreen
from msc_desktop.gui.widgets.dialogs import ReasonDialog, SignatureDialog
from msc_desktop.store.backups import backup_now
from msc_desktop.store.site import SiteStore
from tests.accounts import CENTRE_PASSPHRASE
from tests.catalogue import translate
from tests.gui.helpers import english_left

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import translations

from msc_desktop.domain.protocol_reader import load_protocol

PROTOCOL = load_protocol()

CATALOGUE = translations.catalogue("zh_CN")
CORE_CATALOGUE = translations.core_catalogue("zh_CN")


@pytest.mark.parametrize("catalogue", [CATALOGUE, CORE_CATALOGUE], ids=["gui", "core"])
def test_every_translatable_string_has_a_chinese_translation(
    tmp_path: Path, catalogue: Path
) -> None:
    current = tmp_path / catalogue.name
    shutil.copyfile(catalogue, current)
    if catalogue == CATALOGUE:
        translations.update(current, "zh_CN")
    else:
        translations.update_core(current)
    missing = translations.unfinished(current)
    assert missing == [], f"run tools/translations.py and translate: {missing}"
    assert len(list(ElementTree.parse(current).getroot().iter("message"))) == len(
        list(ElementTree.parse(catalogue).getroot().iter("message"))
    ), "the catalogue is out of date: run tools/translations.py"


@pytest.mark.parametrize("context", ["Messages", "Sheets", "Units", "Pages"])
def test_a_missing_core_translation_is_found(tmp_path: Path, context: str) -> None:
    """The check above can fail: one translation taken out of a copy of the core catalogue, in
    each of its contexts, is reported as missing (and --check would exit 1)."""
    tree = ElementTree.parse(CORE_CATALOGUE)
    named = next(c for c in tree.getroot().iter("context") if c.findtext("name") == context)
    message = named.findall("message")[-1]
    message.remove(message.find("translation"))  # type: ignore[arg-type]
    current = tmp_path / CORE_CATALOGUE.name
    translations.write_catalogue(tree, current)
    translations.update_core(current)
    assert translations.unfinished(current) == [message.findtext("source")]


def test_every_id_the_sheets_and_pages_name_is_in_the_core_catalogue(tmp_path: Path) -> None:
    assert translations.unknown_ids(CORE_CATALOGUE) == []
    tree = ElementTree.parse(CORE_CATALOGUE)
    pages = next(c for c in tree.getroot().iter("context") if c.findtext("name") == "Pages")
    pages.remove(next(m for m in pages.iter("message") if m.get("id") == "sign_in_first"))
    current = tmp_path / CORE_CATALOGUE.name
    translations.write_catalogue(tree, current)
    assert translations.unknown_ids(current) == [
        "Pages: sign_in_first (msc_desktop/central/web/base.py)"
    ]


@pytest.mark.parametrize("catalogue", [CATALOGUE, CORE_CATALOGUE], ids=["gui", "core"])
def test_translations_keep_every_placeholder(catalogue: Path) -> None:
    for message in ElementTree.parse(catalogue).getroot().iter("message"):
        source = message.findtext("source") or ""
        translated = message.findtext("translation") or ""
        assert sorted(re.findall(r"\{[^}]*\}", source)) == sorted(
            re.findall(r"\{[^}]*\}", translated)
        ), source


def test_the_shipped_qm_is_compiled_from_the_catalogue(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    translations.compile_catalogue(CATALOGUE, fresh)
    assert fresh.read_bytes() == CATALOGUE.with_suffix(".qm").read_bytes(), (
        "run tools/translations.py"
    )


def test_the_first_screens_are_all_chinese(
    qtbot: Any, chinese: None, site: SiteStore, tmp_path: Path
) -> None:
    new = AppController(tmp_path / "new")
    new.start()
    assert new.setup is not None
    qtbot.addWidget(new.setup)
    assert english_left(new.setup, str(tmp_path)) == []
    assert new.setup.windowTitle() == "MSC Desktop\uff1a\u8bbe\u7f6e\u672c\u4e2d\u5fc3"
    unlock = UnlockScreen(site.data_dir)
    qtbot.addWidget(unlock)
    assert english_left(unlock) == []
    lock = LockPage()
    qtbot.addWidget(lock)
    lock.prepare(site, idle=True)
    assert english_left(lock, site.user.full_name, site.user.user_id) == []


def test_the_menus_and_site_tools_are_all_chinese(
    qtbot: Any, chinese: None, site: SiteStore, clock: Any
) -> None:
    window = build_main_window(site, clock=clock)
    qtbot.addWidget(window)
    SiteTools(AppController(site.data_dir), window)
    for menu in window.menuBar().findChildren(QMenu):
        assert english_left(menu) == [], menu.title()
    assert (
        english_left(window.statusBar(), site.user.full_name, site.user.user_id, site.site_name)
        == []
    )
    assert role_label("admin") in window.user_label.text()
    assert english_left(window.list_page) == []
    made = backup_now(site)
    for dialog in (
        SettingsDialog(site),
        BackupDialog(site),
        RestoreDialog(made.path, site.data_dir, "01"),
        CrashDialog("A1B2C3", 1, site.data_dir / "logs" / "msc-desktop.log"),
    ):
        qtbot.addWidget(dialog)
        printers = QPrinterInfo.availablePrinterNames()  # the queues' own names are data
        assert english_left(dialog, made.path.name, "A1B2C3", *printers) == [], type(
            dialog
        ).__name__
    reason = ReasonDialog("screening values")
    signature = SignatureDialog(
        meaning="I confirm eligibility",
        signer="Ivan Investigator",
        record="01-0001",
        sign=lambda _password: None,
    )
    for dialog in (reason, signature):
        qtbot.addWidget(dialog)
    assert english_left(reason, "screening values") == []
    assert english_left(signature, "I confirm eligibility", "Ivan Investigator") == []
    window.close_without_asking = True


def test_an_untranslated_string_is_caught(qtbot: Any, chinese: None) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    QLabel("Record consent", widget)
    assert english_left(widget) == ["Record consent"]


@pytest.mark.parametrize(
    ("language", "stored", "shown"),
    [
        ("zh", "2026-11-29", "2026-11-29"),
        ("en", "2026-11-29", "29 Nov 2026"),
        ("en", date(2026, 3, 5), "5 Mar 2026"),
        ("zh", datetime(2026, 3, 5, 23, 0), "2026-03-05"),
    ],
)
def test_dates_are_shown_in_the_language_and_stored_iso(
    language: str, stored: object, shown: str
) -> None:
    install_language(language)
    try:
        assert format_date(stored) == shown  # type: ignore[arg-type]
    finally:
        install_language("en")


def test_protocol_forms_show_the_protocol_s_chinese_labels(qtbot: Any, chinese: None) -> None:
    from msc_desktop.domain.protocol_reader import load_protocol
    from msc_desktop.gui.widgets.form_engine import FormView

    form = load_protocol().form("consent")
    view = FormView(form, lambda _values: [])
    qtbot.addWidget(view)
    assert english_left(view) == []
    first = form.fields[0]
    assert view.field_label(first.name) == first.label.zh


def test_every_core_sentence_is_a_template_the_catalogue_can_hold() -> None:
    templates, made_before_raising = translations.core_messages()
    assert made_before_raising == [], "write Message(template, **values) instead of an f-string"
    assert "Wrong user name or password." in templates


def test_a_core_error_is_shown_in_chinese(chinese: None) -> None:
    from msc_desktop.errors import AuthenticationError
    from msc_desktop.gui.i18n import error_text

    assert error_text(AuthenticationError("Wrong user name or password.")) == translate(
        "Wrong user name or password."
    )


# -- adverse events, audit trail, sync panel, PDF preview, participant page (gui_a) ----------------


def _all_chinese(text: str, *data: str) -> bool:
    """True when `text` (a table cell or a log line) holds no English beside `data`."""
    return english_left(QLabel(text), *data) == []


def test_the_adverse_events_and_the_sae_queue_are_all_chinese(
    qtbot: Any,
    chinese: None,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    site: SiteStore,
) -> None:
    from datetime import timedelta

    from msc_desktop.gui.participant.adverse_event_dialog import AdverseEventDialog
    from msc_desktop.gui.participant.adverse_events import AdverseEventsTab
    from msc_desktop.gui.participant.sae_queue import SaeQueueView
    from msc_desktop.store.services.adverse_events import (
        adverse_events_of,
        assess_causality,
        record_adverse_event,
    )
    from msc_desktop.store.services.participants import participant_detail
    from tests.accounts import INVESTIGATOR
    from tests.factories import TODAY, randomized_participant
    from tests.unit.store.test_services_followup import AE

    participant = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    record_adverse_event(nurse_store, participant, AE, today=TODAY)
    aware = datetime.now().replace(microsecond=0) - timedelta(hours=2)
    record_adverse_event(
        nurse_store,
        participant,
        {
            **AE,
            "term": "Sepsis",
            "grade": "4",
            "serious_life_threatening": "Y",
            "onset_date": aware.date().isoformat(),
            "aware_at": aware.isoformat(timespec="minutes"),
        },
        today=aware.date(),
    )
    assess_causality(investigator_store, participant, 1, "PROBABLY RELATED", INVESTIGATOR[1])
    detail = participant_detail(investigator_store, participant)
    tab = AdverseEventsTab(investigator_store, clock=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.load(detail)
    tab.select_ae(2)
    assert not tab.sae_banner.isHidden() and "Sepsis" in tab.sae_banner.text()
    assert english_left(tab, "Fever", "Sepsis") == []
    cells = [
        tab.model.data(tab.model.index(row, column))
        for row in range(tab.model.rowCount())
        for column in range(tab.model.columnCount())
    ]
    assert [
        cell for cell in cells if not _all_chinese(cell, "Fever", "Sepsis", INVESTIGATOR[2])
    ] == []
    serious = next(
        view for view in adverse_events_of(investigator_store, participant) if view.serious
    )
    dialog = AdverseEventDialog(investigator_store, detail, clock=lambda: TODAY, existing=serious)
    qtbot.addWidget(dialog)
    assert english_left(dialog, "Sepsis") == []
    queue = SaeQueueView(investigator_store)
    qtbot.addWidget(queue)
    assert queue.reload() == 1
    assert english_left(queue, "Sepsis") == []


def test_the_audit_trail_and_the_account_events_are_all_chinese(
    qtbot: Any,
    chinese: None,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    site: SiteStore,
) -> None:
    from msc_desktop.gui.participant.audit import MEANING_TEXTS, AccountEventsDialog, AuditTab
    from msc_desktop.store.services.adverse_events import assess_causality, record_adverse_event
    from msc_desktop.store.services.participants import participant_detail
    from msc_desktop.store.services.signatures import Meaning
    from tests.accounts import INVESTIGATOR, NURSE
    from tests.factories import TODAY, randomized_participant
    from tests.unit.store.test_services_followup import AE

    assert set(MEANING_TEXTS) == {meaning.value for meaning in Meaning}
    participant = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    record_adverse_event(nurse_store, participant, AE, today=TODAY)
    assess_causality(investigator_store, participant, 1, "PROBABLY RELATED", INVESTIGATOR[1])
    audit = AuditTab(site)
    qtbot.addWidget(audit)
    audit.load(participant_detail(site, participant))
    assert (
        audit.model.rowCount() > 0
        and audit.signature_model.rowCount() == 2
        and audit.record_filter.count() > 3
    )
    assert english_left(audit) == []
    actions = {audit.model.data(audit.model.index(row, 3)) for row in range(audit.model.rowCount())}
    signatures = [
        audit.signature_model.data(audit.signature_model.index(row, column))
        for row in range(2)
        for column in (1, 3, 5)
    ]
    assert [text for text in [*actions, *signatures] if not _all_chinese(text)] == []
    events = AccountEventsDialog(site)
    qtbot.addWidget(events)
    assert {row.record_id for row in events.model.visible_rows()} >= {NURSE[0], INVESTIGATOR[0]}
    assert english_left(events) == []


def test_the_sync_panel_is_all_chinese(
    qtbot: Any,
    chinese: None,
    site: SiteStore,
    nurse_store: SiteStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from msc_desktop.central.service import Center
    from msc_desktop.gui.sync import panel as sync_panel_module
    from msc_desktop.gui.sync.panel import SyncPanel
    from msc_desktop.sync.site_status import sync_status
    from tests.unit.sync.sitepath import add_participant, connect

    unconnected = SyncPanel(site)
    qtbot.addWidget(unconnected)
    assert not unconnected.export_button.isEnabled() and unconnected.export_button.toolTip()
    assert english_left(unconnected, sync_status(site).site_fingerprint or "") == []
    stick = tmp_path / "media" / "MSC-USB"
    stick.mkdir(parents=True)
    monkeypatch.setattr(sync_panel_module, "removable_drives", lambda: [stick])
    center = Center.init(tmp_path / "center", passphrase=CENTRE_PASSPHRASE)
    try:
        connect(site, center, tmp_path)
        add_participant(nurse_store, 0)
        panel = SyncPanel(nurse_store)
        qtbot.addWidget(panel)
        panel.show()
        panel.export_button.click()
        qtbot.waitUntil(lambda: not panel.running, timeout=30_000)
        bundle = next(stick.glob("*.mscb"))
        center.import_files([bundle])
        receipt = center.home.receipt_path(bundle.name)
        panel.import_files([receipt])
        qtbot.waitUntil(lambda: not panel.running, timeout=30_000)
    finally:
        center.close()
    status = sync_status(nurse_store)
    assert status.acknowledged_seq == status.exported_seq > 0
    shown = (
        str(tmp_path),
        status.site_fingerprint or "",
        status.center_fingerprint or "",
        bundle.name,
        receipt.name,
    )
    assert english_left(panel, *shown) == []
    assert _all_chinese(panel.results.toPlainText(), *shown), panel.results.toPlainText()


def test_the_pdf_preview_and_the_participant_page_are_all_chinese(
    qtbot: Any,
    chinese: None,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    site: SiteStore,
) -> None:
    from msc_desktop.gui.participant.lists import STATUS_TEXTS
    from msc_desktop.gui.participant.page import ParticipantPage
    from msc_desktop.gui.widgets.pdf_preview import preview_sae_report
    from msc_desktop.store.services.adverse_events import record_adverse_event
    from msc_desktop.store.services.participants import Status, participant_detail
    from tests.factories import TODAY, randomized_participant
    from tests.unit.store.test_services_followup import AE

    assert set(STATUS_TEXTS) == set(Status)
    participant = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    record_adverse_event(
        nurse_store, participant, {**AE, "serious_hospitalisation": "Y", "grade": "3"}, today=TODAY
    )
    detail = participant_detail(nurse_store, participant)
    preview = preview_sae_report(None, nurse_store, detail.ref.subject_id, 1)
    assert preview is not None and preview.page_count > 0
    qtbot.addWidget(preview)
    assert english_left(preview) == []
    page = ParticipantPage(nurse_store, clock=lambda: TODAY)
    qtbot.addWidget(page)
    page.open(participant)
    initials = str(detail.registration["initials"])
    # the page's own parts; the screening, visit and infusion panels have tests of their own
    for part in (
        page.title,
        page.registration,
        page.consent,
        page.follow_up.adverse_events,
        page.follow_up.audit,
    ):
        assert english_left(part, initials, "Fever") == [], part.objectName()
    tabs = [page.tabs.tabText(index) for index in range(page.tabs.count())]
    assert [text for text in tabs if not _all_chinese(text)] == []
    page.start_registration()
    assert english_left(page.title) == [] and english_left(page.consent.banner) == []


# -- infusions, visits, screening, set-up wizard, users (gui_b) ------------------------------------

#: Unit symbols and abbreviations that Chinese keeps in Latin letters (words such as "ratio" or
#: "beats/min" are translated, form_engine.unit_text).
PROTOCOL_LATIN = (
    "mmHg",
    "mmol/L",
    "umol/L",
    "mEq/L",
    "ukat/L",
    "mg/dL",
    "g/dL",
    "Child-Pugh",
    "INR",
    "SpO2",
    "ALT",
    "AST",
    "ALP",
    "GGT",
    "AFP",
    "West Haven",
    "CVVHD",
    "HBsAg",
    "HBV DNA",
    "HCV",
    "HDV",
    "HEV",
    "HIV",
    "kPa",
    "IU/mL",
    "CT",
    "MRI",
)


def _english_cells(table: Any, *data: str) -> list[str]:
    """Table cells (QTableWidget) that still hold an English word beside `data`."""
    cells = [
        table.item(row, column)
        for row in range(table.rowCount())
        for column in range(table.columnCount())
    ]
    return [
        cell.text()
        for cell in cells
        if cell is not None and english_left(QLabel(cell.text()), *data)
    ]


def test_the_infusion_dialog_with_a_dose_plan_and_the_infusions_tab_are_chinese(
    qtbot: Any,
    chinese: None,
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
) -> None:
    from datetime import timedelta
    from decimal import Decimal

    from msc_desktop.gui.participant.infusion_dialog import InfusionDialog
    from msc_desktop.gui.participant.infusions import InfusionsTab, infusion_visit_codes
    from msc_desktop.store.services.infusion_log import Credentials, ReleaseOverride, log_infusion
    from msc_desktop.store.services.infusions import infusion_view, plan_infusion
    from msc_desktop.store.services.participants import participant_detail
    from msc_desktop.store.services.visits import visit_records
    from tests.accounts import INVESTIGATOR, NURSE
    from tests.factories import TODAY, randomized_participant
    from tests.gui.helpers import fill
    from tests.unit.store.test_services_followup import LOG, PLAN

    participant = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    detail = participant_detail(nurse_store, participant)
    typed = InfusionDialog(
        nurse_store, detail, "W0", None, baseline_weight=Decimal("62.5"), clock=lambda: TODAY
    )
    qtbot.addWidget(typed)
    fill(typed.plan_form, {k: v for k, v in PLAN.items() if k != "visit_code"})
    assert "<b>33.2 mL</b>" in typed.preview.text()
    assert english_left(typed, NURSE[2], detail.ref.subject_id, *PROTOCOL_LATIN) == []
    plan_infusion(
        nurse_store,
        participant,
        {**PLAN, "viability_pct": "65"},
        today=TODAY,
        confirm_warnings=True,
    )
    planned = InfusionDialog(
        nurse_store,
        detail,
        "W0",
        infusion_view(nurse_store, participant, "W0"),
        baseline_weight=Decimal("62.5"),
        clock=lambda: TODAY,
    )
    qtbot.addWidget(planned)
    assert not planned.override_box.isHidden() and "65 %" in planned.preview.text()
    assert english_left(planned, NURSE[2], detail.ref.subject_id, *PROTOCOL_LATIN) == []
    verifier = Credentials(INVESTIGATOR[0], INVESTIGATOR[1])
    volume = str(infusion_view(nurse_store, participant, "W0").plan.volume_ml)  # type: ignore[union-attr]
    log_infusion(
        nurse_store,
        participant,
        "W0",
        {**LOG, "volume_infused_ml": volume},
        preparer_password=NURSE[1],
        verifier=verifier,
        today=TODAY,
        override=ReleaseOverride(verifier, "no other product available"),
        confirm_warnings=True,
    )
    later = TODAY + timedelta(days=30)
    logged = InfusionDialog(
        nurse_store,
        detail,
        "W0",
        infusion_view(nurse_store, participant, "W0"),
        baseline_weight=Decimal("62.5"),
        clock=lambda: later,
    )
    qtbot.addWidget(logged)
    assert f"<b>{volume} mL</b>" in logged.preview.text(), (
        "a logged infusion's weight is as old as on its own day"
    )
    assert logged.message.text().count(INVESTIGATOR[2]) == 2  # verified, and the release override
    people = (NURSE[2], INVESTIGATOR[2], detail.ref.subject_id)
    assert english_left(logged, *people, *PROTOCOL_LATIN) == []
    tab = InfusionsTab(nurse_store, clock=lambda: later)
    qtbot.addWidget(tab)
    tab.load(detail, visit_records(nurse_store, participant))
    assert english_left(tab) == []
    assert (
        _english_cells(tab.table, *people, "LOT-7", "BAG-3", *infusion_visit_codes(PROTOCOL)) == []
    )


def test_the_visits_tab_with_a_visit_and_the_end_of_study_are_chinese(
    qtbot: Any,
    chinese: None,
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
) -> None:
    from datetime import timedelta

    from msc_desktop.gui.participant.disposition import DispositionDialog
    from msc_desktop.gui.participant.visits import VisitsTab
    from msc_desktop.store.services.participants import participant_detail
    from msc_desktop.store.services.visits import mark_missed, save_visit, visit_records
    from tests.factories import TODAY, randomized_participant

    participant = randomized_participant(nurse_store, investigator_store, site, arm="CONTROL")
    w4 = TODAY + timedelta(days=28)
    save_visit(
        nurse_store,
        participant,
        {
            "visit_code": "W4",
            "visit_date": w4.isoformat(),
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
        },
        today=w4,
    )
    mark_missed(nurse_store, participant, "W0", "in hospital elsewhere", today=w4)
    detail = participant_detail(nurse_store, participant)
    tab = VisitsTab(nurse_store, clock=lambda: w4)
    qtbot.addWidget(tab)
    tab.load(detail, visit_records(nurse_store, participant))
    tab.open_visit("W4")
    assert "W4" in tab.form_title.text() and "3.4" in tab.change_label.text()
    assert english_left(tab, *PROTOCOL_LATIN) == []
    assert (
        _english_cells(tab.table, "in hospital elsewhere", *(visit.code for visit in tab.visits))
        == []
    )
    end = DispositionDialog(nurse_store, detail, clock=lambda: w4)
    qtbot.addWidget(end)
    assert english_left(end, detail.ref.subject_id) == []


def test_the_screening_panel_is_chinese_while_incomplete_eligible_and_signed(
    qtbot: Any,
    chinese: None,
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
) -> None:
    from msc_desktop.domain.protocol_reader import load_protocol
    from msc_desktop.gui.participant.screening import ScreeningPanel
    from msc_desktop.store.services.participants import (
        participant_detail,
        record_consent,
        register_participant,
    )
    from msc_desktop.store.services.screening import save_screening, sign_eligibility
    from tests.accounts import INVESTIGATOR
    from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION, TODAY

    participant = register_participant(nurse_store, REGISTRATION, today=TODAY).id
    record_consent(nurse_store, participant, CONSENT, today=TODAY)
    panel = ScreeningPanel(nurse_store, clock=lambda: TODAY)
    qtbot.addWidget(panel)
    codes = [criterion.code for criterion in load_protocol().eligibility.criteria]
    incomplete = {
        k: v for k, v in ELIGIBLE_SCREENING.items() if k not in ("albumin", "ex_malignancy")
    }
    save_screening(nurse_store, participant, incomplete, today=TODAY)
    panel.load(participant_detail(nurse_store, participant))
    assert panel.criteria_label.text().count("<li>") == 2
    assert english_left(panel, *PROTOCOL_LATIN, *codes) == []
    save_screening(nurse_store, participant, ELIGIBLE_SCREENING, today=TODAY)
    panel.load(participant_detail(nurse_store, participant))
    assert "<li>" not in panel.criteria_label.text()
    assert english_left(panel, *PROTOCOL_LATIN, *codes) == []
    sign_eligibility(investigator_store, participant, INVESTIGATOR[1])
    panel.load(participant_detail(nurse_store, participant))
    assert INVESTIGATOR[2] in panel.signature_label.text()
    assert english_left(panel, *PROTOCOL_LATIN, *codes, INVESTIGATOR[2]) == []


def test_the_set_up_wizard_pages_and_the_recovery_key_file_are_chinese(
    qtbot: Any,
    chinese: None,
    tmp_path: Path,
) -> None:
    from msc_desktop.gui.setup_wizard import SetupWizard
    from tests.gui.helpers import LATIN_WORD

    wizard = SetupWizard(tmp_path / "new")
    qtbot.addWidget(wizard)
    for line, text in (
        (wizard.site_id, "07"),
        (wizard.site_name, "Test Hospital"),
        (wizard.admin_user, "ada"),
        (wizard.admin_name, "Ada Admin"),
        (wizard.password, "short"),
    ):
        line.setText(text)
    assert wizard.password_rules.text() != ""
    assert english_left(wizard, str(tmp_path)) == []
    wizard.password.setText("Harbour-lamp-2026")
    wizard.password_again.setText("Harbour-lamp-2026")
    wizard.create_site()
    assert wizard.pages.currentIndex() == 1 and wizard.store is not None
    wizard.write_key(tmp_path / "key.txt")
    assert english_left(wizard, str(tmp_path), "Test Hospital", wizard.recovery_key) == []
    sheet = (tmp_path / "key.txt").read_text(encoding="utf-8")
    assert wizard.recovery_key in sheet
    assert LATIN_WORD.findall(
        sheet.replace(wizard.recovery_key, "").replace("Test Hospital", "")
    ) == ["MSC", "Desktop"]
    wizard.store.close()


def test_the_users_dialog_and_its_dialogs_are_chinese(
    qtbot: Any, chinese: None, site: SiteStore, modals: Any
) -> None:
    from msc_desktop.gui.site.user_dialogs import AddUserDialog
    from msc_desktop.gui.site.users import UsersDialog, change_my_password
    from msc_desktop.store.users import deactivate_user, list_users

    deactivate_user(site, "monitor", "left the hospital")
    accounts = list_users(site)
    people = [account.full_name for account in accounts] + [account.user_id for account in accounts]
    dialog = UsersDialog(site)
    qtbot.addWidget(dialog)
    assert english_left(dialog, *people) == []
    assert _english_cells(dialog.table, *people) == []
    assert dialog.table.item(2, 3).text() != dialog.table.item(0, 3).text()  # type: ignore[union-attr]
    seen: list[tuple[str, list[str]]] = []

    def look(modal: QWidget) -> None:
        seen.append((modal.windowTitle(), english_left(modal, *people)))
        modal.reject()  # type: ignore[attr-defined]

    dialog.select_user("nurse")
    for button in (
        dialog.add_button,
        dialog.role_button,
        dialog.reset_button,
        dialog.deactivate_button,
    ):
        modals.expect(look)
        button.click()
        qtbot.waitUntil(lambda: not modals.pending)
    modals.expect(look)
    change_my_password(dialog, site)
    modals.check()
    assert len(seen) == 5 and [left for _title, left in seen] == [[]] * 5, seen
    add = AddUserDialog(site)
    qtbot.addWidget(add)
    add.user_id.setText("nurse")
    add.passwords.password.setText("nurse-and-more-99")
    assert add.passwords.strength.text() != ""
    assert english_left(add, "nurse") == []
    add.full_name.setText("Another Nurse")
    add.passwords.password.setText("Amber-garden-2027")
    add.passwords.repeat.setText("Amber-garden-2027")
    add.accept_button.click()
    assert add.message.text() != "" and add.result() == 0
    assert english_left(add, "nurse", "Another Nurse") == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Randomized CONTROL", "W4 2026-11-20 (OVERDUE)", "2 open, 1 report overdue"]),
        (
            "zh",
            [
                "\u5df2\u968f\u673a\u5316\uff08\u5bf9\u7167\uff09",
                "W4 2026-11-20\uff08\u5df2\u903e\u671f\uff09",
                "2 \u4f8b\u672a\u7ed3\uff0c1 \u4f8b\u62a5\u544a\u903e\u671f",
            ],
        ),
    ],
)
def test_the_participant_list_cells_follow_the_language(language: str, expected: list[str]) -> None:
    from msc_desktop.gui.participant.lists import participant_columns
    from msc_desktop.store.services.overview import ParticipantRow

    row = ParticipantRow(
        id="p1",
        subject_id="01-0002",
        screening_number="S002",
        initials="WL",
        sex="M",
        status="randomized",
        arm="CONTROL",
        stratum="B",
        infusions_done=0,
        next_visit="W4",
        next_visit_date=date(2026, 11, 20),
        next_visit_state="overdue",
        open_saes=2,
        overdue_saes=1,
    )
    by_header = {column.header: column for column in participant_columns(PROTOCOL)}
    install_language(language)
    try:
        shown = [by_header[name].text(row) for name in ("Status", "Next visit", "Open SAE")]
    finally:
        install_language("en")
    assert shown == expected
