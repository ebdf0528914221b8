"""Fixtures of the sync and centre tests: a throw-away PostgreSQL cluster for the whole session, a
USB stick."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .postgres import postgres_bin_dir, running_cluster


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[str]:
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); "
            "tools/system_deps.sh installs it"
        )
    with running_cluster(bin_dir) as url:
        yield url


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    """An empty folder standing for a USB stick."""
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder
