"""Loading the coordinating centre's allocation lists (DESIGN section 5).

A real site takes only a list its pinned centre signed, that says what the caller says it holds
(list, site, stratum, arms), appended in order (list n of a stratum after lists 1..n-1). The
signature is verified here, at the boundary; the store (`keep_allocation_list`) then checks the
kind of list against the kind of site and keeps the entries sealed to the randomization key.
"""

from __future__ import annotations

from sqlalchemy import select

from msc_desktop.errors import RuleViolation, SyncError
from msc_desktop.store.models import AllocationList
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.randomization import keep_allocation_list
from msc_desktop.store.site import SiteStore
from msc_desktop.store.site_kind import is_demo_list, is_demo_site
from msc_desktop.sync.identity import center_identity
from msc_desktop.sync.packages import open_allocation_list


def store_allocation_list(
    store: SiteStore, *, list_id: str, stratum: str, arms: list[str], signed_package: str
) -> None:
    """Verifies a list against the pinned centre (a real list on a real site), then keeps it."""
    require(store.user.role, Action.MANAGE_SITE)
    if not is_demo_site(store) and not is_demo_list(list_id):
        _check_signed(store, list_id, stratum, arms, signed_package)
    keep_allocation_list(
        store, list_id=list_id, stratum=stratum, arms=arms, signed_package=signed_package
    )


def _check_signed(
    store: SiteStore, list_id: str, stratum: str, arms: list[str], signed_package: str
) -> None:
    """Signed by the pinned centre, as described, and next in its stratum."""
    try:
        signed = open_allocation_list(signed_package, center_identity(store), store.protocol)
    except SyncError as error:
        raise RuleViolation(
            "Allocation list {list_id} is not signed by this site's coordinating centre "
            "({reason}); it was not loaded.",
            list_id=list_id,
            reason=error.message,
        ) from None
    if (signed.list_id, signed.site_id, signed.stratum, list(signed.arms)) != (
        list_id,
        store.site_id,
        stratum,
        arms,
    ):
        raise RuleViolation(
            "Allocation list {list_id} does not match what its centre signed; it was not loaded.",
            list_id=list_id,
        )
    with store.session() as session:
        loaded = [
            list_id
            for list_id in session.scalars(
                select(AllocationList.list_id).where(AllocationList.stratum == stratum)
            )
            if not is_demo_list(list_id)
        ]
    if signed.list_number != len(loaded) + 1:
        raise RuleViolation(
            "Allocation list {list_id} is list {number} for stratum {stratum}, but the site "
            "holds {held}; lists are appended in order (import the centre's latest site "
            "package).",
            list_id=list_id,
            number=signed.list_number,
            stratum=stratum,
            held=len(loaded),
        )
