"""Protocol versions from the centre to the site: `Center.amend`, the signed part in the site
package, verification and inactive storage at the site, activation on a date."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from msc_desktop.central.service import Center
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import PermissionDenied, RuleViolation, SyncError, ValidationError
from msc_desktop.store.models import AuditLog
from msc_desktop.store.protocols import protocol_on
from msc_desktop.store.services.protocol_versions import activate, protocol_versions
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.identity import site_keys
from msc_desktop.sync.keys import KeyPair
from msc_desktop.sync.packages import (
    open_protocol_version,
    open_site_package,
    seal_protocol_version,
    seal_site_package,
)
from msc_desktop.sync.site_import import import_packages
from tests.amendment import NEW_ITEM, NEW_VISIT, amended_declaration

from .sitepath import TODAY, connect

PROTOCOL = load_protocol()


def _amend(center: Center, declaration: dict[str, object]) -> None:
    center.amend(json.dumps(declaration).encode("utf-8"))


def test_the_centre_keeps_an_amendment_and_refuses_one_that_removes_or_is_not_newer(
    center: Center,
) -> None:
    diff = center.amend(json.dumps(amended_declaration()).encode("utf-8"))
    assert (diff.old_version, diff.new_version) == ("1.0", "1.1")
    assert [visit.code for visit in diff.added_visits] == [NEW_VISIT]
    assert center.current_protocol().version == "1.1"
    with pytest.raises(ValidationError, match="not newer than version 1.1"):
        _amend(center, amended_declaration())
    shrunk = amended_declaration()
    shrunk["version"] = "1.2"
    visit_form = next(form for form in shrunk["forms"] if form["id"] == "visit")
    visit_form["fields"] = [field for field in visit_form["fields"] if field["name"] != NEW_ITEM]
    with pytest.raises(ValidationError, match="would remove what data may already use"):
        _amend(center, shrunk)
    with pytest.raises(ValidationError, match="not valid JSON"):
        center.amend(b'{"version": ')
    with pytest.raises(ValidationError, match="protocol definition is invalid"):
        center.amend(b'{"version": "1.3"}')
    assert [protocol.version for protocol in center.protocol_versions()] == ["1.1"]


def test_the_site_package_carries_the_amendment_and_the_site_keeps_it_inactive(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    _amend(center, amended_declaration())
    package = tmp_path / "01.mscp"
    package.write_bytes(center.site_package("01", expected_enrolment=10))
    opened = open_site_package(
        package.read_bytes(), center.keys.public(), site_keys(site), PROTOCOL
    )
    assert [item.protocol.version for item in opened.protocol_versions] == ["1.1"]
    assert opened.protocol_settings["protocol_version"] == "1.1"
    refused = import_packages(nurse_store, [package])[0]
    assert not refused.ok
    result = import_packages(site, [package])[0]
    assert result.ok, result.message
    assert result.message.endswith(
        "new protocol version 1.1 received: review it and set the date it takes effect"
    )
    again = import_packages(site, [package])[0]
    assert again.ok and "new protocol version" not in again.message
    [held] = protocol_versions(site, today=TODAY)
    assert (held.version, held.effective_from, held.in_effect) == ("1.1", None, False)
    assert [(form.form_id, field.name) for form, field in held.changes.added_items] == [
        ("visit", NEW_ITEM)
    ]
    with site.session() as session:
        assert protocol_on(session, TODAY + timedelta(days=3650)).version == "1.0"
        events = session.scalars(select(AuditLog.new_value).where(AuditLog.action == "event")).all()
    assert "protocol version 1.1 received from the centre (inactive)" in events


def test_activation_takes_effect_on_its_date_and_in_version_order(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    _amend(center, amended_declaration())
    later = amended_declaration()
    later["version"] = "1.2"
    _amend(center, later)
    package = tmp_path / "01.mscp"
    package.write_bytes(center.site_package("01", expected_enrolment=10))
    assert import_packages(site, [package])[0].ok
    on = TODAY + timedelta(days=7)
    with pytest.raises(PermissionDenied):
        activate(nurse_store, "1.1", on, today=TODAY)
    with pytest.raises(ValidationError, match="before today"):
        activate(site, "1.1", TODAY - timedelta(days=1), today=TODAY)
    with pytest.raises(ValidationError, match="has not received protocol version 2.0"):
        activate(site, "2.0", on, today=TODAY)
    state = activate(site, "1.1", on, today=TODAY)
    assert (state.effective_from, state.activated_by, state.in_effect) == (on, "admin", False)
    with pytest.raises(RuleViolation, match="versions take effect in their order"):
        activate(site, "1.2", on - timedelta(days=1), today=TODAY)
    activate(site, "1.2", on + timedelta(days=7), today=TODAY)
    with site.session() as session:
        assert protocol_on(session, on - timedelta(days=1)).version == "1.0"
        assert protocol_on(session, on).version == "1.1"
        assert NEW_ITEM in protocol_on(session, on).form("visit").field_names
        assert protocol_on(session, on + timedelta(days=7)).version == "1.2"
    with pytest.raises(RuleViolation, match="in effect since"):
        activate(site, "1.1", on + timedelta(days=1), today=on)
    assert [item.in_effect for item in protocol_versions(site, today=on)] == [True, False]


def test_a_forged_or_misaddressed_protocol_version_is_refused(
    site: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    declaration = amended_declaration()
    signed = base64.b64encode(seal_protocol_version(declaration, "01", center.keys)).decode()
    assert open_protocol_version(signed, center.keys.public(), "01").protocol.version == "1.1"
    with pytest.raises(SyncError, match="issued for another site"):
        open_protocol_version(signed, center.keys.public(), "02")
    impostor = KeyPair.generate("center", "impostor")
    forged = base64.b64encode(seal_protocol_version(declaration, "01", impostor)).decode()
    with pytest.raises(SyncError, match="not made by the pinned coordinating centre"):
        open_protocol_version(forged, center.keys.public(), "01")
    # A package signed by the centre whose amendment removes an item: nothing of it is kept.
    broken = amended_declaration()
    broken["version"] = "1.1"
    visit_form = next(form for form in broken["forms"] if form["id"] == "visit")
    visit_form["fields"] = [field for field in visit_form["fields"] if field["name"] != "afp"]
    package = tmp_path / "bad.mscp"
    package.write_bytes(
        seal_site_package(center.site_identity("01"), [], {}, center.keys, [broken])
    )
    result = import_packages(site, [package])[0]
    assert not result.ok
    assert "protocol version this site cannot take" in result.message
    assert protocol_versions(site, today=TODAY) == []


def test_a_package_from_before_protocol_versions_travelled_is_still_read(
    site: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    assert (
        open_site_package(
            center.site_package("01"), center.keys.public(), site_keys(site), PROTOCOL
        ).protocol_versions
        == ()
    )
