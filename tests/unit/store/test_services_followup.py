"""After randomization: infusions with two signatures, visits and trends, AEs and SAEs, end of
study."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from msc_desktop.domain.clinic_time import clinic_zone
from msc_desktop.domain.dosing import plan_dose
from msc_desktop.errors import AuthenticationError, PermissionDenied, RuleViolation, ValidationError
from msc_desktop.store.models import ProtocolDeviation
from msc_desktop.store.services.adverse_events import (
    adverse_events_of,
    assess_causality,
    mark_reported,
    record_adverse_event,
    sae_queue,
    update_adverse_event,
)
from msc_desktop.store.services.disposition import end_study
from msc_desktop.store.services.form_values import FormRejected
from msc_desktop.store.services.infusions import (
    Credentials,
    ReleaseOverride,
    log_infusion,
    plan_infusion,
)
from msc_desktop.store.services.overview import participant_rows, work_list
from msc_desktop.store.services.visits import save_visit, schedule, trends
from msc_desktop.store.site import SiteStore
from tests.accounts import INVESTIGATOR, NURSE
from tests.factories import TODAY, randomized_participant

PLAN = {
    "visit_code": "W0",
    "weight": "61.0",
    "weight_date": "2026-11-19",
    "product_lot": "LOT-7",
    "bag_id": "BAG-3",
    "product_expiry": "2026-12-31",
    "cell_concentration_per_ml": "2000000",
    "viability_pct": "92",
}
LOG = {
    "volume_infused_ml": "33.2",
    "infusion_start": "2026-11-20T10:00",
    "infusion_end": "2026-11-20T10:40",
    "rate_ml_per_h": "50",
    "pre_systolic_bp": "118",
    "pre_diastolic_bp": "76",
    "pre_heart_rate": "72",
    "pre_temperature": "36.6",
    "post_systolic_bp": "120",
    "post_diastolic_bp": "78",
    "post_heart_rate": "75",
    "post_temperature": "36.8",
    "infusion_reaction": "N",
}
AE = {
    "term": "Fever",
    "onset_date": "2026-11-20",
    "aware_at": "2026-11-20T12:00",
    "grade": "2",
    "serious_death": "N",
    "serious_life_threatening": "N",
    "serious_hospitalisation": "N",
    "serious_disability": "N",
    "serious_congenital_anomaly": "N",
    "serious_other_medical_event": "N",
    "relationship": "POSSIBLY RELATED",
    "expected": "Y",
    "action_taken": "DOSE NOT CHANGED",
    "outcome": "RECOVERING/RESOLVING",
}
VERIFIER = Credentials(INVESTIGATOR[0], INVESTIGATOR[1])


@pytest.fixture
def msc(nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore) -> str:
    return randomized_participant(nurse_store, investigator_store, site, arm="MSC")


def test_plan_uses_the_rules_engine(nurse_store: SiteStore, msc: str) -> None:
    view = plan_infusion(nurse_store, msc, PLAN, today=TODAY)
    expected = plan_dose("61.0", "2000000", "92", baseline_weight_kg="62.5")
    assert view.plan.volume_ml == expected.volume_ml == Decimal("33.2")
    assert view.plan.total_cells == 61_000_000
    assert view.status == "planned"


def test_control_arm_gets_no_infusion(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="CONTROL")
    with pytest.raises(RuleViolation, match="control arm"):
        plan_infusion(nurse_store, pid, PLAN, today=TODAY)


def test_refusals_when_planning(nurse_store: SiteStore, msc: str) -> None:
    with pytest.raises(ValidationError, match="3 days|days"):
        plan_infusion(nurse_store, msc, {**PLAN, "weight_date": "2026-11-10"}, today=TODAY)
    with pytest.raises(FormRejected, match="Infusion visit must be one of: Week 0"):
        plan_infusion(nurse_store, msc, {**PLAN, "visit_code": "W12"}, today=TODAY)
    with pytest.raises(RuleViolation, match="expired"):
        plan_infusion(nurse_store, msc, {**PLAN, "product_expiry": "2026-11-01"}, today=TODAY)
    with pytest.raises(ValidationError, match="To plan the dose, enter: Bag id"):
        plan_infusion(
            nurse_store, msc, {k: v for k, v in PLAN.items() if k != "bag_id"}, today=TODAY
        )


def test_log_needs_two_different_people(nurse_store: SiteStore, msc: str) -> None:
    plan_infusion(nurse_store, msc, PLAN, today=TODAY)
    with pytest.raises(RuleViolation, match="second person"):
        log_infusion(
            nurse_store,
            msc,
            "W0",
            LOG,
            preparer_password=NURSE[1],
            verifier=Credentials(NURSE[0], NURSE[1]),
            today=TODAY,
        )
    with pytest.raises(AuthenticationError):
        log_infusion(
            nurse_store,
            msc,
            "W0",
            LOG,
            preparer_password=NURSE[1],
            verifier=Credentials(INVESTIGATOR[0], "wrong-password-1"),
            today=TODAY,
        )
    view = log_infusion(
        nurse_store, msc, "W0", LOG, preparer_password=NURSE[1], verifier=VERIFIER, today=TODAY
    )
    assert view.status == "completed"
    assert [(s.printed_name, s.meaning) for s in view.signatures] == [
        (NURSE[2], "I prepared this dose as calculated"),
        (INVESTIGATOR[2], "I verified this dose independently"),
    ]


def test_low_viability_needs_an_investigator_override(nurse_store: SiteStore, msc: str) -> None:
    view = plan_infusion(nurse_store, msc, {**PLAN, "viability_pct": "65"}, today=TODAY)
    assert not view.plan.release_allowed
    with pytest.raises(RuleViolation, match="below the release limit"):
        log_infusion(
            nurse_store, msc, "W0", LOG, preparer_password=NURSE[1], verifier=VERIFIER, today=TODAY
        )
    infused = str(view.plan.volume_ml)
    done = log_infusion(
        nurse_store,
        msc,
        "W0",
        {**LOG, "volume_infused_ml": infused},
        preparer_password=NURSE[1],
        verifier=VERIFIER,
        today=TODAY,
        override=ReleaseOverride(Credentials(INVESTIGATOR[0], INVESTIGATOR[1]), "no other product"),
    )
    assert "I authorise infusion of a product below the viability release limit" in [
        s.meaning for s in done.signatures
    ]


def test_volume_deviation_needs_a_reason_and_is_recorded(nurse_store: SiteStore, msc: str) -> None:
    plan_infusion(nurse_store, msc, PLAN, today=TODAY)
    with pytest.raises(RuleViolation, match="more than 10 % off"):
        log_infusion(
            nurse_store,
            msc,
            "W0",
            {**LOG, "volume_infused_ml": "25"},
            preparer_password=NURSE[1],
            verifier=VERIFIER,
            today=TODAY,
        )
    log_infusion(
        nurse_store,
        msc,
        "W0",
        {**LOG, "volume_infused_ml": "25"},
        preparer_password=NURSE[1],
        verifier=VERIFIER,
        today=TODAY,
        deviation_reason="line occluded",
    )
    with nurse_store.session() as session:
        deviation = session.scalars(select(ProtocolDeviation)).one()
    assert "25 mL was infused instead of the planned 33.2 mL" in deviation.description
    assert deviation.description.endswith("Reason: line occluded")


def test_grade_5_requires_fatal_and_sae_shows_its_deadline(
    nurse_store: SiteStore, msc: str
) -> None:
    with pytest.raises(FormRejected, match="FATAL|Fatal|fatal"):
        record_adverse_event(nurse_store, msc, {**AE, "grade": "5"}, today=TODAY)
    serious = record_adverse_event(
        nurse_store, msc, {**AE, "serious_hospitalisation": "Y", "grade": "3"}, today=TODAY
    )
    assert serious.serious and serious.clock is not None
    assert serious.clock.deadline == datetime(
        2026, 11, 21, 12, 0, tzinfo=clinic_zone()
    )  # on the site's clock
    minor = record_adverse_event(nurse_store, msc, AE, today=TODAY)
    assert not minor.serious and minor.clock is None and minor.ae_number == 2
    queue = sae_queue(nurse_store, now=datetime(2026, 11, 22))
    assert [(v.ae_number, v.clock.state if v.clock else None) for v in queue] == [(1, "overdue")]
    mark_reported(nurse_store, msc, 1)
    [reported] = sae_queue(
        nurse_store
    )  # reported, but open until its follow-up gives a final outcome
    assert reported.clock is not None and not reported.clock.needs_action


def test_causality_is_signed_by_an_investigator_and_follow_up_needs_a_reason(
    nurse_store: SiteStore, investigator_store: SiteStore, msc: str
) -> None:
    record_adverse_event(nurse_store, msc, AE, today=TODAY)
    with pytest.raises(PermissionDenied, match="Only an investigator may assess AE causality"):
        assess_causality(nurse_store, msc, 1, "UNLIKELY RELATED", NURSE[1])
    assessed = assess_causality(investigator_store, msc, 1, "UNLIKELY RELATED", INVESTIGATOR[1])
    assert assessed.relationship == "UNLIKELY RELATED" and len(assessed.signatures) == 1
    with pytest.raises(ValidationError, match="reason"):
        update_adverse_event(
            nurse_store,
            msc,
            1,
            {**AE, "outcome": "RECOVERED/RESOLVED", "end_date": "2026-11-20"},
            today=TODAY,
            reason=" ",
        )
    updated = update_adverse_event(
        nurse_store,
        msc,
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
    assert updated.outcome == "RECOVERED/RESOLVED"
    assert updated.signatures == ()  # the signed assessment was of an earlier version
    assert len(adverse_events_of(nurse_store, msc)) == 1


def test_visits_schedule_and_trends(nurse_store: SiteStore, msc: str) -> None:
    plan_infusion(nurse_store, msc, PLAN, today=TODAY)
    log_infusion(
        nurse_store, msc, "W0", LOG, preparer_password=NURSE[1], verifier=VERIFIER, today=TODAY
    )
    later = TODAY + timedelta(days=28)
    save_visit(
        nurse_store,
        msc,
        {
            "visit_code": "W4",
            "visit_date": later.isoformat(),
            "weight": "60.5",
            "bilirubin": {"value": "1.9", "unit": "mg/dL"},
            "albumin": {"value": "3.4", "unit": "g/dL"},
            "inr": "1.5",
            "creatinine": {"value": "1.0", "unit": "mg/dL"},
            "sodium": "137",
            "ascites": "absent",
            "encephalopathy_grade": "0",
            "dialysis": "N",
            "variceal_bleeding": "N",
        },
        today=later,
    )
    states = {v.code: v.state for v in schedule(nurse_store, msc, later)}
    assert states["W0"] == "done" and states["W4"] == "done" and states["W8"] == "upcoming"
    series = trends(nurse_store, msc)
    assert [(p.visit_code, p.value) for p in series["bilirubin"]] == [
        ("SCR", Decimal(3)),
        ("W4", Decimal("1.9")),
    ]
    assert series["bilirubin"][-1].change_from_baseline == Decimal("-1.1")
    assert [(p.visit_code, p.value, p.change_from_baseline) for p in series["child_pugh"]] == [
        ("SCR", 9, 0),
        ("W4", 6, -3),
    ]


def test_overview_rows_and_end_of_study(nurse_store: SiteStore, msc: str) -> None:
    rows = participant_rows(nurse_store, TODAY)
    assert [(r.subject_id, r.status, r.arm, r.next_visit, r.next_visit_state) for r in rows] == [
        ("01-0001", "randomized", "MSC", "W0", "due")
    ]
    assert [r.subject_id for r in work_list(nurse_store, TODAY)] == ["01-0001"]
    end_study(
        nurse_store,
        msc,
        {"status": "WITHDRAWAL BY SUBJECT", "disposition_date": TODAY.isoformat()},
        today=TODAY,
    )
    row = participant_rows(nurse_store, TODAY)[0]
    assert (row.status, row.next_visit) == ("discontinued", None)
    with pytest.raises(RuleViolation, match="ended the study"):
        plan_infusion(nurse_store, msc, PLAN, today=TODAY)
