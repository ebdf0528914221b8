"""Issue 12, item 12: the Chinese interface shows every coded value in Chinese.

The test walks every codelist of resources/protocol.json: it records data that uses each code
(sex, arms, ascites and encephalopathy grades, AE grade, relationship, action, outcome and
expectedness, every end-of-study status), then reads every place a coded value is shown in the
Chinese interface (the participant list, each participant's title, visits, infusions, adverse
events, end of study and audit trail, and the printed SAE reports and dosing worksheet) and fails
on any English code. Visit codes (W0, W4...) and the Child-Pugh stratum letters are identifiers by
design and stay as they are.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

import pytest

pytest.importorskip("PySide6", reason="PySide6 is not installed: the GUI tests need it")
pytest.importorskip("pytestqt", reason="pytest-qt is not installed: the GUI tests need it")

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView, QTableWidget, QWidget

from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.gui.main_window import MainWindow
from msc_desktop.reports.printing import dosing_worksheet_pdf, sae_report_pdf
from msc_desktop.store.services.adverse_events import record_adverse_event
from msc_desktop.store.services.disposition import end_study
from msc_desktop.store.services.infusions import Credentials, log_infusion, plan_infusion
from msc_desktop.store.services.participants import (
    participant_detail,
    record_consent,
    register_participant,
)
from msc_desktop.store.services.visits import save_visit
from msc_desktop.store.site import SiteStore
from tests.accounts import INVESTIGATOR, NURSE
from tests.factories import CONSENT, REGISTRATION, TODAY, randomized_participant
from tests.gui.helpers import visible_texts
from tests.unit.store.test_services_followup import AE, LOG, PLAN

#: Codelists whose codes are identifiers shown as they are (the visit codes, the Child-Pugh strata),
#: and the record states (participant, infusion, deviation category), whose words the app's own
#: status texts give; the audit trail still shows those states as recorded.
IDENTIFIER_LISTS = {"VISIT", "SCHEDVISIT", "INFVISIT", "STRATUM", "PARTSTAT", "INFSTAT", "DVCAT"}
CJK = "\u4e00-\u9fff"


def english_codes() -> tuple[set[str], set[str]]:
    """(codes of two letters or more, single-letter codes) of every codelist and arm, but the
    identifiers and the arm "MSC" (the product's name, used in Chinese sentences too)."""
    protocol = load_protocol()
    codes = {
        choice.code
        for name, items in protocol.codelists.items()
        if name not in IDENTIFIER_LISTS
        for choice in items
    }
    codes = (codes | {arm.code for arm in protocol.arms}) - {"MSC"}
    english = {code for code in codes if re.search("[A-Za-z]", code)}
    return {c for c in english if len(c) > 1}, {c for c in english if len(c) == 1}


def codes_in(text: str) -> list[str]:
    """The English codes `text` shows: a word code anywhere, a one-letter code standing alone
    (a whole cell, or between spaces and punctuation), the arm MSC where it stands for the arm."""
    words, letters = english_codes()
    found = [
        code for code in words if re.search(rf"(?<![A-Za-z]){re.escape(code)}(?![A-Za-z])", text)
    ]
    found += [
        code
        for code in letters
        if re.search(rf"(?:^|[\s:：(（,，]){code}(?:$|[\s)）,，;；。])", text)
    ]
    if re.search(rf"(?<![A-Za-z])MSC(?![A-Za-z])(?!\s*[{CJK}]| Desktop|\s*\d)", text):
        found.append("MSC")
    return found


def cell_texts(root: QWidget) -> list[str]:
    """Every cell of every table in `root`."""
    texts = []
    for table in root.findChildren(QTableView):
        model = table.model()
        if model is None:
            continue
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                texts.append(
                    str(model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole) or "")
                )
    for widget in root.findChildren(QTableWidget):
        for row in range(widget.rowCount()):
            for column in range(widget.columnCount()):
                item = widget.item(row, column)
                texts.append(item.text() if item is not None else "")
    return texts


def english_shown(texts: Iterable[str]) -> dict[str, list[str]]:
    return {text: codes_in(text) for text in texts if codes_in(text)}


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


# -- the data: every code used once ---------------------------------------------------------------


def every_ae(index: int) -> dict[str, object]:
    """AE `index` (0..5): each relationship, action, outcome, grade and expectedness in turn; all
    serious (hospitalisation), so that each prints an SAE report; the fatal one is grade 5,
    death."""
    codelists = load_protocol().codelists
    relationship = [c.code for c in codelists["AEREL"]]
    action = [c.code for c in codelists["ACN"]]
    outcome = [c.code for c in codelists["OUT"]]
    fatal = outcome[index] == "FATAL"
    return {
        **AE,
        "term": f"\u53d1\u70ed{index}",
        "relationship": relationship[index % len(relationship)],
        "action_taken": action[index % len(action)],
        "outcome": outcome[index],
        "grade": "5" if fatal else str(index % 4 + 1),
        "expected": ("Y", "N", "U")[index % 3],
        "serious_hospitalisation": "Y",
        "serious_death": "Y" if fatal else "N",
        "end_date": TODAY.isoformat(),
    }


@pytest.fixture
def clinic(nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore) -> list[str]:
    """Participants that between them use every code: both sexes and arms, every AE answer, an
    infusion, a visit, and each end-of-study status."""
    msc = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    control = randomized_participant(nurse_store, investigator_store, site, arm="CONTROL", number=2)
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
    for index, (ascites, grade) in enumerate((("slight", "1"), ("moderate", "3"))):
        day = TODAY + timedelta(days=28)
        save_visit(
            nurse_store,
            (msc, control)[index],
            {
                "visit_code": "W4",
                "visit_date": day.isoformat(),
                "weight": "60.5",
                "bilirubin": {"value": "1.9", "unit": "mg/dL"},
                "albumin": {"value": "3.4", "unit": "g/dL"},
                "inr": "1.5",
                "creatinine": {"value": "1.0", "unit": "mg/dL"},
                "sodium": "137",
                "ascites": ascites,
                "encephalopathy_grade": grade,
                "dialysis": "Y",
                "variceal_bleeding": "U",
            },
            today=day,
            confirm_warnings=True,
        )
    for index in range(len(load_protocol().codelists["OUT"])):
        record_adverse_event(nurse_store, msc, every_ae(index), today=TODAY, confirm_warnings=True)
    ended = []
    for number, status in enumerate(
        (c.code for c in load_protocol().codelists["NCOMPLT"]), start=10
    ):
        registration = {
            **REGISTRATION,
            "screening_number": f"SCR-{number:03d}",
            "sex": "F" if number % 2 else "M",
        }
        participant = register_participant(nurse_store, registration, today=TODAY).id
        record_consent(nurse_store, participant, CONSENT, today=TODAY)
        values: dict[str, object] = {
            "status": status,
            "disposition_date": TODAY.isoformat(),
            "reason_details": "\u8bf4\u660e",
            "last_visit_code": "SCR",
        }
        if status == "DEATH":
            values["death_date"] = TODAY.isoformat()
        end_study(nurse_store, participant, values, today=TODAY, confirm_warnings=True)
        ended.append(participant)
    return [msc, control, *ended]


# -- the places -----------------------------------------------------------------------------------


def test_the_code_check_finds_english_codes() -> None:
    assert codes_in("NOT RELATED") == ["NOT RELATED"]
    assert codes_in("M") == ["M"] and codes_in("\u7537") == []
    assert codes_in("\u5df2\u968f\u673a\uff0c\u7ec4\u522b MSC") == ["MSC"]
    assert codes_in("\u4e0e MSC \u7684\u5173\u7cfb") == [] and codes_in("10 U/L") == []
    assert set(codes_in("DEATH; last visit W12")) == {"DEATH"}


def test_every_coded_value_is_chinese_on_screen(
    qtbot: Any, nurse_store: SiteStore, clinic: list[str], clock: Callable[[], date], chinese: None
) -> None:
    window = MainWindow(nurse_store, clock=clock)
    qtbot.addWidget(window)
    window.show()
    shown: dict[str, dict[str, list[str]]] = {}
    listed = english_shown(cell_texts(window.list_page))
    if listed:
        shown["participant list"] = listed
    page = window.participant_page
    for participant in clinic:
        window.show_participant(participant)
        audit = page.follow_up.audit
        page.tabs.setCurrentWidget(audit)
        texts = visible_texts(page) + cell_texts(page)
        found = english_shown(texts)
        if found:
            shown[participant_detail(nurse_store, participant).ref.subject_id] = found
        page.tabs.setCurrentIndex(0)
    assert not shown, "\n".join(
        f"{where}: {text!r} {codes}"
        for where, found in shown.items()
        for text, codes in found.items()
    )


def test_every_coded_value_is_chinese_on_paper(nurse_store: SiteStore, clinic: list[str]) -> None:
    subject = participant_detail(nurse_store, clinic[0]).ref.subject_id
    printed = {
        "worksheet": pdf_text(dosing_worksheet_pdf(nurse_store, subject, "W0", language="zh"))
    }
    for number in range(1, len(load_protocol().codelists["OUT"]) + 1):
        printed[f"SAE {number}"] = pdf_text(
            sae_report_pdf(nurse_store, subject, number, language="zh")
        )
    assert "\u65e0\u5173" in printed["SAE 1"], "the relationship is printed in Chinese"
    found = {name: codes_in(text) for name, text in printed.items() if codes_in(text)}
    assert not found, found
