"""The nurse's path through the services: register, consent, screen, sign, randomize."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from msc_desktop.errors import AuthenticationError, PermissionDenied, RuleViolation, ValidationError
from msc_desktop.store.models import AuditLog, Participant, Signature
from msc_desktop.store.services.form_values import FormRejected
from msc_desktop.store.services.participants import Status, record_consent, register_participant
from msc_desktop.store.services.randomization import randomize, stock
from msc_desktop.store.services.screening import save_screening, screening_state, sign_eligibility
from msc_desktop.store.site import SiteStore
from tests.accounts import INVESTIGATOR, NURSE
from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION, TODAY
from tests.lists import load_signed_list


def registered(store: SiteStore) -> str:
    return register_participant(store, REGISTRATION, today=TODAY).id


def test_registration_gives_subject_ids_in_order_and_refuses_duplicates(
    nurse_store: SiteStore,
) -> None:
    first = register_participant(nurse_store, REGISTRATION, today=TODAY)
    second = register_participant(
        nurse_store, {**REGISTRATION, "screening_number": "SCR-002"}, today=TODAY
    )
    assert (first.subject_id, second.subject_id) == ("01-0001", "01-0002")
    with pytest.raises(ValidationError, match="SCR-001 is already registered"):
        register_participant(nurse_store, REGISTRATION, today=TODAY)
    with pytest.raises(FormRejected, match="Date of birth"):
        register_participant(
            nurse_store,
            {**REGISTRATION, "screening_number": "X", "date_of_birth": "2027-01-01"},
            today=TODAY,
        )


def test_monitor_cannot_enter_data(site: SiteStore, data_dir) -> None:  # type: ignore[no-untyped-def]
    from tests.accounts import MONITOR

    monitor = SiteStore.unlock(data_dir, MONITOR[0], MONITOR[1])
    with pytest.raises(PermissionDenied, match="may enter or change clinical data"):
        register_participant(monitor, REGISTRATION, today=TODAY)
    monitor.close()


def test_nothing_before_consent(nurse_store: SiteStore) -> None:
    pid = registered(nurse_store)
    with pytest.raises(RuleViolation, match="consent first"):
        save_screening(nurse_store, pid, {"screening_date": "2026-11-19"}, today=TODAY)
    with pytest.raises(RuleViolation, match="Without written consent"):
        record_consent(nurse_store, pid, {**CONSENT, "written_consent": "N"}, today=TODAY)
    with pytest.raises(ValidationError, match="HH:MM"):
        record_consent(nurse_store, pid, {**CONSENT, "consent_time": "9h30"}, today=TODAY)


def full_path(nurse: SiteStore, investigator: SiteStore, site: SiteStore) -> tuple[str, str]:
    pid = registered(nurse)
    record_consent(nurse, pid, CONSENT, today=TODAY)
    partial = save_screening(
        nurse,
        pid,
        {"screening_date": "2026-11-19", "bilirubin": {"value": "51.3", "unit": "umol/L"}},
        today=TODAY,
    )
    assert partial.eligibility.verdict == "incomplete" and partial.status == Status.CONSENTED
    state = save_screening(
        nurse, pid, ELIGIBLE_SCREENING, today=TODAY, reason="rest of screening entered"
    )
    assert state.eligibility.verdict == "eligible", [
        o.reason for o in state.eligibility.outcomes if o.status != "satisfied"
    ]
    assert state.scores.child_pugh is not None and state.scores.child_pugh.score == 9
    assert state.status == Status.ELIGIBLE
    assert (
        state.randomize_blocked_because
        == "An investigator must sign the eligibility before randomization."
    )
    with pytest.raises(PermissionDenied):
        sign_eligibility(nurse, pid, NURSE[1])
    with pytest.raises(AuthenticationError):
        sign_eligibility(investigator, pid, "wrong-password-9")
    signature = sign_eligibility(investigator, pid, INVESTIGATOR[1])
    assert signature.printed_name == INVESTIGATOR[2]
    with pytest.raises(RuleViolation, match="No allocation list"):
        randomize(investigator, pid, today=TODAY)
    load_signed_list(site, "B", ["CONTROL", "MSC", "MSC", "CONTROL"])
    with pytest.raises(PermissionDenied, match="Only an investigator may randomize"):
        randomize(nurse, pid, today=TODAY)
    arm = randomize(investigator, pid, today=TODAY)
    return pid, arm


def test_full_path_to_randomization(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid, arm = full_path(nurse_store, investigator_store, site)
    assert arm == "CONTROL"  # the first entry of stratum B's list
    assert [(s.stratum, s.remaining) for s in stock(nurse_store)] == [("B", 3), ("C", 0)]
    with nurse_store.session() as session:
        participant = session.get(Participant, pid)
        assert participant is not None
        assert (participant.arm, participant.stratum, participant.status, participant.day0) == (
            "CONTROL",
            "B",
            "randomized",
            TODAY,
        )
    with pytest.raises(RuleViolation, match="already randomized"):
        randomize(investigator_store, pid, today=TODAY)


def test_changing_signed_screening_voids_the_signature(
    nurse_store: SiteStore, investigator_store: SiteStore
) -> None:
    pid = registered(nurse_store)
    record_consent(nurse_store, pid, CONSENT, today=TODAY)
    save_screening(nurse_store, pid, ELIGIBLE_SCREENING, today=TODAY)
    sign_eligibility(investigator_store, pid, INVESTIGATOR[1])
    changed = {**ELIGIBLE_SCREENING, "sodium": "133"}
    with pytest.raises(ValidationError, match="reason"):
        save_screening(nurse_store, pid, changed, today=TODAY)
    assert (
        screening_state(nurse_store, pid).signature is not None
    )  # the refused change kept nothing
    state = save_screening(nurse_store, pid, changed, today=TODAY, reason="lab re-reported")
    assert state.signature is None
    assert (
        state.randomize_blocked_because
        == "An investigator must sign the eligibility before randomization."
    )
    with nurse_store.session() as session:
        voided = session.scalars(select(Signature)).one()
        assert voided.voided_at is not None and "lab re-reported" in (voided.void_reason or "")
        audit = session.scalars(
            select(AuditLog).where(
                AuditLog.target == f"SIGNATURE:{voided.id}", AuditLog.action == "update"
            )
        ).one()
        assert audit.reason == "lab re-reported"
        assert "lab re-reported" in json.loads(audit.new_value or "{}")["void_reason"]
        assert (audit.subject_key, audit.event_oid, audit.form_oid) == (
            session.get_one(Participant, voided.participant_id).subject_id,
            "SE.SCR",
            "F.SCREENING",
        )


def test_one_unmet_criterion_makes_a_screen_failure(nurse_store: SiteStore) -> None:
    pid = registered(nurse_store)
    record_consent(nurse_store, pid, CONSENT, today=TODAY)
    state = save_screening(
        nurse_store, pid, {**ELIGIBLE_SCREENING, "etiology_hiv": "Y"}, today=TODAY
    )
    assert state.eligibility.verdict == "not_eligible"
    assert [o.criterion.code for o in state.eligibility.unmet] == ["EX06"]
    assert state.status == Status.SCREEN_FAILED


def test_out_of_range_lab_is_refused_and_unusual_needs_confirmation(nurse_store: SiteStore) -> None:
    pid = registered(nurse_store)
    record_consent(nurse_store, pid, CONSENT, today=TODAY)
    with pytest.raises(FormRejected, match="Sodium"):
        save_screening(nurse_store, pid, {**ELIGIBLE_SCREENING, "sodium": "250"}, today=TODAY)
    with pytest.raises(FormRejected) as unusual:
        save_screening(nurse_store, pid, {**ELIGIBLE_SCREENING, "sodium": "118"}, today=TODAY)
    assert unusual.value.unconfirmed_warnings
    save_screening(
        nurse_store,
        pid,
        {**ELIGIBLE_SCREENING, "sodium": "118"},
        today=TODAY,
        confirm_warnings=True,
    )
    with nurse_store.session() as session:
        events = session.scalars(select(AuditLog.new_value).where(AuditLog.action == "event")).all()
    assert any(e.startswith("warning confirmed: Sodium") for e in events)


def test_labs_older_than_the_window_block_randomization_with_the_reason(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = registered(nurse_store)
    record_consent(nurse_store, pid, CONSENT, today=TODAY)
    save_screening(nurse_store, pid, ELIGIBLE_SCREENING, today=TODAY)  # labs drawn 2026-11-19
    sign_eligibility(investigator_store, pid, INVESTIGATOR[1])
    load_signed_list(site, "B", ["MSC", "CONTROL"])
    late = date(2026, 12, 18)  # 29 days after the labs
    state = screening_state(nurse_store, pid, today=late)
    assert not state.can_randomize and state.eligibility.verdict == "incomplete"
    assert state.randomize_blocked_because == (
        "Answer every eligibility criterion before randomization. Still missing: IN03: the "
        "Child-Pugh "
        "score cannot be computed: the labs were drawn on 2026-11-19, 29 days before "
        "randomization on "
        "2026-12-18 (at most 28 days are allowed); enter new labs."
    )
    with pytest.raises(RuleViolation, match="29 days before randomization"):
        randomize(investigator_store, pid, today=late)
    assert [s.remaining for s in stock(nurse_store)] == [2, 0]
    assert randomize(investigator_store, pid, today=date(2026, 12, 17)) == "MSC"  # 28 days: allowed
    # once randomized, the verdict is judged at the randomization date, not today
    assert (
        screening_state(nurse_store, pid, today=date(2027, 6, 1)).eligibility.verdict == "eligible"
    )
