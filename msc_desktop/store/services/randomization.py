"""Offline randomization with allocation concealment (DESIGN section 5).

The coordinating centre's signed allocation lists (one per stratum) are kept in the encrypted
database with every entry sealed once more to the site's randomization key (keys), which only
the roles that randomize (and administrators, and the recovery key) hold: a nurse's or a
monitor's password opens the database but no entry. The signed package itself is sealed the same
way. The sync layer verifies the signature before calling `store_allocation_list`.
On a real site `store_allocation_list` first verifies the signature once more against the
pinned centre key and refuses demo lists; a demo site takes demo lists only
(`msc_desktop.store.site_kind`). `randomize` uses the lists of the site's own kind only.
`randomize` reveals exactly one entry, the next unused one of the participant's stratum, only for
a consented, eligible participant whose eligibility an investigator signed. It is irreversible
(one allocation per participant, one participant per list position) and audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select

from msc_desktop.domain.clinic_time import clinic_moment, site_now
from msc_desktop.domain.randomization import stratum_for_child_pugh
from msc_desktop.domain.wording import listed
from msc_desktop.errors import (
    PermissionDenied,
    RuleViolation,
    StoreError,
    ValidationError,
)
from msc_desktop.messages import Message
from msc_desktop.store import keys
from msc_desktop.store.allocation_seal import SEALED, entry_aad, seal_list
from msc_desktop.store.audit import record_event
from msc_desktop.store.keys import Secret
from msc_desktop.store.models import Allocation, AllocationList
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.participants import Status
from msc_desktop.store.services.screening import _state
from msc_desktop.store.services.work import participant_work
from msc_desktop.store.site import SiteStore
from msc_desktop.store.site_kind import is_demo_list, is_demo_site


def _reveal(store: SiteStore, allocation_list: AllocationList, position: int) -> str:
    """One entry, opened with the randomization key this session holds."""
    private = store.secret(Secret.RANDOMIZATION)
    if private is None:
        raise PermissionDenied(
            "Your account does not hold the randomization key; an investigator randomizes."
        )
    if not allocation_list.arms.startswith(SEALED):
        return allocation_list.arms.split(",")[position]
    entries = json.loads(allocation_list.arms.removeprefix(SEALED))
    arm = keys.open_entry(private, entries[position], entry_aad(allocation_list.list_id, position))
    if arm is None:
        raise StoreError(
            "Allocation list {list_id} does not open with this site's randomization key.",
            list_id=allocation_list.list_id,
        )
    return arm


@dataclass(frozen=True)
class ListStock:
    """How many entries are left for a stratum (never which arms they hold)."""

    stratum: str
    remaining: int
    total: int


def _check_kind(store: SiteStore, list_id: str) -> None:
    """A demo site takes demo lists only; a real site never takes a demo list."""
    if is_demo_site(store):
        if not is_demo_list(list_id):
            raise RuleViolation(
                "This is a demo site: it cannot hold the coordinating centre's allocation lists."
            )
    elif is_demo_list(list_id):
        raise RuleViolation(
            "This is a real site: demo allocation lists are refused (demo lists exist only on a "
            "demo site)."
        )


def keep_allocation_list(
    store: SiteStore, *, list_id: str, stratum: str, arms: list[str], signed_package: str
) -> None:
    """Keeps an allocation list, sealed; the load is audited as an event, never its arms.

    A real site's lists come through `sync.allocation_lists.store_allocation_list`, which first
    verifies the pinned centre's signature; a demo site's demo lists come from `store.demo`."""
    require(store.user.role, Action.MANAGE_SITE)
    protocol = store.protocol
    strata = {s.code for s in protocol.randomization.strata}
    if stratum not in strata:
        raise ValidationError(
            "Unknown stratum {stratum!r}; the protocol has {strata}.",
            stratum=stratum,
            strata=", ".join(sorted(strata)),
        )
    if not arms or any(arm not in protocol.arm_codes for arm in arms):
        raise ValidationError("The allocation list holds unknown arms; it was not loaded.")
    _check_kind(store, list_id)
    public = store.keyring.randomization_public
    if public is None:
        raise PermissionDenied(
            "This site has no randomization key yet: an administrator or investigator "
            "signs in once to make it."
        )
    sealed_arms, sealed_package = seal_list(public, list_id, arms, signed_package)
    with store.session() as session:
        if session.get(AllocationList, list_id) is not None:
            raise ValidationError("Allocation list {list_id} is already loaded.", list_id=list_id)
        session.add(
            AllocationList(
                list_id=list_id,
                stratum=stratum,
                signed_package=sealed_package,
                arms=sealed_arms,
                length=len(arms),
            )
        )
        record_event(
            session,
            "allocation_list",
            list_id,
            f"allocation list loaded: stratum {stratum}, {len(arms)} entries",
        )


def stock(store: SiteStore) -> list[ListStock]:
    """Entries per stratum in the lists randomization may use (the site's own kind of list)."""
    require(store.user.role, Action.VIEW)
    demo_site = is_demo_site(store)
    with store.session() as session:
        result = []
        for stratum in store.protocol.randomization.strata:
            lists = [
                (allocation_list.list_id, allocation_list.length)
                for allocation_list in session.scalars(
                    select(AllocationList).where(AllocationList.stratum == stratum.code)
                )
                if is_demo_list(allocation_list.list_id) == demo_site
            ]
            total = sum(length for _list_id, length in lists)
            used = (
                session.scalar(
                    select(func.count(Allocation.id)).where(
                        Allocation.list_id.in_([list_id for list_id, _ in lists])
                    )
                )
                or 0
            )
            result.append(ListStock(stratum.code, total - used, total))
        return result


def low_stock_warning(store: SiteStore) -> Message | None:
    """The sentence for the banner and the sync panel when a stratum's loaded lists have fewer
    than the protocol's `low_stock_below` free entries left (None while every stratum has
    enough)."""
    below = store.protocol.randomization.low_stock_below
    low = [item for item in stock(store) if item.total and item.remaining < below]
    if not low:
        return None
    return Message(
        "Allocation lists are running low ({strata}; fewer than {below} left): send the centre a "
        "bundle and import its site package, which brings the continuation lists.",
        strata=listed(
            [
                Message(
                    "stratum {stratum}: {remaining} left",
                    stratum=item.stratum,
                    remaining=item.remaining,
                )
                for item in low
            ]
        ),
        below=below,
    )


def _event_moment(today: date) -> datetime:
    """When the randomization happens on the site's clock, with its offset (its date is the
    randomization date); on a fixed day that is not the real date (a demonstration back-dated with
    its visits, a test), the start of that day."""
    now = site_now()
    return now if now.date() == today else clinic_moment(datetime.combine(today, time(0, 0)))


def randomize(store: SiteStore, participant_id: str, *, today: date) -> str:
    """Reveals the participant's arm ("MSC" or "CONTROL"); irreversible."""
    with participant_work(store, participant_id, Action.RANDOMIZE, reason="randomized") as (
        session,
        participant,
    ):
        state = _state(session, participant, today)
        if not state.can_randomize:
            raise RuleViolation(
                "{subject_id} cannot be randomized: {reason}",
                subject_id=participant.subject_id,
                reason=state.randomize_blocked_because,
            )
        assert state.eligibility.child_pugh is not None  # eligible implies a score
        stratum = stratum_for_child_pugh(state.eligibility.child_pugh.score, store.protocol)
        demo_site = is_demo_site(store)
        for allocation_list in session.scalars(
            select(AllocationList)
            .where(AllocationList.stratum == stratum)
            .order_by(AllocationList.loaded_at, AllocationList.list_id)
        ):
            if is_demo_list(allocation_list.list_id) != demo_site:
                continue  # never a demo list on a real site, nor a real one on a demo site
            used = (
                session.scalar(
                    select(func.count(Allocation.id)).where(
                        Allocation.list_id == allocation_list.list_id
                    )
                )
                or 0
            )
            if used < allocation_list.length:
                arm = _reveal(store, allocation_list, used)
                break
        else:
            raise RuleViolation(
                "No allocation list with free entries is loaded for stratum {stratum}; import the "
                "centre's site package.",
                stratum=stratum,
            )
        session.add(
            Allocation(
                list_id=allocation_list.list_id,
                position=used,
                participant_id=participant_id,
                arm=arm,
            )
        )
        participant.arm = arm
        participant.stratum = stratum
        participant.randomized_at = _event_moment(today)
        participant.day0 = today
        participant.status = Status.RANDOMIZED.value
        record_event(
            session,
            "allocation_list",
            allocation_list.list_id,
            f"allocation entry {used + 1} revealed by the randomize service",
        )
        return arm
