"""The frozen bundle's entry point, built by PyInstaller from build.spec.

One program serves both names in the bundle folder: `msc-desktop` (the app) and `msc-site` (a
link to it: the headless site commands of DESIGN section 8), chosen by the name it was run as.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    if Path(sys.argv[0]).name == "msc-site":
        from msc_desktop.cli import site_main

        sys.exit(site_main())
    from msc_desktop.gui.app import main

    sys.exit(main())
