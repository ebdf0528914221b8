"""Allocation lists signed by a test coordinating centre, the only kind a real site randomizes
from."""

from __future__ import annotations

import base64
import math
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.domain.randomization import AllocationList
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.allocation_lists import store_allocation_list
from msc_desktop.sync.identity import SETTING_CENTER_KEY, pin_center_key
from msc_desktop.sync.keys import KeyPair, parse_public_document
from msc_desktop.sync.packages import seal_allocation_list

PROTOCOL = load_protocol()

TEST_CENTRE = KeyPair.generate("center", "XJMSC0001")


def pin_test_centre(admin: SiteStore, centre: KeyPair = TEST_CENTRE) -> None:
    """Pins `centre` at the site unless it is pinned already."""
    pinned = admin.get_setting(SETTING_CENTER_KEY)
    if (
        pinned is not None
        and parse_public_document(pinned.encode(), "center").fingerprint
        == centre.public().fingerprint
    ):
        return
    with tempfile.TemporaryDirectory() as folder:
        key_file = Path(folder) / "centre.pub"
        key_file.write_bytes(centre.public_document())
        pin_center_key(admin, key_file)


def _blocks(arms: Sequence[str]) -> tuple[int, ...]:
    """The balanced blocks `arms` is made of (the shortest balanced prefixes, one after another)."""
    sizes, start, balance = [], 0, 0
    for index, arm in enumerate(arms):
        balance += 1 if arm == "MSC" else -1
        if balance == 0:
            sizes.append(index + 1 - start)
            start = index + 1
    assert start == len(arms), f"{list(arms)} is not made of balanced blocks"
    return tuple(sizes)


def signed_list(
    site_id: str,
    stratum: str,
    arms: Sequence[str],
    *,
    list_number: int = 1,
    centre: KeyPair = TEST_CENTRE,
) -> tuple[AllocationList, str]:
    """A list with exactly these arms, signed by `centre`, as the site stores it."""
    factor = load_protocol().randomization.list_length_factor
    allocation = AllocationList(
        protocol_id=load_protocol().protocol_id,
        site_id=site_id,
        stratum=stratum,
        expected_enrolment=max(1, math.floor(Decimal(len(arms)) / factor)),
        block_sizes=_blocks(arms),
        arms=tuple(arms),  # type: ignore[arg-type]
        created_at="2026-11-01T08:00:00Z",
        list_number=list_number,
    )
    allocation.check(PROTOCOL)
    return allocation, base64.b64encode(seal_allocation_list(allocation, centre)).decode("ascii")


def load_signed_list(
    admin: SiteStore,
    stratum: str,
    arms: Sequence[str],
    *,
    list_number: int = 1,
    centre: KeyPair = TEST_CENTRE,
) -> str:
    """Pins `centre` if needed and loads a signed list with these arms; returns its id."""
    pin_test_centre(admin, centre)
    allocation, signed = signed_list(
        admin.site_id, stratum, arms, list_number=list_number, centre=centre
    )
    store_allocation_list(
        admin, list_id=allocation.list_id, stratum=stratum, arms=list(arms), signed_package=signed
    )
    return allocation.list_id
