"""Headless entry points `msc-site` and `msc-central` (DESIGN section 8).

Each command calls the same services as the GUI. Passwords come only from standard input
(`--password-stdin`). Exit status 0 on success; on failure one clear line on standard error and a
non-zero status, never a traceback. The command-line tools are the top layer: they import the
services, never the other way round. `msc-site` is `site_main`; `msc-central` is
`msc_desktop.cli.central.central_main`, kept apart because a clinic PC's install (and its
one-folder bundle) carries no centre code.
"""

from msc_desktop.cli.site import site_main

__all__ = ["site_main"]
