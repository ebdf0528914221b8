"""Edit checks on data entered through the site's services: a soft-range warning the nurse
confirmed travels with the value and raises no query at the centre."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from msc_desktop.central.queries import list_queries
from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterAuditRow
from msc_desktop.store.services.participants import record_consent
from msc_desktop.store.services.screening import save_screening
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.site_export import export_bundle

from .sitepath import CONSENT, SCREENING, TODAY, add_participant, connect


def test_a_confirmed_soft_range_value_raises_no_query(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    pid = add_participant(nurse_store, 0)
    record_consent(nurse_store, pid, CONSENT, today=TODAY)
    save_screening(
        nurse_store, pid, {**SCREENING, "sodium": "118"}, today=TODAY, confirm_warnings=True
    )
    usb = tmp_path / "usb"
    usb.mkdir()
    result = export_bundle(nurse_store, usb, "full")
    assert result is not None
    outcome = center.import_files([result.path])[0]
    assert outcome.status == "accepted", outcome.line()
    assert [query.origin for query in list_queries(center)] == []
    with center.store.session() as session:
        confirmed = session.scalars(
            select(CenterAuditRow.item_oid).where(
                CenterAuditRow.action == "event",
                CenterAuditRow.new_value.like("warning confirmed%"),
            )
        ).all()
    assert confirmed == ["IT.LB.SODIUM"]
