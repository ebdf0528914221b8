"""The clinical ODM payload: rendered by OID, read back exactly, hostile documents refused."""

from __future__ import annotations

import dataclasses

import pytest
from lxml import etree

from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import SyncError
from msc_desktop.sync.odm_clinical import ClinicalContext, ClinicalSignature, ItemChange
from msc_desktop.sync.odm_clinical_reader import parse_document
from msc_desktop.sync.odm_clinical_writer import render_clinical
from tests.unit.sync.odmcheck import assert_valid_odm

CATALOGUE = ItemCatalogue(load_protocol())
MDV = CATALOGUE.metadata_version_oid
CONTEXT = ClinicalContext(
    file_oid="F.01.1-9",
    created="2026-11-20T01:30:00.000000Z",
    site_id="01",
    site_name="Xi'an & <North>",
    users={"nurse": "Li Na"},
)


def change(
    seq: int,
    item: str,
    value: str | None,
    unit: str | None = None,
    *,
    form: str = "F.VISIT",
    group: str = "IG.VISIT",
    event: str = "SE.W4",
    repeat: str = "",
    action: str = "update",
    reason: str | None = None,
    user: str = "nurse",
) -> ItemChange:
    return ItemChange(
        seq=seq,
        ts=f"2026-11-20T01:30:{seq % 60:02d}.000000Z",
        user_id=user,
        action=action,
        subject_key="01-0001",
        event_oid=event,
        form_oid=form,
        group_oid=group,
        repeat_key=repeat,
        item_oid=item,
        value=value,
        unit=unit,
        reason=reason,
        mdv_oid=MDV,
    )


CHANGES = [
    change(3, "IT.LB.BILI", "34.2", "umol/L", action="insert"),
    change(4, "IT.LB.BILI", "2.05", "mg/dL", reason="lab re-reported in conventional units"),
    change(5, "IT.VS.WEIGHT", None, None),
    change(
        7,
        "IT.AE.TERM",
        'Nausea "mild" & <vomiting>\tx',
        form="F.ADVERSE_EVENT",
        group="IG.ADVERSE_EVENT",
        event="SE.COMMON",
        repeat="2",
        action="insert",
        user="dr.wang",
    ),
    change(
        8,
        "IT.AE.TERM",
        None,
        form="F.ADVERSE_EVENT",
        group="IG.ADVERSE_EVENT",
        event="SE.COMMON",
        repeat="2",
        action="delete",
        reason="entered for the wrong participant",
        user="Zhang Wei",
    ),
    change(
        9,
        "IT.DM.SEX",
        "F",
        form="F.REGISTRATION",
        group="IG.REGISTRATION",
        event="SE.SCR",
        action="insert",
    ),
]
SIGNATURE = ClinicalSignature(
    subject_key="01-0001",
    event_oid="SE.COMMON",
    form_oid="F.ADVERSE_EVENT",
    group_oid="IG.ADVERSE_EVENT",
    repeat_key="2",
    user_id="dr.wang",
    meaning="AE reviewed",
    signed_at="2026-11-20T02:00:00.000000Z",
    mdv_oid=MDV,
)


def test_changes_and_signatures_round_trip_exactly() -> None:
    xml = render_clinical(CONTEXT, [CATALOGUE], CHANGES, [SIGNATURE])
    document = parse_document(xml, max_changes=100)
    assert document.changes == sorted(CHANGES, key=lambda entry: entry.seq)
    assert document.signatures == [SIGNATURE]
    assert document.metadata_versions == (MDV,)


def test_the_document_is_valid_odm_with_an_audit_record_per_change() -> None:
    xml = render_clinical(CONTEXT, [CATALOGUE], CHANGES, [SIGNATURE])
    assert_valid_odm(xml)
    tree = etree.fromstring(xml)
    ns = {"odm": "http://www.cdisc.org/ns/odm/v1.3"}
    sources = tree.xpath("//odm:ItemData/odm:AuditRecord/odm:SourceID/text()", namespaces=ns)
    assert sources == ["7", "8", "9", "3", "4", "5"]  # by subject, event, form, then audit order
    bili = tree.xpath("//odm:ItemData[@ItemOID='IT.LB.BILI']", namespaces=ns)
    assert [item.get("Value") for item in bili] == ["34.2", "2.05"]
    units = [item.find("odm:MeasurementUnitRef", ns).get("MeasurementUnitOID") for item in bili]
    assert units == ["MU.UMOL_L", "MU.MG_DL"]
    removed = tree.xpath("//odm:ItemData[@TransactionType='Remove']", namespaces=ns)
    assert len(removed) == 1 and removed[0].get("Value") is None


def test_site_only_items_are_never_written() -> None:
    secret = change(
        10, "IT.DM.INITIALS", "ZXQ", form="F.REGISTRATION", group="IG.REGISTRATION", event="SE.SCR"
    )
    xml = render_clinical(CONTEXT, [CATALOGUE], [*CHANGES, secret])
    assert b"ZXQ" not in xml and b"IT.DM.INITIALS" not in xml
    assert parse_document(xml, max_changes=100).changes == sorted(CHANGES, key=lambda c: c.seq)


def test_a_change_its_protocol_does_not_declare_is_refused() -> None:
    with pytest.raises(SyncError, match="names IG.VISIT IT.NOPE, which protocol version"):
        render_clinical(CONTEXT, [CATALOGUE], [change(1, "IT.NOPE", "1")])
    with pytest.raises(SyncError, match="names IT.LB.BILI furlongs"):
        render_clinical(CONTEXT, [CATALOGUE], [change(1, "IT.LB.BILI", "1", "furlongs")])
    with pytest.raises(SyncError, match="names MDV.X"):
        render_clinical(CONTEXT, [CATALOGUE], [dataclasses.replace(CHANGES[0], mdv_oid="MDV.X")])


GOOD = render_clinical(CONTEXT, [CATALOGUE], CHANGES, [SIGNATURE])


def refused(data: bytes, max_changes: int = 100) -> str:
    with pytest.raises(SyncError) as caught:
        parse_document(data, max_changes=max_changes)
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message
    return message


def test_an_entity_bomb_and_a_doctype_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE ODM [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(f'<!ENTITY a{i} "{"&a;" * 10}">'.encode() for i in range(1, 9))
        + b"]>\n"
        + GOOD.split(b"\n", 1)[1].replace(b'Value="2.05"', b'Value="&a8;"')
    )
    assert "document type declaration" in refused(bomb)
    external = GOOD.replace(b"?>\n", b'?>\n<!DOCTYPE ODM SYSTEM "file:///etc/passwd">\n', 1)
    assert "document type declaration" in refused(external)


def test_foreign_or_misplaced_elements_and_attributes_are_refused() -> None:
    assert "where it may not be" in refused(
        GOOD.replace(b"<SourceID>3</SourceID>", b"<SourceID>3</SourceID><Script/>")
    )
    assert "where it may not be" in refused(
        GOOD.replace(
            b'<ItemGroupData ItemGroupOID="IG.VISIT">',
            b'<ItemGroupData ItemGroupOID="IG.VISIT"><ItemGroupData ItemGroupOID="IG.VISIT"/>',
        )
    )
    assert "unknown attributes" in refused(
        GOOD.replace(b'ItemOID="IT.DM.SEX"', b'ItemOID="IT.DM.SEX" onload="x"')
    )
    assert "not ODM" in refused(
        GOOD.replace(b"<SourceID>3</SourceID>", b'<SourceID>3</SourceID><x:a xmlns:x="urn:x"/>')
    )
    assert "processing instruction" in refused(
        GOOD.replace(b"<ClinicalData", b"<?php x?><ClinicalData")
    )


def test_wrong_types_units_and_undeclared_items_are_refused() -> None:
    assert "not of its type float" in refused(GOOD.replace(b'Value="2.05"', b'Value="2,05"'))
    assert "not of its type text" not in refused(GOOD.replace(b'Value="34.2"', b'Value="1e999"'))
    assert "unit" in refused(
        GOOD.replace(
            b'MeasurementUnitOID="MU.MG_DL"/></ItemData>',
            b'MeasurementUnitOID="MU.KG"/></ItemData>',
        )
    )
    assert "does not declare" in refused(
        GOOD.replace(b'ItemOID="IT.DM.SEX"', b'ItemOID="IT.DM.INITIALS"')
    )
    assert "sequence number" in refused(
        GOOD.replace(b"<SourceID>3</SourceID>", b"<SourceID>-3</SourceID>")
    )
    assert "audit record" in refused(GOOD.replace(b"<SourceID>3</SourceID>", b""))
    assert "not UTC" in refused(GOOD.replace(b"2026-11-20T01:30:03.000000Z", b"yesterday at noon"))
    assert "how it changed" in refused(GOOD.replace(b' TransactionType="Insert"', b"", 1))


def test_huge_counts_and_texts_are_refused() -> None:
    assert "more than 2 changes" in refused(GOOD, max_changes=2)
    long = b"x" * 30_000
    assert "longer than" in refused(
        GOOD.replace(b"<ReasonForChange>lab", b"<ReasonForChange>" + long)
    )
    many = GOOD.replace(
        b"</ClinicalData>", b'<SubjectData SubjectKey="x"/>' * 101_000 + b"</ClinicalData>"
    )
    assert "larger than" in refused(many)
    with pytest.raises(SyncError):
        parse_document(GOOD, max_changes=100, max_bytes=100)
    assert "well-formed" in refused(GOOD[:-30])
    assert "well-formed" in refused(b"\xff\xfe<ODM/>")
