"""The code passes its own static checks: mypy --strict on the package, ruff's lint and ruff's
formatter on everything (configured in pyproject.toml, ruff pinned there so that one version's
style is the style), so that a type, lint or layout fault fails the README's test command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        found = shutil.which(name)
        if found is None:
            pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
        return found
    return str(path)


def test_the_package_type_checks_strictly() -> None:
    done = subprocess.run(
        [tool("mypy"), "--no-incremental", "msc_desktop"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:]


def test_ruff_finds_nothing() -> None:
    done = subprocess.run(
        [tool("ruff"), "check", "--output-format", "concise", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:]


def test_the_code_is_formatted() -> None:
    done = subprocess.run(
        [tool("ruff"), "format", "--check", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, "run `.venv/bin/ruff format .`:\n" + done.stdout[-4000:]
