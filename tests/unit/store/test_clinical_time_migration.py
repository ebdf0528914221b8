"""The old release's site (tests/data/site-c1c2de3, which recorded no time zone and kept naive
times) migrates: its clinical times get the offset of the computer's zone at the upgrade, which
becomes the site's recorded zone; the conversion is audited by item, old rows are untouched, the
chain verifies and the signatures that held still hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from msc_desktop.store import keys
from msc_desktop.store.engine import open_engine
from msc_desktop.store.keys import Secret
from msc_desktop.store.models import AuditLog, Signature
from msc_desktop.store.services.signatures import record_digest
from msc_desktop.store.site import SiteStore
from tests.accounts import ADMIN
from tests.unit.store.test_release_fixture import FIXTURE_ROWS, copy_fixture

#: The fixture's naive values: the infusion and the AE's awareness on the clinic's wall clock, the
#: randomization time in UTC (2026-12-04 03:58:30 UTC).
CASES = {
    "Asia/Shanghai": {
        "started_at": "2026-11-05T10:00:00+08:00",
        "stopped_at": "2026-11-05T10:40:00+08:00",
        "aware_at": "2026-11-06T09:00:00+08:00",
        "randomized_at": "2026-12-04T11:58:00+08:00",
    },
    # New York: summer time ended on 1 November: -05:00; the randomization was the 3rd there
    "America/New_York": {
        "started_at": "2026-11-05T10:00:00-05:00",
        "stopped_at": "2026-11-05T10:40:00-05:00",
        "aware_at": "2026-11-06T09:00:00-05:00",
        "randomized_at": "2026-12-03T22:58:00-05:00",
    },
}


def _signatures_holding_before(folder: Path) -> set[tuple[str, str]]:
    """(table, meaning) of the signatures matching their record in the old database, unmigrated."""
    keyring = keys.Keyring.load(folder / "keyring.json")
    opened = keyring.open_member(keyring.slot(ADMIN[0]), ADMIN[1])
    assert opened is not None
    engine = open_engine(folder / "site.db", opened[Secret.DATABASE])
    try:
        return _holding(engine)
    finally:
        engine.dispose()


def _holding(engine) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    from sqlalchemy.orm import Session

    from msc_desktop.store.audit import _MODELS  # the audited models by table

    found = set()
    with Session(engine) as session:
        for signature in session.scalars(select(Signature)):
            record = session.get(_MODELS[signature.table_name], signature.record_id)
            if record is not None and signature.record_digest == record_digest(session, record):
                found.add((signature.table_name, signature.meaning))
    return found


@pytest.mark.parametrize("zone", sorted(CASES))
def test_the_old_sites_naive_times_get_the_offset_of_the_zone_it_records(
    tmp_path: Path, computer_zone, zone: str
) -> None:  # type: ignore[no-untyped-def]
    computer_zone(zone)
    folder = copy_fixture(tmp_path / "old-site")
    holding = _signatures_holding_before(folder)
    assert ("infusion", "DOSE_VERIFIED") in holding or ("adverse_event", "AE_CAUSALITY") in holding
    store = SiteStore.unlock(folder, ADMIN[0], ADMIN[1])
    try:
        expected = CASES[zone]
        assert store.get_setting("time_zone") == zone
        with store.engine.connect() as connection:
            got = {
                **dict(
                    connection.execute(text("SELECT started_at, stopped_at FROM infusion"))
                    .mappings()
                    .one()
                ),
                "aware_at": connection.execute(
                    text("SELECT aware_at FROM adverse_event")
                ).scalar_one(),
                "randomized_at": connection.execute(
                    text("SELECT randomized_at FROM participant WHERE randomized_at IS NOT NULL")
                ).scalar_one(),
            }
        assert got == expected
        with store.session() as session:
            rows = list(
                session.scalars(
                    select(AuditLog).where(AuditLog.seq > FIXTURE_ROWS).order_by(AuditLog.seq)
                )
            )
        recorded = [row for row in rows if row.target == "SETTING:time_zone"]
        assert [row.new_value for row in recorded] == [
            f"setting time_zone = {zone} (the computer's time zone at the upgrade)"
        ]
        converted = {
            row.item_oid: (row.old_value, row.new_value, row.user_id)
            for row in rows
            if row.action == "update" and row.item_oid is not None
        }
        assert converted["IT.EX.INFUSION_START"] == (
            "2026-11-05T10:00",
            expected["started_at"],
            "system",
        )
        assert converted["IT.AE.AWARE_AT"] == ("2026-11-06T09:00", expected["aware_at"], "system")
        assert converted["IT.RAND.RANDOMIZED_AT"][1] == expected["randomized_at"]
        assert all(row.reason and zone in row.reason for row in rows if row.action == "update")
        report = store.verify_audit()
        assert report.ok and report.count == FIXTURE_ROWS + len(rows)
        assert _holding(store.engine) == holding  # every signature that held still holds
    finally:
        store.close()


def test_a_second_unlock_converts_nothing_again(tmp_path: Path, computer_zone) -> None:  # type: ignore[no-untyped-def]
    computer_zone("Asia/Shanghai")
    folder = copy_fixture(tmp_path / "old-site")
    SiteStore.unlock(folder, ADMIN[0], ADMIN[1]).close()
    computer_zone("America/New_York")  # the computer moved: the site keeps its zone and its times
    store = SiteStore.unlock(folder, ADMIN[0], ADMIN[1])
    try:
        assert store.get_setting("time_zone") == "Asia/Shanghai"
        with store.engine.connect() as connection:
            assert (
                connection.execute(text("SELECT started_at FROM infusion")).scalar_one()
                == "2026-11-05T10:00:00+08:00"
            )
    finally:
        store.close()
