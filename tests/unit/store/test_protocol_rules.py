"""Issue 12, items 4-7 through the services (no Qt): required answers, skip logic, soft checks,
visit windows, clinical times not in the future, and the AE seriousness cross-check."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from msc_desktop.domain.forms import clean_form
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import RuleViolation
from msc_desktop.store.models import AuditLog, ProtocolDeviation
from msc_desktop.store.services.adverse_events import record_adverse_event
from msc_desktop.store.services.form_values import FormRejected
from msc_desktop.store.services.participants import record_consent, register_participant
from msc_desktop.store.services.screening import save_screening, screening_state
from msc_desktop.store.services.visits import save_visit, window_deviation
from msc_desktop.store.site import SiteStore
from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION, TODAY, randomized_participant
from tests.unit.store.test_services_followup import AE

PROTOCOL = load_protocol()

W12 = {
    "visit_code": "W12",
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


def consented(store: SiteStore, **registration: object) -> str:
    pid = register_participant(store, {**REGISTRATION, **registration}, today=TODAY).id
    record_consent(store, pid, CONSENT, today=TODAY)
    return pid


# -- item 5: every required field is required --------------------------------------------------


def test_screening_with_a_required_answer_left_empty_is_not_eligible(
    nurse_store: SiteStore,
) -> None:
    pid = consented(nurse_store)
    without_dialysis = {k: v for k, v in ELIGIBLE_SCREENING.items() if k != "dialysis"}
    state = save_screening(nurse_store, pid, without_dialysis, today=TODAY)
    assert state.eligibility.verdict == "incomplete"
    assert [label.en for label in state.eligibility.unanswered] == [
        "Dialysis twice in the past week, or 24 h of CVVHD"
    ]
    assert state.status.value == "consented"
    state = save_screening(nurse_store, pid, ELIGIBLE_SCREENING, today=TODAY)
    assert (state.eligibility.verdict, state.status.value, state.eligibility.unanswered) == (
        "eligible",
        "eligible",
        (),
    )


# -- item 6: skip logic and soft checks --------------------------------------------------------


def test_pregnancy_is_asked_only_of_female_participants(nurse_store: SiteStore) -> None:
    without_pregnancy = {
        k: v for k, v in ELIGIBLE_SCREENING.items() if k != "ex_pregnant_lactating"
    }
    man = consented(nurse_store, sex="M")
    state = save_screening(nurse_store, man, without_pregnancy, today=TODAY)
    assert state.eligibility.verdict == "eligible"
    [pregnancy] = [
        o for o in state.eligibility.outcomes if o.criterion.answer_field == "ex_pregnant_lactating"
    ]
    assert (pregnancy.status, pregnancy.detail) == ("satisfied", "does not apply.")
    woman = consented(nurse_store, sex="F", screening_number="SCR-002")
    state = save_screening(nurse_store, woman, without_pregnancy, today=TODAY)
    assert state.eligibility.verdict == "incomplete"
    assert [o.criterion.answer_field for o in state.eligibility.missing] == [
        "ex_pregnant_lactating"
    ]
    female = clean_form(
        "screening", {}, today=TODAY, context={"registration.sex": "F"}, protocol=PROTOCOL
    )
    male = clean_form(
        "screening",
        {"ex_pregnant_lactating": "N"},
        today=TODAY,
        context={"registration.sex": "M"},
        protocol=PROTOCOL,
    )
    assert (
        "ex_pregnant_lactating" in female.missing
        and "ex_pregnant_lactating" not in female.not_applicable
    )
    assert male.not_applicable == {"ex_pregnant_lactating"}
    assert (
        "ex_pregnant_lactating" not in male.missing and "ex_pregnant_lactating" not in male.values
    )


def test_the_liver_stiffness_applies_only_to_elastography_and_hbv_dna_only_when_done(
    nurse_store: SiteStore,
) -> None:
    """Issue 19 item 5: skip logic inside the screening form; a value the form's own answers make
    not apply is removed from the store (no stiffness left behind a biopsy diagnosis)."""
    assert ELIGIBLE_SCREENING["cirrhosis_method"] == "ELASTOGRAPHY"
    elastography = clean_form(
        "screening", {"cirrhosis_method": "ELASTOGRAPHY"}, today=TODAY, protocol=PROTOCOL
    )
    assert "liver_stiffness" in elastography.missing
    biopsy = clean_form(
        "screening",
        {"cirrhosis_method": "BIOPSY", "hbv_dna_status": "NOT_DONE", "liver_stiffness": "18"},
        today=TODAY,
        protocol=PROTOCOL,
    )
    assert {"liver_stiffness", "hbv_dna", "hbv_dna_date"} <= biopsy.not_applicable
    assert not {"liver_stiffness", "hbv_dna", "hbv_dna_date"} & set(biopsy.missing)
    assert "liver_stiffness" not in biopsy.values
    undetected = clean_form(
        "screening", {"hbv_dna_status": "NOT_DETECTED"}, today=TODAY, protocol=PROTOCOL
    )
    assert "hbv_dna" in undetected.not_applicable and "hbv_dna_date" in undetected.missing
    pid = consented(nurse_store)
    state = save_screening(nurse_store, pid, ELIGIBLE_SCREENING, today=TODAY)
    assert state.values["liver_stiffness"] == "18.6" and state.eligibility.verdict == "eligible"
    state = save_screening(
        nurse_store,
        pid,
        {**ELIGIBLE_SCREENING, "cirrhosis_method": "BIOPSY", "hbv_dna_status": "NOT_DONE"},
        today=TODAY,
        reason="the biopsy report was found",
    )
    assert not {"liver_stiffness", "hbv_dna", "hbv_dna_date"} & set(state.values)
    assert state.values["cirrhosis_method"] == "BIOPSY" and state.eligibility.verdict == "eligible"


@pytest.mark.parametrize(("stiffness", "verdict"), [("14.9", "not_eligible"), ("15", "eligible")])
def test_a_saved_stiffness_below_the_threshold_fails_in02(
    nurse_store: SiteStore, stiffness: str, verdict: str
) -> None:
    pid = consented(nurse_store)
    state = save_screening(
        nurse_store, pid, {**ELIGIBLE_SCREENING, "liver_stiffness": stiffness}, today=TODAY
    )
    assert state.eligibility.verdict == verdict
    assert [o.criterion.code for o in state.eligibility.unmet] == (
        [] if verdict == "eligible" else ["IN02"]
    )


@pytest.mark.parametrize("name", ["hbsag_date", "hbv_dna_date", "cirrhosis_date"])
def test_evidence_dates_are_not_in_the_future_nor_after_screening(name: str) -> None:
    later = (TODAY + timedelta(days=1)).isoformat()
    future = clean_form(
        "screening", {**ELIGIBLE_SCREENING, name: later}, today=TODAY, protocol=PROTOCOL
    )
    assert [issue.field for issue in future.errors] == [name, "screening_date"]
    assert "cannot be in the future" in future.errors[0].message
    assert "cannot be before" in future.errors[1].message
    after = clean_form(
        "screening",
        {**ELIGIBLE_SCREENING, name: "2026-11-20"},
        today=TODAY + timedelta(days=5),
        protocol=PROTOCOL,
    )
    assert [issue.field for issue in after.errors] == ["screening_date"]
    assert "cannot be before" in after.errors[0].message


def test_the_infusion_form_applies_only_to_the_msc_arm() -> None:
    control = clean_form(
        "infusion", {}, today=TODAY, context={"participant.arm": "CONTROL"}, protocol=PROTOCOL
    )
    assert [i.message for i in control.errors if i.field == ""] == [
        'The MSC infusion form applies only when Arm is "MSC + standard care".'
    ]
    msc = clean_form(
        "infusion", {}, today=TODAY, context={"participant.arm": "MSC"}, protocol=PROTOCOL
    )
    assert not [i for i in msc.errors if i.field == ""]


def test_a_value_outside_the_soft_range_is_stored_only_when_confirmed_and_audited(
    nurse_store: SiteStore,
) -> None:
    pid = consented(nurse_store)
    heavy = {
        **ELIGIBLE_SCREENING,
        "weight": "160",
    }  # possible (20-250 kg) but not plausible (35-150)
    with pytest.raises(FormRejected) as refused:
        save_screening(nurse_store, pid, heavy, today=TODAY)
    assert refused.value.unconfirmed_warnings
    save_screening(nurse_store, pid, heavy, today=TODAY, confirm_warnings=True)
    assert screening_state(nurse_store, pid).values["weight"] == "160"
    with nurse_store.session() as session:
        confirmations = session.scalars(
            select(AuditLog.new_value).where(
                AuditLog.field == "weight",
                AuditLog.action == "event",
                AuditLog.new_value.like("warning confirmed%"),
            )
        ).all()
    assert len(confirmations) == 1 and "unusual" in confirmations[0]


# -- item 4: visit windows and times not in the future -----------------------------------------


def test_a_visit_outside_its_window_needs_a_deviation_reason_and_records_a_deviation(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="CONTROL")
    late = TODAY + timedelta(days=84 + 10)  # W12 is day 84 +/- 7
    visit = {**W12, "visit_date": late.isoformat()}
    assert window_deviation(nurse_store, pid, "W12", late, today=TODAY) == (
        f"Visit W12 on {late} is outside its window (2027-02-05 to 2027-02-19)."
    )
    assert (
        window_deviation(nurse_store, pid, "W12", TODAY + timedelta(days=84), today=TODAY) is None
    )
    with pytest.raises(RuleViolation, match="outside its window"):
        save_visit(nurse_store, pid, visit, today=late)
    save_visit(nurse_store, pid, visit, today=late, deviation_reason="participant was in hospital")
    save_visit(nurse_store, pid, {**visit, "weight": "60.0"}, today=late, reason="typing error")
    with nurse_store.session() as session:
        deviations = session.scalars(
            select(ProtocolDeviation).where(ProtocolDeviation.participant_id == pid)
        ).all()
        assert [(d.visit_code, d.category) for d in deviations] == [("W12", "visit window")]
        assert deviations[0].description.endswith("Reason: participant was in hospital")


def test_clinical_times_in_the_future_are_refused(nurse_store: SiteStore) -> None:
    now = datetime(2026, 11, 20, 10, 0)
    later = {"aware_at": "2026-11-20T10:30"}
    issues = clean_form(
        "adverse_event", {**AE, **later}, today=TODAY, now=now, protocol=PROTOCOL
    ).errors
    assert [(i.field, i.message) for i in issues] == [
        (
            "aware_at",
            (
                "Date and time the site became aware cannot be in the future; 2026-11-20 "
                "10:30 was entered."
            ),
        )
    ]
    consent = clean_form(
        "consent",
        {**CONSENT, "consent_date": "2026-11-20", "consent_time": "10:05"},
        today=TODAY,
        now=now,
        protocol=PROTOCOL,
    )
    assert [i.field for i in consent.errors] == ["consent_time"]
    assert not clean_form(
        "consent",
        {**CONSENT, "consent_date": "2026-11-20", "consent_time": "09:55"},
        today=TODAY,
        now=now,
        protocol=PROTOCOL,
    ).errors
    infusion = clean_form(
        "infusion", {"infusion_start": "2026-11-20T10:01"}, today=TODAY, now=now, protocol=PROTOCOL
    )
    assert "infusion_start" in [i.field for i in infusion.errors if "future" in i.message]
    # through a service, on the real clock: consent two hours from now is refused
    soon = datetime.now() + timedelta(hours=2)
    pid = register_participant(
        nurse_store,
        {**REGISTRATION, "registration_date": date.today().isoformat()},
        today=date.today(),
    ).id
    with pytest.raises(FormRejected, match="cannot be in the future"):
        record_consent(
            nurse_store,
            pid,
            {**CONSENT, "consent_date": soon.date().isoformat(), "consent_time": f"{soon:%H:%M}"},
            today=date.today(),
        )


# -- item 7: AE seriousness cross-check --------------------------------------------------------


def test_grade_4_saved_as_not_serious_asks_for_confirmation_which_is_audited(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    grade_4 = {**AE, "grade": "4", "description": "Temperature 40.5 C for two days."}
    with pytest.raises(FormRejected) as refused:
        record_adverse_event(nurse_store, pid, grade_4, today=TODAY)
    assert refused.value.unconfirmed_warnings
    assert [i.field for i in refused.value.issues] == ["grade"]
    assert (
        'no seriousness criterion is answered "Yes". Confirm this or correct it.'
        in refused.value.issues[0].message
    )
    view = record_adverse_event(nurse_store, pid, grade_4, today=TODAY, confirm_warnings=True)
    assert (view.serious, view.description) == (False, "Temperature 40.5 C for two days.")
    with nurse_store.session() as session:
        confirmed = session.scalars(
            select(AuditLog.new_value).where(
                AuditLog.table_name == "adverse_event",
                AuditLog.action == "event",
                AuditLog.new_value.like("warning confirmed%"),
            )
        ).all()
    assert (
        len(confirmed) == 1
        and 'no seriousness criterion is answered "Yes". Confirm this or correct it.'
        in confirmed[0]
    )
    serious = record_adverse_event(
        nurse_store, pid, {**grade_4, "serious_life_threatening": "Y"}, today=TODAY
    )
    assert serious.serious
