"""A throw-away PostgreSQL cluster for the centre's store tests (unix socket in a temp folder).

initdb refuses to run as root, so as root the cluster belongs to the `postgres` user (runuser).
Tests that need it are skipped, with the reason, only when no PostgreSQL binaries are installed.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _bin_dir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[str]:
    """Yields a base URL `postgresql+psycopg://postgres@/` ... for a fresh cluster; stops it after."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); "
                    "tools/system_deps.sh installs it")
    root = Path(tempfile.mkdtemp(prefix="msc-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    os.chmod(root, 0o755)
    subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U",
                              "postgres", "--no-sync", "-E", "UTF8"]),
                   check=True, capture_output=True)
    options = f"-k {root} -c listen_addresses='' -F"
    subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-w",
                              "-l", str(root / "log"), "start"]), check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@/%s?host={root}"
    finally:
        subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                  "-w", "stop"]), check=False, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def new_database(cluster_url: str, name: str) -> str:
    """Create database `name` in the cluster and return its URL."""
    import psycopg

    host = cluster_url.split("host=", 1)[1]
    with psycopg.connect(host=host, user="postgres", dbname="postgres",
                         autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return cluster_url % name
