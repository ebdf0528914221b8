"""A participant's audit history (who, when, old -> new, reason, signatures), its exports, and the
administrators' view of account events."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from msc_desktop.errors import AuthenticationError, PermissionDenied, ValidationError
from msc_desktop.reports.audit_history import export_history
from msc_desktop.store.services.adverse_events import (
    assess_causality,
    record_adverse_event,
    update_adverse_event,
)
from msc_desktop.store.services.audit_history import (
    CSV_HEADER,
    account_events,
    participant_history,
)
from msc_desktop.store.services.infusion_log import Credentials, log_infusion
from msc_desktop.store.services.infusions import plan_infusion
from msc_desktop.store.services.visits import save_visit
from msc_desktop.store.site import SiteStore
from tests.accounts import ADMIN, INVESTIGATOR, NURSE
from tests.factories import TODAY, randomized_participant
from tests.unit.store.test_services_followup import AE, LOG, PLAN

W4 = {
    "visit_code": "W4",
    "visit_date": (TODAY + timedelta(days=28)).isoformat(),
    "weight": "60.5",
    "bilirubin": {"value": "1.9", "unit": "mg/dL"},
    "albumin": {"value": "3.4", "unit": "g/dL"},
    "inr": "1.5",
    "creatinine": {"value": "1.0", "unit": "mg/dL"},
    "sodium": "137",
    "alt": "40",
    "ascites": "absent",
    "encephalopathy_grade": "0",
    "dialysis": "N",
    "variceal_bleeding": "N",
}


@pytest.fixture
def followed(nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore) -> str:
    """An MSC participant with a logged W0 infusion, a W4 visit, and an AE assessed then updated."""
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    plan_infusion(nurse_store, pid, PLAN, today=TODAY)
    log_infusion(
        nurse_store,
        pid,
        "W0",
        LOG,
        preparer_password=NURSE[1],
        verifier=Credentials(INVESTIGATOR[0], INVESTIGATOR[1]),
        today=TODAY,
    )
    later = TODAY + timedelta(days=28)
    save_visit(nurse_store, pid, W4, today=later)
    record_adverse_event(nurse_store, pid, AE, today=TODAY)
    assess_causality(investigator_store, pid, 1, "UNLIKELY RELATED", INVESTIGATOR[1])
    update_adverse_event(
        nurse_store,
        pid,
        1,
        {
            **AE,
            "relationship": "UNLIKELY RELATED",
            "outcome": "RECOVERED/RESOLVED",
            "end_date": "2026-11-20",
        },
        today=TODAY,
        reason="resolved",
    )
    return pid


def test_history_says_who_when_old_new_and_why(nurse_store: SiteStore, followed: str) -> None:
    history = participant_history(nurse_store, followed)
    assert history.subject_id == "01-0001"
    assert [e.seq for e in history.entries] == sorted(e.seq for e in history.entries)
    outcome = [
        e
        for e in history.entries
        if e.record == "Adverse event 1" and e.field == "Outcome" and e.action == "update"
    ]
    assert [(e.user_name, e.old_value, e.new_value, e.reason, e.item_oid) for e in outcome] == [
        (NURSE[2], "RECOVERING/RESOLVING", "RECOVERED/RESOLVED", "resolved", "IT.AE.OUTCOME")
    ]
    bilirubin = [
        e for e in history.entries if e.record == "Visit W4" and e.field == "Total bilirubin"
    ]
    assert [(e.action, e.old_value, e.new_value, e.item_oid) for e in bilirubin] == [
        ("insert", None, "1.9 mg/dL", "IT.LB.BILI")
    ]  # one row: the value with its unit
    records = dict(history.records).values()
    assert {
        "Registration",
        "Informed consent",
        "Screening",
        "MSC infusion W0",
        "Visit W4",
        "Adverse event 1",
        "Randomization",
    } <= set(records)
    signed = [
        e.new_value
        for e in history.entries
        if e.record == "MSC infusion W0" and e.action == "event"
    ]
    assert f"signed by {NURSE[2]}: I prepared this dose as calculated" in signed
    assert f"signed by {INVESTIGATOR[2]}: I verified this dose independently" in signed


def test_signatures_are_listed_with_their_state(nurse_store: SiteStore, followed: str) -> None:
    signatures = participant_history(nurse_store, followed).signatures
    by_meaning = {s.meaning: s for s in signatures}
    causality = by_meaning["I assessed the causality of this adverse event"]
    assert (causality.record, causality.printed_name, causality.role) == (
        "Adverse event 1",
        INVESTIGATOR[2],
        "investigator",
    )
    assert causality.state.startswith("voided ") and causality.state.endswith(
        "signed data changed: resolved"
    )
    assert by_meaning["I prepared this dose as calculated"].state == "valid"
    assert by_meaning["I verified this dose independently"].printed_name == INVESTIGATOR[2]
    assert by_meaning["I confirm this participant's eligibility"].record == "Screening"


def test_a_cleared_value_keeps_its_history_and_a_record_filter_includes_items(
    nurse_store: SiteStore, followed: str
) -> None:
    later = TODAY + timedelta(days=28)
    without_alt = {k: v for k, v in W4.items() if k != "alt"}
    save_visit(
        nurse_store, followed, without_alt, today=later, reason="ALT was from another sample"
    )
    history = participant_history(nurse_store, followed)
    alt = [
        e
        for e in history.entries
        if e.record == "Visit W4" and e.field == "Alanine aminotransferase (ALT)"
    ]
    assert [(e.action, e.old_value, e.new_value, e.reason) for e in alt] == [
        ("insert", None, "40 U/L", None),
        ("delete", "40 U/L", None, "ALT was from another sample"),
    ]
    visit_id = next(rid for rid, label in history.records if label == "Visit W4")
    of_visit = history.of_record(visit_id)
    assert {e.field for e in of_visit.entries} >= {
        "Alanine aminotransferase (ALT)",
        "Total bilirubin",
    }
    assert {e.record for e in of_visit.entries} == {"Visit W4"}


def test_other_participants_rows_stay_out(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore, followed: str
) -> None:
    other = randomized_participant(nurse_store, investigator_store, site, arm="CONTROL", number=2)
    mine = participant_history(nurse_store, followed)
    theirs = participant_history(nurse_store, other)
    assert not {e.seq for e in mine.entries} & {e.seq for e in theirs.entries}
    assert theirs.signatures and all(s.record_id != followed for s in theirs.signatures)
    assert not any(e.record.startswith("Infusion") for e in theirs.entries)


def test_csv_and_pdf_exports_hold_the_rows_and_are_audited(
    nurse_store: SiteStore, followed: str, tmp_path: Path
) -> None:
    history = participant_history(nurse_store, followed)
    csv_path = export_history(nurse_store, history, tmp_path / "history.csv")
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == len(history.entries) + 1
    assert rows[1][0] == str(history.entries[0].seq)
    outcome_rows = [
        (r[4], r[7], r[8], r[9])
        for r in rows[1:]
        if r[5] == "Adverse event 1" and r[6] == "Outcome"
    ]
    assert outcome_rows == [
        ("insert", "", "RECOVERING/RESOLVING", ""),
        ("update", "RECOVERING/RESOLVING", "RECOVERED/RESOLVED", "resolved"),
    ]
    pdf_path = export_history(nurse_store, history, tmp_path / "history.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    assert "Audit history of 01-0001" in text and "Electronic signatures" in text
    assert "I verified this dose independently" in text
    exports = [
        e.new_value
        for e in participant_history(nurse_store, followed).entries
        if e.action == "event"
    ]
    assert f"audit history exported (csv, {len(history.entries)} rows)" in exports
    assert f"audit history exported (pdf, {len(history.entries)} rows)" in exports
    with pytest.raises(ValidationError, match=r"\.csv or a \.pdf"):
        export_history(nurse_store, history, tmp_path / "history.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "history.csv",
        "history.pdf",
    ]


def test_account_events_are_for_administrators(site: SiteStore, nurse_store: SiteStore) -> None:
    with pytest.raises(AuthenticationError):
        nurse_store.verify_credentials(INVESTIGATOR[0], "wrong-password-1")
    with pytest.raises(PermissionDenied, match="site administrator may view account events"):
        account_events(nurse_store)
    events = account_events(site)
    assert [e.seq for e in events] == sorted((e.seq for e in events), reverse=True)
    described = [(e.record_id, e.new_value) for e in events if e.action == "event"]
    assert (NURSE[0], "signed in") in described
    assert (INVESTIGATOR[0], "signature password refused") in described
    created = [e for e in events if e.action == "insert" and e.record_id == NURSE[0]]
    assert [(e.user_id, e.new_value) for e in created] == [
        (ADMIN[0], f"active: true; full_name: {NURSE[2]}; role: nurse")
    ]
