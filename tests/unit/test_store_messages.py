"""The store's and sync's sentences render in Chinese from the shipped catalogue, English unchanged.

No Qt: the core catalogue's "Messages" context is read from the .ts with ElementTree, as
`msc_desktop.translations.localized` finds it for the GUI, the sheets and the web pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from msc_desktop.errors import (
    AuthenticationError,
    MscError,
    PermissionDenied,
    StoreError,
    SyncError,
    ValidationError,
)
from msc_desktop.store import backups, settings
from msc_desktop.store.roles import Action, require
from msc_desktop.store.site import SiteStore
from msc_desktop.store.users import create_user
from msc_desktop.sync.envelope import BUNDLE_MAGIC, parse
from msc_desktop.sync.site_import import import_packages
from tests.accounts import ADMIN, NURSE
from tests.catalogue import translate


def chinese(error: MscError) -> str:
    return error.message.render("zh", translate)


def test_a_wrong_sign_in_is_refused_in_chinese(site: SiteStore, data_dir: Path) -> None:
    with pytest.raises(AuthenticationError) as refused:
        SiteStore.unlock(data_dir, ADMIN[0], "Not-the-password-1")
    assert str(refused.value) == "Wrong user name or password."
    assert chinese(refused.value) == "\u7528\u6237\u540d\u6216\u5bc6\u7801\u9519\u8bef\u3002"


def test_a_role_refusal_names_the_roles_and_the_action_in_chinese(nurse_store: SiteStore) -> None:
    with pytest.raises(PermissionDenied) as refused:
        create_user(nurse_store, "nurse3", "Third Nurse", "nurse", "Another-pass-2026")
    assert str(refused.value) == "Only a site administrator may manage users."
    assert (
        chinese(refused.value)
        == "\u53ea\u6709\u4e2d\u5fc3\u7ba1\u7406\u5458\u53ef\u4ee5\u7ba1\u7406\u7528\u6237\u3002"
    )


def test_a_refusal_naming_two_roles_keeps_its_english_and_joins_them_in_chinese() -> None:
    with pytest.raises(PermissionDenied) as refused:
        require("admin", Action.ENTER_DATA)
    assert (
        str(refused.value)
        == "Only an investigator or research nurse may enter or change clinical data."
    )
    assert chinese(refused.value) == (
        "\u53ea\u6709\u7814\u7a76\u8005\u6216\u7814\u7a76\u62a4\u58eb"
        "\u53ef\u4ee5\u5f55\u5165\u6216\u4fee\u6539\u4e34\u5e8a\u6570\u636e\u3002"
    )


def test_a_damaged_backup_is_refused_in_chinese_with_its_file_name(tmp_path: Path) -> None:
    damaged = tmp_path / "msc-site01-20261129T031500Z.mscbak"
    damaged.write_bytes(b"not a zip archive at all")
    with pytest.raises(StoreError) as refused:
        backups.check_backup(damaged, ADMIN[0], ADMIN[1])
    assert str(refused.value) == (
        f"The backup file {damaged.name} is damaged or is not an MSC Desktop backup; nothing "
        "was changed."
    )
    assert chinese(refused.value) == (
        f"\u5907\u4efd\u6587\u4ef6 {damaged.name} \u5df2\u635f\u574f\u6216\u4e0d\u662f MSC Desktop "
        "\u5907\u4efd\uff1b\u672a\u505a\u4efb\u4f55\u66f4\u6539\u3002"
    )


def test_a_sync_error_names_the_kind_of_file_in_chinese() -> None:
    with pytest.raises(SyncError) as refused:
        parse(b"", BUNDLE_MAGIC)
    assert str(refused.value) == "The bundle file is empty."
    assert chinese(refused.value) == "\u6570\u636e\u5305\u6587\u4ef6\u4e3a\u7a7a\u3002"


def test_a_refused_centre_file_is_listed_in_chinese(site: SiteStore, tmp_path: Path) -> None:
    garbage = tmp_path / "receipt.mscp"
    garbage.write_bytes(b"x" * 200)
    [result] = import_packages(site, [garbage])
    assert not result.ok
    line = result.line()
    assert line == "receipt.mscp: refused: This file is not an MSC centre package."
    assert line.render("zh", translate) == (
        "receipt.mscp\uff1a\u5df2\u62d2\u7edd\uff1a\u6b64\u6587\u4ef6\u4e0d\u662f MSC "
        "\u534f\u8c03\u4e2d\u5fc3\u6570\u636e\u5305\u3002"
    )


def test_the_lock_out_and_setting_sentences_render_with_their_values(
    site: SiteStore, data_dir: Path
) -> None:
    with pytest.raises(ValidationError) as refused:
        settings.change(site, "backup_keep", "0")
    assert str(refused.value) == "The backup keep must be a whole number from 1 to 100 backups."
    assert chinese(refused.value) == (
        "\u4fdd\u7559\u5907\u4efd\u6570\u5fc5\u987b\u662f 1 \u5230 100 "
        "\u4e2a\u5907\u4efd\u4e4b\u95f4\u7684\u6574\u6570\u3002"
    )
    create_user(site, "nurse4", "Fourth Nurse", "nurse", NURSE[1])
    for _attempt in range(5):
        with pytest.raises(AuthenticationError):
            SiteStore.unlock(data_dir, "nurse4", "Wrong-password-1")
    with pytest.raises(AuthenticationError) as locked:
        SiteStore.unlock(data_dir, "nurse4", NURSE[1])
    assert (
        str(locked.value)
        == "This account is locked after repeated failed sign-ins; try again in 1 minute."
    )
    assert chinese(locked.value) == (
        "\u591a\u6b21\u767b\u5f55\u5931\u8d25\u540e\u6b64\u8d26\u6237\u5df2\u88ab\u9501\u5b9a\uff1b"
        "\u8bf7\u5728 1 \u5206\u949f\u540e\u91cd\u8bd5\u3002"
    )
