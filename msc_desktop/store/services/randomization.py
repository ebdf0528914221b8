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
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from msc_desktop.domain.protocol import load_protocol
from msc_desktop.domain.randomization import stratum_for_child_pugh
from msc_desktop.domain.wording import listed
from msc_desktop.errors import (
    PermissionDenied,
    RuleViolation,
    StoreError,
    SyncError,
    ValidationError,
)
from msc_desktop.messages import Message
from msc_desktop.store import keys
from msc_desktop.store.audit import record_event
from msc_desktop.store.base import utc_now
from msc_desktop.store.keys import Secret
from msc_desktop.store.models import Allocation, AllocationList
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.participants import Status, get_participant
from msc_desktop.store.services.screening import _state
from msc_desktop.store.site import BACKUP_DIR, SiteStore, write_backup
from msc_desktop.store.site_kind import is_demo_list, is_demo_site
from msc_desktop.sync.identity import center_identity
from msc_desktop.sync.packages import open_allocation_list

SEALED = "sealed:"


def _entry_aad(list_id: str, position: int) -> bytes:
    return f"allocation {list_id} {position}".encode()


def _package_aad(list_id: str) -> bytes:
    return f"allocation package {list_id}".encode()


def _seal_list(public: bytes, list_id: str, arms: list[str], signed_package: str) -> tuple[str, str]:
    """The list's entries and its signed package, sealed to the randomization public key."""
    entries = [keys.seal_entry(public, arm, _entry_aad(list_id, i)) for i, arm in enumerate(arms)]
    package = keys.seal_entry(public, signed_package, _package_aad(list_id))
    return SEALED + json.dumps(entries), SEALED + package


def _reveal(store: SiteStore, allocation_list: AllocationList, position: int) -> str:
    """One entry, opened with the randomization key this session holds."""
    private = store.secret(Secret.RANDOMIZATION)
    if private is None:
        raise PermissionDenied("Your account does not hold the randomization key; an investigator randomizes.")
    if not allocation_list.arms.startswith(SEALED):
        return allocation_list.arms.split(",")[position]
    entries = json.loads(allocation_list.arms.removeprefix(SEALED))
    arm = keys.open_entry(private, entries[position], _entry_aad(allocation_list.list_id, position))
    if arm is None:
        raise StoreError("Allocation list {list_id} does not open with this site's randomization key.",
                         list_id=allocation_list.list_id)
    return arm


def seal_plain_lists(store: SiteStore) -> None:
    """Seals the lists a site loaded before it had a randomization key, after a backup (the
    database is written over with secure_delete, so the plain entries do not linger)."""
    public = store.keyring.randomization_public
    private = store.secret(Secret.RANDOMIZATION)
    if public is None or private is None:
        return
    with store.session() as session:
        plain = list(session.scalars(select(AllocationList).where(AllocationList.arms.not_like(f"{SEALED}%"))))
        if not plain:
            return
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        write_backup(store.engine, store.secret(Secret.DATABASE) or b"", store.keyring.path,
                     store.data_dir / BACKUP_DIR / f"before-sealing-allocation-lists-{stamp}.mscbak")
        for allocation_list in plain:
            allocation_list.arms, allocation_list.signed_package = _seal_list(
                public, allocation_list.list_id, allocation_list.arms.split(","), allocation_list.signed_package
            )
        record_event(session, "site", store.site_id,
                     f"{len(plain)} allocation lists sealed to the randomization key")


@dataclass(frozen=True)
class ListStock:
    """How many entries are left for a stratum (never which arms they hold)."""

    stratum: str
    remaining: int
    total: int


def store_allocation_list(
    store: SiteStore, *, list_id: str, stratum: str, arms: list[str], signed_package: str
) -> None:
    """Keeps a verified allocation list; the load is audited as an event, never its arms."""
    require(store.user.role, Action.MANAGE_SITE)
    protocol = load_protocol()
    strata = {s.code for s in protocol.randomization.strata}
    if stratum not in strata:
        raise ValidationError("Unknown stratum {stratum!r}; the protocol has {strata}.", stratum=stratum,
                              strata=", ".join(sorted(strata)))
    if not arms or any(arm not in protocol.arm_codes for arm in arms):
        raise ValidationError("The allocation list holds unknown arms; it was not loaded.")
    _check_provenance(store, list_id, stratum, arms, signed_package)
    public = store.keyring.randomization_public
    if public is None:
        raise PermissionDenied("This site has no randomization key yet: an administrator or investigator "
                               "signs in once to make it.")
    sealed_arms, sealed_package = _seal_list(public, list_id, arms, signed_package)
    with store.session() as session:
        if session.get(AllocationList, list_id) is not None:
            raise ValidationError("Allocation list {list_id} is already loaded.", list_id=list_id)
        session.add(
            AllocationList(
                list_id=list_id, stratum=stratum, signed_package=sealed_package,
                arms=sealed_arms, length=len(arms),
            )
        )
        record_event(session, "allocation_list", list_id, f"allocation list loaded: stratum {stratum}, {len(arms)} entries")


def _check_provenance(store: SiteStore, list_id: str, stratum: str, arms: list[str], signed_package: str) -> None:
    """A demo site takes demo lists only; a real site only lists its pinned centre signed."""
    if is_demo_site(store):
        if not is_demo_list(list_id):
            raise RuleViolation("This is a demo site: it cannot hold the coordinating centre's allocation lists.")
        return
    if is_demo_list(list_id):
        raise RuleViolation("This is a real site: demo allocation lists are refused (demo lists exist only on a demo site).")
    try:
        signed = open_allocation_list(signed_package, center_identity(store))
    except SyncError as error:
        raise RuleViolation("Allocation list {list_id} is not signed by this site's coordinating centre ({reason}); "
                            "it was not loaded.", list_id=list_id, reason=error.message) from None
    if (signed.list_id, signed.site_id, signed.stratum, list(signed.arms)) != (list_id, store.site_id, stratum, arms):
        raise RuleViolation("Allocation list {list_id} does not match what its centre signed; it was not loaded.",
                            list_id=list_id)
    with store.session() as session:
        loaded = [
            list_id for list_id in session.scalars(
                select(AllocationList.list_id).where(AllocationList.stratum == stratum)
            )
            if not is_demo_list(list_id)
        ]
    if signed.list_number != len(loaded) + 1:
        raise RuleViolation(
            "Allocation list {list_id} is list {number} for stratum {stratum}, but the site holds {held}; "
            "lists are appended in order (import the centre's latest site package).",
            list_id=list_id, number=signed.list_number, stratum=stratum, held=len(loaded),
        )


def stock(store: SiteStore) -> list[ListStock]:
    """Entries per stratum in the lists randomization may use (the site's own kind of list)."""
    require(store.user.role, Action.VIEW)
    demo_site = is_demo_site(store)
    with store.session() as session:
        result = []
        for stratum in load_protocol().randomization.strata:
            lists = [
                (allocation_list.list_id, allocation_list.length)
                for allocation_list in session.scalars(
                    select(AllocationList).where(AllocationList.stratum == stratum.code)
                )
                if is_demo_list(allocation_list.list_id) == demo_site
            ]
            total = sum(length for _list_id, length in lists)
            used = session.scalar(
                select(func.count(Allocation.id)).where(Allocation.list_id.in_([list_id for list_id, _ in lists]))
            ) or 0
            result.append(ListStock(stratum.code, total - used, total))
        return result


def low_stock_warning(store: SiteStore) -> Message | None:
    """The sentence for the banner and the sync panel when a stratum's loaded lists have fewer
    than the protocol's `low_stock_below` free entries left (None while every stratum has enough)."""
    below = load_protocol().randomization.low_stock_below
    low = [item for item in stock(store) if item.total and item.remaining < below]
    if not low:
        return None
    return Message(
        "Allocation lists are running low ({strata}; fewer than {below} left): send the centre a "
        "bundle and import its site package, which brings the continuation lists.",
        strata=listed([Message("stratum {stratum}: {remaining} left", stratum=item.stratum,
                               remaining=item.remaining) for item in low]),
        below=below,
    )


def randomize(store: SiteStore, participant_id: str, *, today: date,
              at: datetime | None = None) -> str:
    """Reveals the participant's arm ("MSC" or "CONTROL"); irreversible. `today` is the clinic's
    date and `at` the moment of the event, an aware time (now unless given: demo data entered
    after the fact gives the moment of its history, on `today`); it is kept in UTC."""
    require(store.user.role, Action.RANDOMIZE)
    with store.session(reason="randomized") as session:
        participant = get_participant(session, participant_id)
        state = _state(session, participant, today)
        if not state.can_randomize:
            raise RuleViolation("{subject_id} cannot be randomized: {reason}", subject_id=participant.subject_id,
                                reason=state.randomize_blocked_because)
        assert state.eligibility.child_pugh is not None  # eligible implies a score
        stratum = stratum_for_child_pugh(state.eligibility.child_pugh.score)
        demo_site = is_demo_site(store)
        for allocation_list in session.scalars(
            select(AllocationList).where(AllocationList.stratum == stratum).order_by(AllocationList.loaded_at, AllocationList.list_id)
        ):
            if is_demo_list(allocation_list.list_id) != demo_site:
                continue  # never a demo list on a real site, nor a real one on a demo site
            used = session.scalar(select(func.count(Allocation.id)).where(Allocation.list_id == allocation_list.list_id)) or 0
            if used < allocation_list.length:
                arm = _reveal(store, allocation_list, used)
                break
        else:
            raise RuleViolation(
                "No allocation list with free entries is loaded for stratum {stratum}; import the centre's site package.",
                stratum=stratum,
            )
        session.add(Allocation(list_id=allocation_list.list_id, position=used, participant_id=participant_id, arm=arm))
        participant.arm = arm
        participant.stratum = stratum
        participant.randomized_at = at.astimezone(UTC).replace(tzinfo=None) if at else utc_now()
        participant.day0 = today
        participant.status = Status.RANDOMIZED.value
        record_event(session, "allocation_list", allocation_list.list_id,
                     f"allocation entry {used + 1} revealed by the randomize service")
        return arm
