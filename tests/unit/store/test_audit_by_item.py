"""The audit trail by item (issue 13 item 2): one row per item change, named by the protocol's OIDs
with its unit before and after, under the protocol version it was entered in; events name a
neutral target; no row's content names a site table or column."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from msc_desktop.domain.items import metadata_version_oid
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.store.audit_chain import FORMAT_ITEMS, ITEM_ROW_FIELDS, canonical_item_row
from msc_desktop.store.base import Base
from msc_desktop.store.models import AuditLog, ProtocolDeviation
from msc_desktop.store.services.adverse_events import record_adverse_event, update_adverse_event
from msc_desktop.store.services.infusion_log import Credentials, log_infusion
from msc_desktop.store.services.infusions import plan_infusion
from msc_desktop.store.services.screening import save_screening
from msc_desktop.store.services.visits import save_visit
from msc_desktop.store.site import SiteStore
from tests.accounts import INVESTIGATOR, NURSE
from tests.factories import ELIGIBLE_SCREENING, TODAY, randomized_participant
from tests.unit.store.test_services_followup import AE, LOG, PLAN

W4 = {
    "visit_code": "W4",
    "visit_date": (TODAY + timedelta(days=28)).isoformat(),
    "weight": "60.5",
    "bilirubin": {"value": "30.8", "unit": "umol/L"},
    "albumin": {"value": "34", "unit": "g/L"},
    "inr": "1.5",
    "creatinine": {"value": "1.0", "unit": "mg/dL"},
    "sodium": "137",
    "ascites": "absent",
    "encephalopathy_grade": "0",
    "dialysis": "N",
    "variceal_bleeding": "N",
}


def _rows_after(store: SiteStore, seq: int) -> list[AuditLog]:
    with store.session() as session:
        return list(
            session.scalars(select(AuditLog).where(AuditLog.seq > seq).order_by(AuditLog.seq))
        )


def _head(store: SiteStore) -> int:
    with store.session() as session:
        return int(session.scalar(select(AuditLog.seq).order_by(AuditLog.seq.desc()).limit(1)) or 0)


def test_a_visit_writes_one_row_per_item_with_its_unit(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="CONTROL")
    before = _head(nurse_store)
    save_visit(nurse_store, pid, W4, today=TODAY + timedelta(days=28))
    rows = _rows_after(nurse_store, before)
    assert len(rows) == len(W4)  # one per item entered: no link, bookkeeping or standard-value rows
    assert {
        (
            row.row_format,
            row.action,
            row.subject_key,
            row.event_oid,
            row.form_oid,
            row.group_oid,
            row.repeat_key,
            row.mdv_oid,
        )
        for row in rows
    } == {
        (
            2,
            "insert",
            "01-0001",
            "SE.W4",
            "F.VISIT",
            "IG.VISIT",
            None,
            metadata_version_oid(load_protocol()),
        )
    }
    by_item = {row.item_oid: (row.new_value, row.new_unit) for row in rows}
    assert by_item["IT.LB.BILI"] == ("30.8", "umol/L") and by_item["IT.LB.ALB"] == ("34", "g/L")
    assert by_item["IT.VS.WEIGHT"] == ("60.5", "kg") and by_item["IT.XC.ASCITES"] == (
        "absent",
        None,
    )

    before = _head(nurse_store)
    corrected = {**W4, "bilirubin": {"value": "1.8", "unit": "mg/dL"}}
    save_visit(nurse_store, pid, corrected, today=TODAY + timedelta(days=28), reason="unit misread")
    [row] = _rows_after(nurse_store, before)  # a lab value with its unit is one row
    assert (
        row.action,
        row.item_oid,
        row.old_value,
        row.old_unit,
        row.new_value,
        row.new_unit,
        row.reason,
    ) == ("update", "IT.LB.BILI", "30.8", "umol/L", "1.8", "mg/dL", "unit misread")


def test_no_row_content_names_a_site_table_or_column(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    plan_infusion(nurse_store, pid, PLAN, today=TODAY)
    log_infusion(
        nurse_store,
        pid,
        "W0",
        LOG,
        preparer_password=NURSE[1],
        verifier=Credentials(INVESTIGATOR[0], INVESTIGATOR[1]),
        today=TODAY,
    )
    record_adverse_event(nurse_store, pid, AE, today=TODAY)
    rows = _rows_after(nurse_store, 0)
    item_rows = [row for row in rows if row.row_format == FORMAT_ITEMS]
    assert item_rows and all(row.row_format == FORMAT_ITEMS for row in rows)
    items = {field.name for form in load_protocol().all_forms for field in form.items}
    site_names = (
        {table.name for table in Base.metadata.tables.values()}
        | {column.name for table in Base.metadata.tables.values() for column in table.columns}
    ) - items
    for row in item_rows:
        content = json.loads(
            canonical_item_row({name: getattr(row, name) for name in ITEM_ROW_FIELDS})
        )
        texts = {text for text in content if isinstance(text, str)}
        assert not texts & site_names, (row.seq, texts & site_names)


def test_repeating_groups_carry_their_repeat_key_and_events_a_neutral_target(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    record_adverse_event(nurse_store, pid, AE, today=TODAY)
    record_adverse_event(nurse_store, pid, {**AE, "term": "Headache"}, today=TODAY)
    before = _head(nurse_store)
    update_adverse_event(
        nurse_store,
        pid,
        2,
        {**AE, "term": "Headache", "serious_hospitalisation": "Y", "grade": "3"},
        today=TODAY,
        reason="admitted",
    )
    rows = [row for row in _rows_after(nurse_store, before) if row.action == "update"]
    assert {(row.item_oid, row.old_value, row.new_value) for row in rows} == {
        ("IT.AE.GRADE", "2", "3"),
        ("IT.AE.SERIOUS", "N", "Y"),
        ("IT.AE.SERIOUS_HOSPITALISATION", "N", "Y"),
    }
    assert {(row.event_oid, row.form_oid, row.group_oid, row.repeat_key) for row in rows} == {
        ("SE.COMMON", "F.ADVERSE_EVENT", "IG.ADVERSE_EVENT", "2")
    }
    with nurse_store.session() as session:
        events = session.scalars(select(AuditLog).where(AuditLog.action == "event")).all()
    targets = {row.target for row in events}
    assert {"SITE:01", f"USER:{NURSE[0]}", "SUBJECT:01-0001"} <= targets
    signed_in = [row for row in events if row.new_value == "signed in"]
    assert signed_in and all(row.subject_key is None and row.form_oid is None for row in signed_in)
    allocation = [row for row in events if row.target and row.target.startswith("ALLOCATION_LIST:")]
    assert allocation and all(row.item_oid is None for row in allocation)


def test_confirmed_warnings_point_at_their_item(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="CONTROL")
    before = _head(nurse_store)
    save_screening(
        nurse_store,
        pid,
        {**ELIGIBLE_SCREENING, "sodium": "118"},
        today=TODAY,
        reason="re-run",
        confirm_warnings=True,
    )
    warnings = [
        row
        for row in _rows_after(nurse_store, before)
        if row.action == "event" and (row.new_value or "").startswith("warning confirmed")
    ]
    assert warnings and {(row.form_oid, row.item_oid) for row in warnings} == {
        ("F.SCREENING", "IT.LB.SODIUM")
    }


def test_deviations_are_numbered_per_participant(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="CONTROL")
    late = TODAY + timedelta(days=60)
    save_visit(
        nurse_store,
        pid,
        {**W4, "visit_date": late.isoformat()},
        today=late,
        deviation_reason="away",
    )
    save_visit(
        nurse_store,
        pid,
        {**W4, "visit_code": "W8", "visit_date": (late + timedelta(days=40)).isoformat()},
        today=late + timedelta(days=40),
        deviation_reason="away again",
    )
    with nurse_store.session() as session:
        numbers = list(
            session.scalars(
                select(ProtocolDeviation.deviation_number).order_by(
                    ProtocolDeviation.deviation_number
                )
            )
        )
        keys = set(
            session.scalars(select(AuditLog.repeat_key).where(AuditLog.form_oid == "F.DEVIATION"))
        )
    assert numbers == [1, 2] and keys == {"1", "2"}
