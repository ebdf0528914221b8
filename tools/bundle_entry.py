"""The frozen bundle's entry point: `msc-desktop` built by PyInstaller from build.spec."""

from __future__ import annotations

import sys

from msc_desktop.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
