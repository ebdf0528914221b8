"""The site id typed at set-up: spaces and a missing leading zero are forgiven, nothing else is."""

from __future__ import annotations

from pathlib import Path

import pytest

from msc_desktop.errors import ValidationError
from msc_desktop.store.site import SiteStore, normalized_site_id
from tests.accounts import ADMIN


@pytest.mark.parametrize(
    ("typed", "stored"), [(" 07 ", "07"), ("7", "07"), ("07", "07"), ("\t12\n", "12")]
)
def test_a_site_id_is_read_as_two_digits(typed: str, stored: str) -> None:
    assert normalized_site_id(typed) == stored


@pytest.mark.parametrize("typed", ["", " ", "007", "7a", "x", "0 7", "\u0667"])
def test_anything_but_one_or_two_digits_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match="two digits"):
        normalized_site_id(typed)


def test_a_site_created_as_7_is_site_07(tmp_path: Path) -> None:
    store, _key = SiteStore.init(
        tmp_path / "site",
        site_id=" 7 ",
        site_name="Test Hospital",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
    )
    try:
        assert store.site_id == "07"
    finally:
        store.close()
