"""The whole query loop between a live centre (`msc-central serve`) and a site, in order:
the centre opens two queries and marks the screening visit verified; the site uploads and, in the
same step, fetches its package; the nurse answers one query by correcting the value (voiding the
eligibility signature) and the other with a text; the next upload brings both answers to the
centre; the centre closes one, and the site sees it after its next upload. Needs the centre's side
(`msc_desktop.central.queries`, branch queries-centre): skipped, saying so, until it is merged."""

from __future__ import annotations

from pathlib import Path

import pytest

queries_at_centre = pytest.importorskip(
    "msc_desktop.central.queries",
    reason="CENTRE SIDE NOT MERGED: msc_desktop.central.queries (branch queries-centre) is missing",
)

from msc_desktop.central.service import Center
from msc_desktop.store.services.queries import list_queries
from msc_desktop.store.services.query_answers import answer_query
from msc_desktop.store.services.screening import screening_state
from msc_desktop.store.services.sdv import verified_items, visit_place
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.site_import import import_package_bytes
from msc_desktop.sync.site_upload import upload_pending
from tests.accounts import CENTRE_PASSPHRASE
from tests.e2e.test_central_server import running_server
from tests.unit.sync.sitepath import TODAY, connect, screened_participant


def _upload(nurse: SiteStore, url: str) -> list[str]:
    return [
        str(result.line())
        for result in upload_pending(nurse, url, backoff_s=0.01, fetch_package=True)
    ]


def test_query_round_trip_centre_site_centre(
    site: SiteStore, nurse_store: SiteStore, investigator_store: SiteStore, tmp_path: Path
) -> None:
    center = Center.init(tmp_path / "centre", passphrase=CENTRE_PASSPHRASE)
    try:
        connect(site, center, tmp_path)
        issued = center.site_package(
            "01", 20
        )  # the administrator's first package: lists and settings
    finally:
        center.close()
    assert "allocation lists loaded" in import_package_bytes(site, issued)
    pid = screened_participant(nurse_store, investigator_store, 0)
    albumin = visit_place(nurse_store, pid, "SCR", "screening", "albumin")
    weight = visit_place(nurse_store, pid, "SCR", "screening", "weight")
    version = visit_place(nurse_store, pid, "SCR", "consent", "consent_version")
    with running_server(tmp_path / "centre") as url:
        first = _upload(nurse_store, url)
        assert (
            first[0].endswith(": accepted")
            and first[-1] == "centre package: received: no change to the queries"
        )

        center = Center.open(tmp_path / "centre", passphrase=CENTRE_PASSPHRASE)
        try:
            queries_at_centre.open_query(
                center, "01", albumin, "Albumin 30 g/L: check the lab report.", "dm.li"
            )
            queries_at_centre.open_query(
                center, "01", version, "Which consent version was signed?", "dm.li"
            )
            queries_at_centre.mark_verified(center, "01", "visit", albumin, "mona")
        finally:
            center.close()

        fetched = _upload(nurse_store, url)
        assert fetched[-1] == "centre package: received: 2 new queries, 1 source verification marks"
        assert [(view.number, view.state) for view in list_queries(nurse_store)] == [
            (1, "open"),
            (2, "open"),
        ]
        verified = verified_items(nurse_store, pid)
        assert (albumin.event_oid, albumin.item_oid) in verified and verified[
            (albumin.event_oid, albumin.item_oid)
        ].by == "mona"

        corrected = answer_query(
            nurse_store, 1, "Transcription error.", value="35", unit="g/L", today=TODAY
        )
        assert "is void" in corrected.line()
        assert screening_state(nurse_store, pid).signature is None
        answer_query(nurse_store, 2, "Version 2.1, as in the site file.", today=TODAY)
        after = verified_items(nurse_store, pid)
        assert (albumin.event_oid, albumin.item_oid) not in after  # the correction cleared it
        assert (weight.event_oid, weight.item_oid) in after

        sent = _upload(nurse_store, url)
        assert sent[0].endswith(": accepted")
        center = Center.open(tmp_path / "centre", passphrase=CENTRE_PASSPHRASE)
        try:
            at_centre = {
                query.number: query for query in queries_at_centre.list_queries(center, "01")
            }
            assert {
                number: (query.state, queries_at_centre.answer_text(query))
                for number, query in at_centre.items()
            } == {
                1: ("answered", "Transcription error. (corrected to 35 g/L)"),
                2: ("answered", "Version 2.1, as in the site file."),
            }
            queries_at_centre.close_query(center, "01", 1, "dm.li")
        finally:
            center.close()

        last = _upload(nurse_store, url)
        assert last[-1] == "centre package: received: 1 closed"
    assert [(view.number, view.state) for view in list_queries(nurse_store)] == [
        (1, "closed"),
        (2, "answered"),
    ]
    assert nurse_store.verify_audit().ok
