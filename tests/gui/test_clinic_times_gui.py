"""Clinical times on screen and on paper in local time with the UTC offset (DESIGN 7a): the SAE
deadline and countdown, the AE awareness time, the infusion and consent time fields, the printed
SAE report. The computer's zone is fixed for each test (TZ)."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("PySide6", reason="PySide6 is not installed: the GUI tests need it")
pytest.importorskip("pytestqt", reason="pytest-qt is not installed: the GUI tests need it")

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from msc_desktop.domain.clinic_time import use_site_zone
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.gui.actions import build_main_window
from msc_desktop.gui.widgets.form_engine import FormView
from msc_desktop.reports.printing import sae_report_pdf
from msc_desktop.store.services.adverse_events import record_adverse_event
from msc_desktop.store.services.participants import participant_detail
from msc_desktop.store.site import SiteStore
from tests.factories import TODAY, randomized_participant
from tests.unit.store.test_services_followup import AE

SERIOUS = {**AE, "serious_hospitalisation": "Y", "aware_at": "2026-11-20T12:00"}


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def msc(nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore) -> str:
    return randomized_participant(nurse_store, investigator_store, site, arm="MSC")


def test_the_sae_deadline_and_awareness_show_the_offset(
    qtbot: Any, shanghai: None, nurse_store: SiteStore, msc: str
) -> None:
    record_adverse_event(nurse_store, msc, SERIOUS, today=TODAY)
    window = build_main_window(nurse_store, clock=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    queue = window.sae_view.model
    columns = [queue.headerData(c, Qt.Orientation.Horizontal) for c in range(queue.columnCount())]
    row = {columns[c]: queue.data(queue.index(0, c)) for c in range(queue.columnCount())}
    assert row["Aware at"] == "2026-11-20 12:00 UTC+08:00"
    assert "(was due 2026-11-21 12:00 UTC+08:00)" in row["Reporting deadline"]
    window.show_participant(msc)
    banner = window.participant_page.follow_up.adverse_events.sae_banner.text()
    assert "2026-11-21 12:00 UTC+08:00" in banner


def test_clinical_time_fields_name_the_offset(qtbot: Any, shanghai: None) -> None:
    for form_id, field in (
        ("infusion", "infusion_start"),
        ("infusion", "infusion_end"),
        ("adverse_event", "aware_at"),
        ("consent", "consent_time"),
    ):
        view = FormView(load_protocol().form(form_id), lambda _values: [])
        qtbot.addWidget(view)
        offset = view.editors[field].findChild(QLabel, f"{field}_offset")
        assert offset is not None, f"{form_id}.{field} shows no offset"
        assert offset.text() == "Asia/Shanghai UTC+08:00" and offset.toolTip()
    registration = FormView(load_protocol().form("registration"), lambda _values: [])
    qtbot.addWidget(registration)
    assert registration.findChild(QLabel, "registration_date_offset") is None, (
        "dates alone stay dates"
    )


def test_time_fields_name_the_sites_zone_not_the_computers(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        use_site_zone("Asia/Shanghai")  # the zone the site recorded
        view = FormView(load_protocol().form("adverse_event"), lambda _values: [])
        qtbot.addWidget(view)
        offset = view.editors["aware_at"].findChild(QLabel, "aware_at_offset")
        assert offset is not None and offset.text() == "Asia/Shanghai UTC+08:00"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_printed_sae_report_shows_the_offset(
    shanghai: None, nurse_store: SiteStore, msc: str
) -> None:
    record_adverse_event(nurse_store, msc, SERIOUS, today=TODAY)
    subject = participant_detail(nurse_store, msc).ref.subject_id
    pdf = sae_report_pdf(nurse_store, subject, 1, language="en")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "2026-11-20 12:00 UTC+08:00" in text and "2026-11-21 12:00 UTC+08:00" in text, text
