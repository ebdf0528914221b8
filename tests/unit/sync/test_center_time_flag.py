"""Issue 15 item 13, at the centre: a bundle whose audit times run backwards (a site clock set back,
or rows written by other means) is applied but flagged, in its outcome, its receipt and the
centre's store."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select

from msc_desktop.central.service import Center
from msc_desktop.central.store import CenterTimeFlag
from msc_desktop.store import audit
from msc_desktop.store.audit_chain import (
    FORMAT_ITEMS,
    ITEM_ROW_FIELDS,
    canonical_item_row,
    link_hash,
)
from msc_desktop.store.models import AuditLog
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.bundle import read_bundle
from msc_desktop.sync.packages import open_receipt
from msc_desktop.sync.site import export_bundle

from .sitepath import add_participant, connect

SET_BACK = "2021-05-01T10:00:00.000000Z"


def append_row_dated(store: SiteStore, ts: str) -> int:
    """An audit row written with the raw database key, as a site with its clock set back and an
    app that did not check would have written it (the chain itself is intact)."""
    with store.engine.begin() as connection:
        seq, previous, _ts = connection.exec_driver_sql(audit._LAST_LINK_SQL).one()
        row = dict.fromkeys(ITEM_ROW_FIELDS)
        row.update(
            seq=seq + 1, ts=ts, user_id="nurse", action="event", target="SITE:01", new_value="note"
        )
        digest = hashlib.sha256(canonical_item_row(row)).hexdigest()
        connection.exec_driver_sql(
            "INSERT INTO audit_log (seq, ts, user_id, action, table_name, record_id, field, "
            "old_value,"
            " new_value, reason, site_only, row_format, target, row_digest, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    seq + 1,
                    ts,
                    "nurse",
                    "event",
                    "site",
                    "01",
                    None,
                    None,
                    "note",
                    None,
                    False,
                    FORMAT_ITEMS,
                    "SITE:01",
                    digest,
                    previous,
                    link_hash(previous, digest),
                )
            ],
        )
    return int(seq) + 1


def test_a_bundle_whose_times_run_backwards_is_flagged(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    first = export_bundle(nurse_store, tmp_path)
    assert first is not None
    assert [o.line() for o in center.import_files([first.path])] == [f"{first.path.name}: accepted"]
    with nurse_store.session() as session:
        last_time = session.scalars(select(AuditLog.ts).order_by(AuditLog.seq.desc())).first()
    backwards = append_row_dated(nurse_store, SET_BACK)
    assert nurse_store.verify_audit().ok
    second = export_bundle(nurse_store, tmp_path)
    assert second is not None
    outcome = center.import_files([second.path])[0]
    assert outcome.status == "accepted"
    assert outcome.reason == (
        f"flagged: the audit times run backwards at record {backwards} "
        f"({SET_BACK} after {last_time}); the site's clock may have been set back"
    )
    assert outcome.receipt is not None
    assert open_receipt(outcome.receipt, center.keys.public()).message == outcome.reason
    with center.store.session() as session:
        flags = [
            (f.seq, f.ts, f.previous_ts, f.bundle_sha256)
            for f in session.scalars(select(CenterTimeFlag))
        ]
    assert flags == [(backwards, SET_BACK, last_time, read_bundle(second.path.read_bytes()).sha256)]
    assert center.site_progress()["01"][0] == second.to_seq


def test_times_in_order_are_not_flagged(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    for index in range(2):
        add_participant(nurse_store, index)
        bundle = export_bundle(nurse_store, tmp_path)
        assert bundle is not None
        assert [o.line() for o in center.import_files([bundle.path])] == [
            f"{bundle.path.name}: accepted"
        ]
    with center.store.session() as session:
        assert list(session.scalars(select(CenterTimeFlag))) == []
