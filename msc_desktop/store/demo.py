"""Demo sites and the synthetic participants entered on them through the services.

A demo site is made so when it is created (`msc-site init --demo`, or the set-up wizard's check
box; setting `demo_site`) and never becomes a real one, nor a real site a demo one. Only a demo
site holds demo allocation lists (`DEMO-...`, not signed by any centre) and demo data; it says
DEMO in the title bar and on every printed sheet. A real site uses only the pinned centre's
signed lists (`msc_desktop.store.services.randomization`).

Never for a real study: the site is marked as holding demo data (setting `demo_data`), and the
work is done by two demo accounts (`demo.nurse`, `demo.investigator`) that are deactivated at the
end. Histories are consistent: consent before screening, a mix of screen failures (each for a
named reason) and eligible participants in both Child-Pugh strata, randomization from allocation
lists built like the centre's, visits in their windows with labs that drift plausibly (slowly
better on MSC), infusions with both signatures for the MSC arm, adverse events including some
serious ones (a few reported late), and some withdrawals.

This module sets the demo site up and runs it; store/demo_clinic.py makes the participants.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from msc_desktop.domain.randomization import build_allocation_list
from msc_desktop.errors import RuleViolation, ValidationError
from msc_desktop.store import keys
from msc_desktop.store.demo_clinic import DEMO_INVESTIGATOR, DEMO_NURSE, DemoClinic
from msc_desktop.store.models import AllocationList, Participant
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.randomization import keep_allocation_list
from msc_desktop.store.site import SiteStore
from msc_desktop.store.site_kind import DEMO_LIST_PREFIX, DEMO_SITE_SETTING, is_demo_site
from msc_desktop.store.users import create_user, deactivate_user


@dataclass(frozen=True)
class DemoSummary:
    registered: int
    screen_failures: int
    randomized: dict[str, int]
    infusions: int
    visits: int
    adverse_events: int
    serious: int
    withdrawn: int


def _demo_account(admin: SiteStore, user_id: str, full_name: str, role: str) -> str:
    """A demo account with a random password (cheap KDF: the password has 256 bits of entropy)."""
    password = secrets.token_urlsafe(32) + "1a"
    saved = keys.scrypt_n
    keys.scrypt_n = 2**12
    try:
        create_user(admin, user_id, full_name, role, password)
    finally:
        keys.scrypt_n = saved
    return password


def generate_demo_data(
    admin: SiteStore,
    participants: int,
    *,
    seed: int | None = None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Enters `participants` synthetic participants with consistent histories (see module doc)."""
    require(admin.user.role, Action.MANAGE_USERS)
    if participants < 1:
        raise ValidationError("Ask for at least one demo participant.")
    if not is_demo_site(admin):
        raise RuleViolation(
            "Demo data goes only on a demo site (one set up as a demo, e.g. with the set-up "
            "wizard's demo check box); this site is a real one."
        )
    rng = random.Random(seed)
    day = today or datetime.now(UTC).date()
    admin.set_setting("demo_data", "true")
    suffix = secrets.token_hex(2)
    nurse_id, investigator_id = f"{DEMO_NURSE}{suffix}", f"{DEMO_INVESTIGATOR}{suffix}"
    passwords = {
        DEMO_NURSE: _demo_account(admin, nurse_id, "Demo Nurse", "nurse"),
        DEMO_INVESTIGATOR: _demo_account(
            admin, investigator_id, "Demo Investigator", "investigator"
        ),
    }
    for stratum in ("B", "C"):
        allocation = build_allocation_list(
            admin.site_id,
            stratum,
            participants,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            seed=None if seed is None else seed * 7 + ord(stratum),
            protocol=admin.protocol,
        )
        keep_allocation_list(
            admin,
            list_id=f"{DEMO_LIST_PREFIX}{suffix}-{stratum}",
            stratum=stratum,
            arms=list(allocation.arms),
            signed_package="demo data: not signed by a coordinating centre",
        )
    nurse = SiteStore.unlock(admin.data_dir, nurse_id, passwords[DEMO_NURSE])
    investigator = SiteStore.unlock(admin.data_dir, investigator_id, passwords[DEMO_INVESTIGATOR])
    clinic = DemoClinic(
        nurse,
        investigator,
        rng,
        day,
        {DEMO_NURSE: passwords[DEMO_NURSE], DEMO_INVESTIGATOR: passwords[DEMO_INVESTIGATOR]},
    )
    try:
        first = _first_free_number(nurse)
        for n in range(participants):
            clinic.enrol(first + n)
            if progress:
                progress(n + 1, participants)
    finally:
        nurse.close()
        investigator.close()
        for user_id in (nurse_id, investigator_id):
            deactivate_user(admin, user_id, reason="demo data entered")
    c = clinic.counts
    return DemoSummary(
        registered=participants,
        screen_failures=c["failures"],
        randomized={"MSC": c["MSC"], "CONTROL": c["CONTROL"]},
        infusions=c["infusions"],
        visits=c["visits"],
        adverse_events=c["aes"],
        serious=c["saes"],
        withdrawn=c["withdrawn"],
    )


def make_demo_site(store: SiteStore) -> None:
    """Marks a newly created site as a demo site (for `init --demo` and the set-up wizard).

    Refused once the site holds participants or allocation lists: a real site never turns into
    a demo one.
    """
    require(store.user.role, Action.MANAGE_SITE)
    if is_demo_site(store):
        return
    with store.session() as session:
        used = (session.scalar(select(func.count()).select_from(Participant)) or 0) + (
            session.scalar(select(func.count()).select_from(AllocationList)) or 0
        )
    if used:
        raise RuleViolation(
            "Only a new, empty site can be made a demo site; this one already holds participants "
            "or allocation lists."
        )
    store.set_setting(DEMO_SITE_SETTING, "true")


def _first_free_number(store: SiteStore) -> int:
    with store.session() as session:
        return (session.scalar(select(func.count()).select_from(Participant)) or 0) + 1
