"""Fixtures shared by every test layer: the shared reference folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
VECTORS_DIR = SHARED_DIR / "vectors"
ODM_SCHEMA = SHARED_DIR / "schemas" / "odm-1.3.2" / "ODM1-3-2.xsd"


@pytest.fixture(scope="session")
def vectors_dir() -> Path:
    assert VECTORS_DIR.is_dir(), f"reference vectors missing at {VECTORS_DIR}"
    return VECTORS_DIR
