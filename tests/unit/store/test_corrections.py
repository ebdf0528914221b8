"""Corrections of saved registration and consent: a reason every time, signatures voided as
needed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from msc_desktop.errors import RuleViolation, ValidationError
from msc_desktop.store.models import AuditLog, ParticipantIdentity
from msc_desktop.store.services.corrections import update_consent, update_registration
from msc_desktop.store.services.participants import (
    Status,
    participant_detail,
    record_consent,
    register_participant,
)
from msc_desktop.store.services.screening import save_screening, screening_state, sign_eligibility
from msc_desktop.store.site import SiteStore
from tests.accounts import INVESTIGATOR
from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION, TODAY, randomized_participant


def test_registration_correction_needs_a_reason_and_is_audited(nurse_store: SiteStore) -> None:
    pid = register_participant(nurse_store, REGISTRATION, today=TODAY).id
    with pytest.raises(ValidationError, match="reason"):
        update_registration(
            nurse_store, pid, {**REGISTRATION, "phone": "139"}, today=TODAY, reason="  "
        )
    update_registration(
        nurse_store,
        pid,
        {**REGISTRATION, "phone": "13911112222", "initials": "wm"},
        today=TODAY,
        reason="typo at registration",
    )
    detail = participant_detail(nurse_store, pid)
    assert detail.registration["phone"] == "13911112222" and detail.registration["initials"] == "WM"
    with nurse_store.session() as session:
        rows = session.scalars(
            select(AuditLog).where(
                AuditLog.action == "update",
                AuditLog.record_id == pid,
                AuditLog.table_name == "participant",
            )
        ).all()
        phone = session.scalars(
            select(AuditLog).where(
                AuditLog.table_name == "participant_identity",
                AuditLog.field == "phone",
                AuditLog.action == "update",
            )
        ).one()
        assert session.get(ParticipantIdentity, pid) is not None
    assert [(r.field, r.old_value, r.new_value, r.reason) for r in rows] == [
        ("initials", "WL", "WM", "typo at registration")
    ]
    assert (phone.old_value, phone.new_value, phone.site_only) == (
        "13800000000",
        "13911112222",
        True,
    )


def test_correcting_the_date_of_birth_voids_the_eligibility_signature(
    nurse_store: SiteStore, investigator_store: SiteStore
) -> None:
    pid = register_participant(nurse_store, REGISTRATION, today=TODAY).id
    record_consent(nurse_store, pid, CONSENT, today=TODAY)
    save_screening(nurse_store, pid, ELIGIBLE_SCREENING, today=TODAY)
    sign_eligibility(investigator_store, pid, INVESTIGATOR[1])
    assert screening_state(nurse_store, pid).signature is not None
    # born 1955: 71 at consent, over the age limit
    update_registration(
        nurse_store,
        pid,
        {**REGISTRATION, "date_of_birth": "1955-04-02"},
        today=TODAY,
        reason="date of birth misread from the ID card",
    )
    state = screening_state(nurse_store, pid)
    assert state.signature is None
    assert state.eligibility.verdict == "not_eligible" and state.status == Status.SCREEN_FAILED
    assert [o.criterion.code for o in state.eligibility.unmet] == ["IN01"]


def test_consent_correction_rules(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = register_participant(nurse_store, REGISTRATION, today=TODAY).id
    with pytest.raises(RuleViolation, match="No consent is recorded"):
        update_consent(nurse_store, pid, CONSENT, today=TODAY, reason="x")
    record_consent(nurse_store, pid, CONSENT, today=TODAY)
    with pytest.raises(RuleViolation, match="withdrawal of consent"):
        update_consent(
            nurse_store, pid, {**CONSENT, "written_consent": "N"}, today=TODAY, reason="x"
        )
    update_consent(
        nurse_store,
        pid,
        {**CONSENT, "consent_version": "2.2"},
        today=TODAY,
        reason="version misread",
    )
    assert participant_detail(nurse_store, pid).consent["consent_version"] == "2.2"  # type: ignore[index]


def test_randomized_date_of_birth_is_not_corrected_here(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    with pytest.raises(RuleViolation, match="query process"):
        update_registration(
            nurse_store,
            pid,
            {**REGISTRATION, "date_of_birth": "1971-04-02"},
            today=TODAY,
            reason="x",
        )
