"""Where the app's own files live (resources, migrations) and where user data goes by default."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs


def project_root() -> Path:
    """The folder holding `resources/` and `migrations/`: the source tree, or the frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return project_root() / "resources"


def migrations_dir() -> Path:
    return project_root() / "migrations"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("msc-desktop", "XJMSC"))
