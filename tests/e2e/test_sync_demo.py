"""A realistic site (demo participants entered through the services: screening, randomization,
visits, infusions, AEs, withdrawals) exported in full, imported at the centre and exported pooled:
every ODM document validates with all OIDs defined, no name or phone leaves the site, and the
CSV datasets and CONSORT counts agree with what the site entered."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import select

from msc_desktop.central.export import export_pooled
from msc_desktop.central.service import Center
from msc_desktop.store.demo import generate_demo_data, make_demo_site
from msc_desktop.store.models import Participant, ParticipantIdentity
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.bundle import open_bundle, read_bundle
from msc_desktop.sync.site_export import export_bundle
from tests.accounts import CENTRE_PASSPHRASE
from tests.unit.sync.odmcheck import assert_valid_odm
from tests.unit.sync.sitepath import connect


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_demo_site_round_trip(site: SiteStore, tmp_path: Path) -> None:
    center = Center.init(tmp_path / "centre", passphrase=CENTRE_PASSPHRASE)
    connect(site, center, tmp_path)
    make_demo_site(site)
    summary = generate_demo_data(site, 12, seed=3, today=date(2027, 9, 1))
    with site.session() as session:
        identities = list(session.scalars(select(ParticipantIdentity)))
        participants = {p.subject_id: p for p in session.scalars(select(Participant))}
    usb = tmp_path / "usb"
    usb.mkdir()
    result = export_bundle(site, usb, "full")
    assert result is not None
    contents = open_bundle(
        read_bundle(result.path.read_bytes()), center.site_identity("01"), center.keys
    )
    assert_valid_odm(contents.odm)
    for identity in identities:
        assert identity.full_name.encode() not in contents.odm
        assert all(identity.full_name not in str(row["new_value"]) for row in contents.rows)
        if identity.phone:
            assert all(identity.phone not in str(row["new_value"]) for row in contents.rows)

    assert center.import_files([result.path])[0].status == "accepted"
    (odm_path,) = export_pooled(center, "odm", tmp_path / "pooled")
    assert_valid_odm(odm_path.read_bytes())
    paths = {path.stem: path for path in export_pooled(center, "csv", tmp_path / "pooled")}
    dm = rows(paths["DM"])
    assert sorted(row["SUBJID"] for row in dm) == sorted(participants)
    arms = Counter(row["ARMCD"] for row in dm if row["ARMCD"])
    assert arms == Counter({arm: n for arm, n in summary.randomized.items() if n})
    consort = {row["stage"]: int(row["count"]) for row in rows(paths["CONSORT"])}
    assert consort["screened"] == summary.registered
    assert consort["randomized_MSC"] == summary.randomized["MSC"]
    assert consort["randomized_CONTROL"] == summary.randomized["CONTROL"]
    assert len(rows(paths["EX"])) == summary.infusions
    assert len(rows(paths["AE"])) == summary.adverse_events
    assert sum(row["AESER"] == "Y" for row in rows(paths["AE"])) == summary.serious
    assert rows(paths["LB"]) and rows(paths["VS"])
    assert {row["VISIT"] for row in rows(paths["LB"])} >= {"SCR"}
    not_met = rows(paths["IE"])
    assert not_met and len(not_met) <= summary.screen_failures * 20
    assert {participants[row["USUBJID"].removeprefix("XJMSC0001-")].status for row in not_met} == {
        "screen failed"
    }
    center.close()
