"""Issue 8 benchmark: build time and size of the PyInstaller bundle, start-up of bundle vs source.

Builds build.spec into a temporary folder (a clean build, like `make dist`), prints the wall
time and the bundle's size split into Qt, Python and the rest, then times `--version` and the
headless `--smoke-test` (set-up wizard, site creation, main window) for the built binary and
for the source tree side by side, interleaved, and prints the ratios.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - start


def main() -> int:
    if importlib.util.find_spec("PyInstaller") is None:
        print("PyInstaller is not installed (pip install -e '.[dev]'); nothing measured.")
        return 0
    work = Path(tempfile.mkdtemp(prefix="msc-bench-dist-"))
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    build_s = time.perf_counter() - start
    bundle = work / "dist" / "msc-desktop"
    internal = bundle / "_internal"
    total = folder_size(bundle)
    qt = folder_size(internal / "PySide6") + sum(
        p.stat().st_size for p in internal.glob("libQt6*") if p.is_file()
    )
    python = (
        folder_size(internal / "python3.11")
        + sum(p.stat().st_size for p in internal.glob("libpython*") if p.is_file())
        + (internal / "base_library.zip").stat().st_size
    )
    mib = 1024 * 1024
    print(f"clean build: {build_s:.1f} s")
    print(
        f"bundle size: {total / mib:.0f} MiB (Qt {qt / mib:.0f}, Python {python / mib:.0f}, "
        f"other {(total - qt - python) / mib:.0f})"
    )

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    built = [str(bundle / "msc-desktop")]
    source = [sys.executable, "-m", "msc_desktop.gui.app"]
    for label in ("--version", "--smoke-test"):
        built_times: list[float] = []
        source_times: list[float] = []
        for round_number in range(ROUNDS):
            built_args, source_args = [label], [label]
            if label == "--smoke-test":
                built_args += ["--data-dir", str(work / f"built-{round_number}")]
                source_args += ["--data-dir", str(work / f"source-{round_number}")]
            built_times.append(timed(built + built_args, env))
            source_times.append(timed(source + source_args, {**env, "PYTHONPATH": str(ROOT)}))
        b, s = statistics.median(built_times), statistics.median(source_times)
        print(f"{label:13s} bundle {b:.2f} s  source {s:.2f} s  ratio {b / s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
