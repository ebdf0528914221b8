"""The site's outbox: exported bundles, kept encrypted in `DATA_DIR/outbox/` (identity.py) until
a centre receipt covers them, so that an upload sends exactly the bundles made."""

from __future__ import annotations

from pathlib import Path

from msc_desktop.store.models import int_setting
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.bundle import BUNDLE_SUFFIX
from msc_desktop.sync.identity import SETTING_ACKNOWLEDGED, outbox_dir


def outbox_pending(store: SiteStore, acknowledged: int) -> list[Path]:
    """The outbox's bundles that reach past record `acknowledged`, in order."""
    folder = outbox_dir(store)
    if not folder.is_dir():
        return []
    return [
        path for path in sorted(folder.glob(f"*{BUNDLE_SUFFIX}")) if _to_seq(path) > acknowledged
    ]


def unacknowledged(store: SiteStore) -> list[Path]:
    """The outbox's bundles the centre has not yet acknowledged with a receipt."""
    with store.session() as session:
        acknowledged = int_setting(session, SETTING_ACKNOWLEDGED)
    return outbox_pending(store, acknowledged)


def prune_outbox(store: SiteStore, acknowledged: int) -> None:
    """Remove the bundles a receipt up to record `acknowledged` covers."""
    folder = outbox_dir(store)
    if not folder.is_dir():
        return
    for path in folder.glob(f"*{BUNDLE_SUFFIX}"):
        if 0 < _to_seq(path) <= acknowledged:
            path.unlink(missing_ok=True)


def _to_seq(path: Path) -> int:
    try:
        return int(path.stem.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return 0
