"""Demo site or real site: fixed when the site is created (DESIGN section 5).

A demo site (`msc-site init --demo`, or the set-up wizard's check box) holds only demo
allocation lists, whose ids start with `DEMO-` and which no centre signed; a real site holds only
lists signed by its pinned coordinating centre. The setting is written once, on an empty site.
"""

from __future__ import annotations

from msc_desktop.store.site import SiteStore

DEMO_SITE_SETTING = "demo_site"
DEMO_LIST_PREFIX = "DEMO-"


def is_demo_site(store: SiteStore) -> bool:
    """Whether the site was created as a demo site."""
    return store.get_setting(DEMO_SITE_SETTING) == "true"


def is_demo_list(list_id: str) -> bool:
    """Whether an allocation list id names a demo list."""
    return list_id.startswith(DEMO_LIST_PREFIX)
