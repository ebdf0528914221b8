"""The application's name and installed version (window title, About box, `--version`).

Plain Python, no Qt: `msc-desktop --version` answers on a machine without a display.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "MSC Desktop"


def app_version() -> str:
    try:
        return version("msc-desktop")
    except PackageNotFoundError:
        return "unknown (not installed)"
