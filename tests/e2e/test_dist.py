"""The PyInstaller bundle: build.spec builds a one-folder app that starts without Python.

Builds into a temporary folder (about 20 s), then runs the built binary with a clean
environment (no PYTHONPATH, no venv) offscreen: `--version`, then `--smoke-test` on an empty
data folder (set-up wizard, site created, main window) and again on the same folder (unlock).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from msc_desktop.gui.about import APP_NAME, app_version

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("PyInstaller") is None,
        reason=(
            "PyInstaller is not installed (pip install -e '.[dev]') so the bundle cannot be built"
        ),
    ),
]


def _bundle_env(home: Path) -> dict[str, str]:
    """What a clinic PC gives the app: no Python paths, an offscreen display for the test."""
    keep = {"PATH", "LANG", "LC_ALL", "TMPDIR"}
    env = {name: value for name, value in os.environ.items() if name in keep}
    env.update({"HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(home)})
    return env


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    binary = work / "dist" / "msc-desktop" / "msc-desktop"
    assert binary.is_file()
    return binary


def test_bundle_holds_the_app_data(bundle: Path) -> None:
    internal = bundle.parent / "_internal"
    assert (internal / "resources" / "protocol.json").is_file()
    assert (internal / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert (internal / "resources" / "fonts" / "DroidSansFallbackFull.ttf").is_file()
    assert (internal / "resources" / "translations" / "core_zh_CN.ts").is_file()
    assert sorted(p.name for p in (internal / "migrations" / "versions").glob("*.py")) == sorted(
        p.name for p in (ROOT / "migrations" / "versions").glob("*.py")
    )
    plugins = internal / "PySide6" / "Qt" / "plugins"
    for plugin in (
        "platforms/libqxcb.so",
        "platforms/libqoffscreen.so",
        "printsupport/libcupsprintersupport.so",
        "imageformats/libqpdf.so",
    ):
        assert (plugins / plugin).is_file(), plugin
    shipped_qm = sorted(p.name for p in (ROOT / "ui" / "translations").glob("*.qm"))
    assert sorted(p.name for p in (internal / "ui" / "translations").glob("*.qm")) == shipped_qm


def test_built_binary_prints_its_version(bundle: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(bundle), "--version"],
        env=_bundle_env(tmp_path),
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP_NAME} {app_version()}"


def test_built_binary_creates_a_site_then_shows_unlock(bundle: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "site"
    first = subprocess.run(
        [str(bundle), "--smoke-test", "--data-dir", str(data_dir)],
        env=_bundle_env(tmp_path),
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "first screen: set-up wizard",
        "site created: 99; recovery key shown",
        "main window: shown",
        "smoke test passed",
    ]
    assert (data_dir / "site.db").is_file() and (data_dir / "keyring.json").is_file()
    assert b"Smoke test site" not in (data_dir / "site.db").read_bytes()
    again = subprocess.run(
        [str(bundle), "--smoke-test", "--data-dir", str(data_dir)],
        env=_bundle_env(tmp_path),
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == ["first screen: unlock", "smoke test passed"]


def test_the_bundle_runs_the_site_commands(bundle: Path, tmp_path: Path) -> None:
    site_command = bundle.parent / "msc-site"
    data_dir = tmp_path / "headless"
    env = _bundle_env(tmp_path)
    made = subprocess.run(
        [
            str(site_command),
            "init",
            "--data-dir",
            str(data_dir),
            "--site-id",
            "12",
            "--site-name",
            "Bundle clinic",
            "--admin",
            "admin",
            "--password-stdin",
        ],
        input="Bundle-pass-2026\n",
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    verified = subprocess.run(
        [
            str(site_command),
            "verify-audit",
            "--data-dir",
            str(data_dir),
            "--user",
            "admin",
            "--password-stdin",
        ],
        input="Bundle-pass-2026\n",
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verified.returncode == 0, verified.stderr
    assert "the chain is intact" in verified.stdout
    wrong = subprocess.run(
        [
            str(site_command),
            "participants",
            "--data-dir",
            str(data_dir),
            "--user",
            "admin",
            "--password-stdin",
        ],
        input="Not-the-pass-2026\n",
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (
        wrong.returncode == 1 and wrong.stderr.strip() == "msc-site: Wrong user name or password."
    )
