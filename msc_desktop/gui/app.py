"""The desktop application's entry point: `msc-desktop [--data-dir DIR] [--version]`.

`--version` and `--help` answer without importing Qt, so they work on a machine without a display.
Otherwise the app starts the set-up wizard when the data folder holds no site, or the unlock
screen when it does, then the main window.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from msc_desktop.gui.about import APP_NAME, app_version
from msc_desktop.paths import default_data_dir


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="msc-desktop",
        description="Data capture for the MSC decompensated cirrhosis trial (NCT03209986).",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"folder of the site database (default: {default_data_dir()})",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {app_version()}")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the first screen headlessly (set-up creates a throw-away site), then exit",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.smoke_test:
        from msc_desktop.gui.smoke import run_smoke_test

        return run_smoke_test(args.data_dir)
    data_dir: Path = args.data_dir or default_data_dir()
    from msc_desktop.gui.controller import run_application

    return run_application(data_dir)


if __name__ == "__main__":
    sys.exit(main())
