"""What a data folder holds: no site, a whole site, or a site that lost one of its two files.

A site is `site.db` (SQLCipher) and `keyring.json` (its wrapped key) side by side. One without the
other, or an empty `site.db`, means data was lost or moved (a failed copy, a full disk, a user
tidying up): the app never treats that as "no site" and never creates a database over a
keyring, it names the problem and points to a restore. Light on imports, so the unlock screen
can ask before the store is loaded.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path

from msc_desktop.messages import Message

DB_FILE = "site.db"
KEYRING_FILE = "keyring.json"


class FolderState(Enum):
    EMPTY = "no site"
    SITE = "site"
    DATABASE_MISSING = "database missing"
    DATABASE_EMPTY = "database empty"
    KEYRING_MISSING = "key file missing"


def folder_state(data_dir: Path) -> FolderState:
    """The state of `data_dir` from its two site files (a zero-length database counts as lost)."""
    database = Path(data_dir) / DB_FILE
    keyring = Path(data_dir) / KEYRING_FILE
    try:
        database_size: int | None = os.stat(database).st_size
    except FileNotFoundError:
        database_size = None
    has_keyring = keyring.exists()
    if database_size is None:
        return FolderState.DATABASE_MISSING if has_keyring else FolderState.EMPTY
    if not has_keyring:
        return FolderState.KEYRING_MISSING
    return FolderState.DATABASE_EMPTY if database_size == 0 else FolderState.SITE


def damage_message(state: FolderState, data_dir: Path) -> Message:
    """One sentence saying what is wrong with a damaged site folder and what to do."""
    if state is FolderState.DATABASE_MISSING:
        return Message(
            "The site database site.db is missing from {folder}, but the site's key file is there: "
            "the data was moved or lost. Nothing was changed. Restore the site from its latest "
            "backup.",
            folder=data_dir,
        )
    if state is FolderState.DATABASE_EMPTY:
        return Message(
            "The site database site.db in {folder} is empty (0 bytes): the data was lost, for "
            "example by a failed copy or a full disk. Nothing was changed. Restore the site from "
            "its latest backup.",
            folder=data_dir,
        )
    if state is FolderState.KEYRING_MISSING:
        return Message(
            "The site's key file keyring.json is missing from {folder}, so the database cannot be "
            "opened. Nothing was changed. Restore the site from its latest backup.",
            folder=data_dir,
        )
    raise ValueError(state)
