"""Clinical time at the site (DESIGN 7a): the site's recorded zone, clinical times stored, audited
and sent as local time with their offset, system times UTC with Z; the declaration decides which is
which.

Every test runs the computer in one zone (TZ) and the site in another, so a result that follows the
computer's zone instead of the site's fails.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from msc_desktop.domain.clinic_time import clinic_zone, clinical_text, moment_text, use_site_zone
from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import PermissionDenied, ValidationError
from msc_desktop.store import settings
from msc_desktop.store.audit import canonical_value, clinical_columns
from msc_desktop.store.base import ClinicalDateTime
from msc_desktop.store.models import AdverseEvent, AuditLog, Infusion, Participant
from msc_desktop.store.services.adverse_events import adverse_events_of, record_adverse_event
from msc_desktop.store.services.infusions import Credentials, log_infusion, plan_infusion
from msc_desktop.store.site import SiteStore
from msc_desktop.store.users import create_user
from tests.accounts import ADMIN, INVESTIGATOR, NURSE
from tests.factories import TODAY, randomized_participant
from tests.unit.store.test_services_followup import AE, LOG, PLAN

#: (site zone, the computer's zone, the offset of 2026-11-20 in the site's zone)
ZONES = [
    ("Asia/Shanghai", "America/New_York", "+08:00"),
    ("America/New_York", "Asia/Shanghai", "-05:00"),
]


def _site(data_dir: Path, zone: str | None) -> tuple[SiteStore, SiteStore, SiteStore]:
    admin, _key = SiteStore.init(
        data_dir,
        site_id="01",
        site_name="Test Hospital",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
        time_zone=zone,
    )
    create_user(admin, NURSE[0], NURSE[2], "nurse", NURSE[1])
    create_user(admin, INVESTIGATOR[0], INVESTIGATOR[2], "investigator", INVESTIGATOR[1])
    return (
        admin,
        SiteStore.unlock(data_dir, *NURSE[:2]),
        SiteStore.unlock(data_dir, *INVESTIGATOR[:2]),
    )


def _clinical_rows(store: SiteStore, after: int = 0) -> list[AuditLog]:
    oids = {
        item.oid
        for form in ItemCatalogue(load_protocol()).forms
        for item in form.items
        if item.data_type == "datetime"
    }
    with store.session() as session:
        return list(
            session.scalars(
                select(AuditLog)
                .where(AuditLog.seq > after, AuditLog.item_oid.in_(oids))
                .order_by(AuditLog.seq)
            )
        )


@pytest.mark.parametrize(("site_zone", "computer", "offset"), ZONES)
def test_clinical_times_are_stored_audited_and_shown_with_the_site_zones_offset(
    data_dir: Path, computer_zone, site_zone: str, computer: str, offset: str
) -> None:  # type: ignore[no-untyped-def]
    computer_zone(computer)
    admin, nurse, investigator = _site(data_dir, site_zone)
    assert admin.get_setting("time_zone") == site_zone and str(clinic_zone()) == site_zone
    pid = randomized_participant(nurse, investigator, admin, arm="MSC")
    plan_infusion(nurse, pid, PLAN, today=TODAY)
    log_infusion(
        nurse,
        pid,
        "W0",
        LOG,
        preparer_password=NURSE[1],
        verifier=Credentials(INVESTIGATOR[0], INVESTIGATOR[1]),
        today=TODAY,
    )
    record_adverse_event(nurse, pid, AE, today=TODAY)
    with admin.engine.connect() as connection:  # what the database holds
        stored = connection.execute(text("SELECT started_at, stopped_at FROM infusion")).one()
        aware = connection.execute(text("SELECT aware_at FROM adverse_event")).scalar_one()
        randomized = connection.execute(text("SELECT randomized_at FROM participant")).scalar_one()
    assert tuple(stored) == (f"2026-11-20T10:00:00{offset}", f"2026-11-20T10:40:00{offset}")
    assert aware == f"2026-11-20T12:00:00{offset}"
    assert randomized == f"2026-11-20T00:00:00{offset}"  # the randomization day on the site's clock
    rows = {row.item_oid: row.new_value for row in _clinical_rows(admin)}
    assert rows["IT.EX.INFUSION_START"] == f"2026-11-20T10:00:00{offset}"
    assert rows["IT.AE.AWARE_AT"] == f"2026-11-20T12:00:00{offset}"
    assert rows["IT.RAND.RANDOMIZED_AT"] == f"2026-11-20T00:00:00{offset}"
    assert not any(row.new_value.endswith("Z") for row in _clinical_rows(admin))
    [view] = adverse_events_of(nurse, pid)
    assert moment_text(view.aware_at) == f"2026-11-20 12:00 UTC{offset}"
    for store in (nurse, investigator, admin):
        store.close()


@pytest.mark.parametrize(("site_zone", "computer", "offset"), ZONES)
def test_a_future_time_is_refused_against_the_sites_clock(
    data_dir: Path, computer_zone, site_zone: str, computer: str, offset: str
) -> None:  # type: ignore[no-untyped-def]
    computer_zone(computer)
    admin, nurse, investigator = _site(data_dir, site_zone)
    pid = randomized_participant(nurse, investigator, admin, arm="MSC")
    site_now = datetime.now(clinic_zone()).replace(tzinfo=None)
    soon = (site_now + timedelta(minutes=5)).isoformat(timespec="minutes")
    with pytest.raises(ValidationError, match="cannot be in the future"):
        record_adverse_event(
            nurse,
            pid,
            {**AE, "onset_date": site_now.date().isoformat(), "aware_at": soon},
            today=site_now.date(),
        )
    earlier = (site_now - timedelta(minutes=5)).isoformat(timespec="minutes")
    record_adverse_event(
        nurse,
        pid,
        {
            **AE,
            "onset_date": (site_now - timedelta(minutes=5)).date().isoformat(),
            "aware_at": earlier,
        },
        today=site_now.date(),
    )
    for store in (nurse, investigator, admin):
        store.close()


def test_a_time_the_clock_skipped_is_refused(
    data_dir: Path, site: SiteStore, nurse_store: SiteStore, investigator_store: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    use_site_zone("America/New_York")  # 2026-03-08 02:00 -> 03:00
    with pytest.raises(ValidationError, match="does not exist in the time zone America/New_York"):
        record_adverse_event(nurse_store, pid, {**AE, "aware_at": "2026-03-08T02:30"}, today=TODAY)


def test_the_site_records_its_zone_and_an_administrator_changes_it_audited_without_rewriting_times(
    data_dir: Path, computer_zone
) -> None:  # type: ignore[no-untyped-def]
    computer_zone("Asia/Shanghai")
    admin, nurse, investigator = _site(data_dir, None)  # default: the computer's zone
    assert admin.get_setting("time_zone") == "Asia/Shanghai"
    assert settings.site_value(admin, "time_zone") == "Asia/Shanghai"
    pid = randomized_participant(nurse, investigator, admin, arm="MSC")
    record_adverse_event(nurse, pid, AE, today=TODAY)
    with pytest.raises(ValidationError, match="not a time zone name"):
        settings.change(admin, "time_zone", "Mars/Olympus")
    with pytest.raises(PermissionDenied):
        settings.change(nurse, "time_zone", "Europe/Berlin")
    settings.change(admin, "time_zone", "Europe/Berlin")
    assert str(clinic_zone()) == "Europe/Berlin"
    with admin.session() as session:
        assert session.scalars(select(AdverseEvent.aware_at)).one() == datetime.fromisoformat(
            "2026-11-20T12:00:00+08:00"
        )
        event = session.scalars(
            select(AuditLog)
            .where(AuditLog.target == "SETTING:time_zone")
            .order_by(AuditLog.seq.desc())
        ).first()
    assert event is not None and (event.old_value, event.new_value) == (
        "Asia/Shanghai",
        "setting time_zone = Europe/Berlin",
    )
    record_adverse_event(nurse, pid, {**AE, "term": "Headache"}, today=TODAY)
    with admin.engine.connect() as connection:
        assert connection.execute(
            text("SELECT aware_at FROM adverse_event ORDER BY ae_number")
        ).scalars().all() == ["2026-11-20T12:00:00+08:00", "2026-11-20T12:00:00+01:00"]
    for store in (nurse, investigator, admin):
        store.close()


def test_a_bad_zone_at_set_up_is_one_sentence_and_creates_nothing(data_dir: Path) -> None:
    with pytest.raises(ValidationError, match="not a time zone name such as Asia/Shanghai"):
        SiteStore.init(
            data_dir,
            site_id="01",
            site_name="Test Hospital",
            admin_user=ADMIN[0],
            admin_password=ADMIN[1],
            admin_full_name=ADMIN[2],
            time_zone="UTC+8",
        )
    assert not data_dir.exists() or not any(data_dir.iterdir())


def test_the_declaration_decides_which_columns_hold_clinical_times() -> None:
    declared = {
        (item.form_id, item.name)
        for form in ItemCatalogue(load_protocol()).forms
        for item in form.items
        if item.data_type == "datetime"
    }
    assert len(declared) == 6
    typed = {
        (column.table.name, column.name)
        for table in Participant.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, ClinicalDateTime)
    }
    assert (
        clinical_columns()
        == typed
        == {
            ("participant", "randomized_at"),
            ("infusion", "started_at"),
            ("infusion", "stopped_at"),
            ("adverse_event", "aware_at"),
            ("adverse_event", "reported_at"),
            ("protocol_deviation", "recorded_at"),
        }
    )


def test_system_times_are_utc_with_z_and_clinical_ones_never() -> None:
    use_site_zone("Asia/Shanghai")
    moment = datetime(2026, 5, 4, 11, 0, tzinfo=clinic_zone())
    assert canonical_value(moment, clinical=True) == "2026-05-04T11:00:00+08:00"
    assert canonical_value(moment) == "2026-05-04T03:00:00.000000Z"
    assert (
        canonical_value(datetime(2026, 5, 4, 3, 0)) == "2026-05-04T03:00:00.000000Z"
    )  # naive system time: UTC
    use_site_zone("Etc/UTC")
    assert clinical_text(datetime(2026, 5, 4, 11, 0)) == "2026-05-04T11:00:00+00:00"
    with pytest.raises(TypeError):
        Infusion.__table__.c.started_at.type.process_bind_param(datetime(2026, 5, 4, 11, 0), None)
