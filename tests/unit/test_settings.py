"""Settings schema: defaults, validation, who may change what, where each value is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from msc_desktop.errors import PermissionDenied, ValidationError
from msc_desktop.store import settings
from msc_desktop.store.models import AuditLog
from msc_desktop.store.site import SiteStore


def test_every_setting_has_a_valid_default() -> None:
    for spec in settings.SETTINGS:
        assert spec.parse(spec.default) == spec.default, spec.name


def test_the_schema_names_each_required_setting() -> None:
    assert {s.name for s in settings.SETTINGS} == {
        "language",
        "idle_timeout_minutes",
        "paper_size",
        "backup_folder",
        "backup_schedule",
        "backup_keep",
        "center_upload_url",
        "time_zone",
        "printer",
    }
    assert [s.name for s in settings.SETTINGS if not s.admin_only] == ["language", "printer"]


@pytest.mark.parametrize(
    ("name", "text", "stored"),
    [
        ("idle_timeout_minutes", " 15 ", "15"),
        ("idle_timeout_minutes", "060", "60"),
        ("backup_keep", "1", "1"),
        ("paper_size", "letter", "letter"),
        ("backup_schedule", "weekly", "weekly"),
        ("language", "zh", "zh"),
        ("backup_folder", "/media/usb/backups", "/media/usb/backups"),
        ("backup_folder", "", ""),
        (
            "center_upload_url",
            "https://centre.example.org:8443/",
            "https://centre.example.org:8443",
        ),
        ("center_upload_url", "", ""),
        ("printer", " CUPS-PDF ", "CUPS-PDF"),
        ("printer", "", ""),
    ],
)
def test_valid_values_are_stored_in_canonical_form(name: str, text: str, stored: str) -> None:
    assert settings.spec(name).parse(text) == stored


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("idle_timeout_minutes", "0", "from 1 to 60 minutes"),
        ("idle_timeout_minutes", "61", "from 1 to 60 minutes"),
        ("idle_timeout_minutes", "ten", "whole number"),
        ("idle_timeout_minutes", "-5", "whole number"),
        ("backup_keep", "101", "from 1 to 100 backups"),
        ("paper_size", "A3", "one of: a4, letter"),
        ("language", "fr", "one of: en, zh"),
        ("backup_schedule", "hourly", "one of: off, daily, weekly"),
        ("backup_folder", "relative/folder", "full path"),
        ("center_upload_url", "ftp://centre.example.org", "https://"),
        ("center_upload_url", "https://", "https://"),
        ("printer", "my printer", "without spaces"),
        ("printer", "office/2", "without spaces"),
        ("printer", "x" * 128, "at most 127"),
    ],
)
def test_invalid_values_are_refused_with_one_sentence(name: str, text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        settings.spec(name).parse(text)
    assert str(refused.value).endswith(".") and "\n" not in str(refused.value)


def test_an_unknown_setting_is_refused() -> None:
    with pytest.raises(ValidationError, match="no setting called 'colour'"):
        settings.spec("colour")


def test_site_settings_default_until_changed_and_the_change_is_audited(site: SiteStore) -> None:
    assert settings.site_value(site, "paper_size") == "a4"
    assert settings.site_value(site, "backup_keep") == "10"
    assert settings.change(site, "paper_size", "letter") == "letter"
    assert settings.site_value(site, "paper_size") == "letter"
    with site.session() as session:
        events = session.scalars(
            select(AuditLog.new_value).where(AuditLog.record_id == "paper_size")
        ).all()
    assert events == ["setting paper_size = letter"]


def test_changing_the_idle_lock_applies_at_once(site: SiteStore) -> None:
    settings.change(site, "idle_timeout_minutes", "3")
    assert site.idle_timeout_s == 180
    assert settings.site_value(site, "idle_timeout_minutes") == "3"


def test_a_nurse_may_change_the_language_but_not_site_settings(nurse_store: SiteStore) -> None:
    for name in ("idle_timeout_minutes", "paper_size", "backup_folder", "center_upload_url"):
        assert not settings.may_change(nurse_store.user.role, name)
        with pytest.raises(PermissionDenied, match="site administrator"):
            settings.change(nurse_store, name, settings.spec(name).default)
    assert settings.change(nurse_store, "language", "zh") == "zh"
    assert settings.site_value(nurse_store, "language") == "zh"


def test_a_stored_value_that_no_longer_parses_falls_back_to_the_default(site: SiteStore) -> None:
    site.set_setting("backup_keep", "many")
    assert settings.site_value(site, "backup_keep") == "10"


def test_the_language_is_kept_outside_the_database_and_read_before_sign_in(tmp_path: Path) -> None:
    folder = tmp_path / "not-yet-a-site"
    assert settings.read_preferences(folder) == {"language": "en", "printer": ""}
    settings.write_preference(folder, "language", "zh")
    assert settings.read_preferences(folder) == {"language": "zh", "printer": ""}
    assert json.loads((folder / settings.PREFERENCES_FILE).read_text()) == {
        "language": "zh",
        "printer": "",
    }


def test_site_settings_cannot_go_into_the_preferences_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="site setting"):
        settings.write_preference(tmp_path, "paper_size", "letter")


@pytest.mark.parametrize(
    "content", ["{not json", '["zh"]', '{"language": "fr"}', '{"language": 7}']
)
def test_a_damaged_preferences_file_gives_defaults(tmp_path: Path, content: str) -> None:
    (tmp_path / settings.PREFERENCES_FILE).write_text(content)
    assert settings.read_preferences(tmp_path) == {"language": "en", "printer": ""}


def test_backup_folder_defaults_to_the_data_folder(site: SiteStore, tmp_path: Path) -> None:
    assert settings.backup_folder(site) == site.data_dir / "backups"
    settings.change(site, "backup_folder", str(tmp_path / "usb"))
    assert settings.backup_folder(site) == tmp_path / "usb"
