"""Allocation lists sealed to the site's randomization key (DESIGN section 5).

Each entry, and the centre's signed package it came in, is encrypted to the randomization public
key with its list and position as associated data, so a database opened with a nurse's or a
monitor's password shows no arm. Lists loaded before a site had that key are kept plain until
its first key holder signs in (`SiteStore` seals them then, after a backup).
"""

from __future__ import annotations

import json

from msc_desktop.store import keys

SEALED = "sealed:"


def entry_aad(list_id: str, position: int) -> bytes:
    return f"allocation {list_id} {position}".encode()


def package_aad(list_id: str) -> bytes:
    return f"allocation package {list_id}".encode()


def seal_list(public: bytes, list_id: str, arms: list[str], signed_package: str) -> tuple[str, str]:
    """The list's entries and its signed package, sealed to the randomization public key."""
    entries = [keys.seal_entry(public, arm, entry_aad(list_id, i)) for i, arm in enumerate(arms)]
    package = keys.seal_entry(public, signed_package, package_aad(list_id))
    return SEALED + json.dumps(entries), SEALED + package
