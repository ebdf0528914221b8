"""A coordinating centre for the web application's tests: two demo sites entered through the
site's services, exported in full and imported through the centre's real import path, and one
web account per role."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import httpx

from msc_desktop.central import accounts
from msc_desktop.central.service import Center
from msc_desktop.store.demo import generate_demo_data, make_demo_site
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.identity import pin_center_key, write_identity
from msc_desktop.sync.site_export import export_bundle
from tests.accounts import ADMIN, CENTRE_PASSPHRASE

WEB_PASSWORD = "Harbour-lamp-2026-centre"
#: One account per role: user name -> role.
WEB_USERS = {"ada": "admin", "dora": "data-manager", "mona": "monitor", "stan": "statistician"}
DEMO_TODAY = date(2026, 11, 20)


def add_web_users(center: Center) -> None:
    for user, role in WEB_USERS.items():
        accounts.add_user(center.store, user, role, WEB_PASSWORD)


def two_site_centre(folder: Path, sizes: tuple[int, int] = (12, 8)) -> Center:
    """A centre in `folder`/centre holding two demo sites' data (sites 01 and 02)."""
    center = Center.init(folder / "centre", passphrase=CENTRE_PASSPHRASE)
    for index, (site_id, count) in enumerate((("01", sizes[0]), ("02", sizes[1]))):
        store, _recovery = SiteStore.init(
            folder / f"site{site_id}",
            site_id=site_id,
            site_name=f"Hospital {site_id}",
            admin_user=ADMIN[0],
            admin_password=ADMIN[1],
            admin_full_name=ADMIN[2],
        )
        try:
            pin_center_key(store, center.home.public_key_path)
            public = folder / f"site{site_id}.pub"
            write_identity(store, public)
            center.register_site(site_id, public.read_bytes())
            make_demo_site(store)
            generate_demo_data(store, count, seed=3 + index, today=DEMO_TODAY)
            usb = folder / f"usb{site_id}"
            usb.mkdir()
            result = export_bundle(store, usb, "full")
            assert result is not None
            outcome = center.import_files([result.path])[0]
            assert outcome.status == "accepted", outcome.line()
        finally:
            store.close()
    return center


def signed_in(client: httpx.Client, user: str, password: str = WEB_PASSWORD) -> httpx.Response:
    """Sign `client` in through the sign-in form (its double-submit CSRF token included)."""
    page = client.get("/sign-in")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token is not None
    return client.post(
        "/sign-in", data={"csrf": token.group(1), "user": user, "password": password, "next": "/"}
    )


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)
