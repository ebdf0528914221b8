"""Demo data: consistent histories entered through the services, a realistic mix, a valid trail."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from msc_desktop.domain.clinic_time import clinic_moment
from msc_desktop.store.demo import generate_demo_data, make_demo_site
from msc_desktop.store.models import Infusion, Participant, Signature, UserAccount
from msc_desktop.store.site import SiteStore


def test_demo_data_is_a_realistic_consistent_mix(site: SiteStore) -> None:
    make_demo_site(site)
    summary = generate_demo_data(site, 40, seed=11, today=date(2026, 11, 20))
    with site.session() as session:
        participants = session.scalars(select(Participant)).all()
        statuses = Counter(p.status for p in participants)
        strata = Counter(p.stratum for p in participants if p.arm)
        control_infusions = session.scalars(
            select(Infusion).join(Participant).where(Participant.arm == "CONTROL")
        ).all()
        completed = session.scalars(select(Infusion).where(Infusion.status == "completed")).all()
        verified = session.scalars(
            select(Signature.record_id).where(Signature.meaning == "DOSE_VERIFIED")
        ).all()
        demo_accounts = session.scalars(
            select(UserAccount).where(UserAccount.user_id.like("demo.%"))
        ).all()
    assert len(participants) == 40 == summary.registered
    assert statuses["screen failed"] == summary.screen_failures > 0
    assert summary.randomized["MSC"] > 0 and summary.randomized["CONTROL"] > 0
    assert strata["B"] > 0 and strata["C"] > 0
    assert control_infusions == []
    assert len(completed) == summary.infusions > 0
    assert sorted(verified) == sorted(
        i.id for i in completed
    )  # every infusion has its second signature
    assert summary.serious > 0
    assert demo_accounts and not any(a.active for a in demo_accounts)
    assert site.get_setting("demo_data") == "true"
    assert site.verify_audit().ok


def test_demo_randomization_is_dated_with_its_history(site: SiteStore) -> None:
    """Issue 14 item 2: the randomization time of back-dated demo participants is the day they
    were randomized (the clinic's date), before their first infusion, not the day the demo ran."""
    make_demo_site(site)
    generate_demo_data(site, 16, seed=4, today=date(2026, 11, 20))
    with site.session() as session:
        randomized = session.scalars(select(Participant).where(Participant.arm.is_not(None))).all()
        first = {
            i.participant_id: i.started_at
            for i in session.scalars(
                select(Infusion).where(Infusion.status == "completed").order_by(Infusion.started_at)
            )
            if i.started_at is not None
        }
    assert randomized
    for participant in randomized:
        assert participant.randomized_at is not None and participant.day0 is not None
        local = clinic_moment(participant.randomized_at)
        assert local.date() <= date(2026, 11, 20)
        if participant.arm == "CONTROL":
            assert local.date() == participant.day0
        if participant.id in first:
            assert local <= clinic_moment(first[participant.id])
