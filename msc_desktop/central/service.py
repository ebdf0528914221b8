"""The coordinating centre's service, one object for the command line, the server and the web
pages: `Center` = the core (home, store, keys, sites, protocol versions: `core`), the import of
bundles (`intake`, applying their rows: `apply`) and the packages for the sites (`allocations`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from msc_desktop.central.allocations import SitePackages
from msc_desktop.central.core import CenterLimits
from msc_desktop.central.home import CenterHome, CenterSecrets
from msc_desktop.central.intake import BundleIntake
from msc_desktop.central.store import CentralStore
from msc_desktop.domain.protocol_reader import load_protocol


class Center(BundleIntake, SitePackages):
    """A coordinating centre opened on its home folder and store."""

    @classmethod
    def open(
        cls,
        home_dir: Path,
        store_url: str | None = None,
        *,
        passphrase: str,
        limits: CenterLimits | None = None,
    ) -> Center:
        """The centre in `home_dir`, unlocked with its passphrase."""
        return cls._start(home_dir, store_url, limits, lambda home: home.load_secrets(passphrase))

    @classmethod
    def init(
        cls,
        home_dir: Path,
        store_url: str | None = None,
        *,
        passphrase: str,
        limits: CenterLimits | None = None,
    ) -> Center:
        """A new centre in `home_dir`: key pair under `passphrase`, encrypted store."""
        return cls._start(home_dir, store_url, limits, lambda home: home.init(passphrase))

    @classmethod
    def _start(
        cls,
        home_dir: Path,
        store_url: str | None,
        limits: CenterLimits | None,
        unlock: Callable[[CenterHome], CenterSecrets],
    ) -> Center:
        protocol = load_protocol()
        home = CenterHome(Path(home_dir), protocol.protocol_id)
        found = unlock(home)
        store = CentralStore.open(home.path, store_url, found.derived_key("sqlite store"))
        return cls(home, store, found, protocol, limits)
