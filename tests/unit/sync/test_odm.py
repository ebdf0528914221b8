"""ODM rendering: special characters survive as XML, unrepresentable ones are replaced, and
deleted records become Remove transactions; every document stays schema-valid."""

from __future__ import annotations

from lxml import etree

from msc_desktop.domain.protocol import load_protocol
from msc_desktop.sync.odm import AuditInfo, OdmContext, OdmRecord, locate_record, render_odm

from .odmcheck import assert_valid_odm

NS = {"o": "http://www.cdisc.org/ns/odm/v1.3"}
CONTEXT = OdmContext(file_oid="F.1", created="2026-11-29T10:00:00.000000Z",
                     sites={"01": 'Clinic "A" & <B>'}, users={"nurse": "Nora <Nurse>"},
                     transactional=True, description="test", protocol=load_protocol())


def record(values: dict[str, str | None], removed: bool = False) -> OdmRecord:
    return OdmRecord(subject_key="01-0001", event="SCR", table="adverse_event", record_id="r1",
                     values=values, removed=removed,
                     audit={"term": AuditInfo("nurse", "2026-11-29T10:00:00.000001Z",
                                              'typo: "fever" & <chills>\nsecond line')})


def test_special_characters_round_trip() -> None:
    tricky = 'Fever > 38 "C" & rash <arms>\nline two\ttab'
    xml = render_odm(CONTEXT, [record({"term": tricky, "description": None})], lambda r: "01")
    assert_valid_odm(xml)
    document = etree.fromstring(xml)
    assert document.xpath("//o:ItemData[@ItemOID='IT.ADVERSE_EVENT.TERM']/@Value",
                          namespaces=NS) == [tricky]
    assert document.xpath("//o:ReasonForChange/text()", namespaces=NS) == [
        'typo: "fever" & <chills>\nsecond line']
    assert document.xpath("//o:ItemData[@IsNull='Yes']/@ItemOID", namespaces=NS) == [
        "IT.ADVERSE_EVENT.DESCRIPTION"]
    assert document.xpath("//o:Location/@Name", namespaces=NS) == ['Clinic "A" & <B>']


def test_control_characters_are_replaced_not_written() -> None:
    xml = render_odm(CONTEXT, [record({"term": "bad\x00\x1bvalue"})], lambda r: "01")
    document = etree.fromstring(xml)
    assert document.xpath("//o:ItemData/@Value", namespaces=NS) == ["bad\ufffd\ufffdvalue"]


def test_removed_record_is_a_remove_transaction() -> None:
    xml = render_odm(CONTEXT, [record({}, removed=True)], lambda r: "01")
    assert_valid_odm(xml)
    document = etree.fromstring(xml)
    assert document.xpath("//o:ItemGroupData/@TransactionType", namespaces=NS) == ["Remove"]
    assert not document.xpath("//o:ItemData", namespaces=NS)


def test_locate_record_follows_visit_and_participant_links() -> None:
    data = {
        ("participant", "p1"): {"subject_id": "01-0001"},
        ("visit", "v1"): {"participant_id": "p1", "visit_code": "W4"},
    }

    def lookup(table: str, record_id: str) -> dict[str, str | None] | None:
        return data.get((table, record_id))

    assert locate_record("item_value", "i1", {"visit_id": "v1"}, lookup) == ("01-0001", "W4")
    assert locate_record("adverse_event", "a1", {"participant_id": "p1"}, lookup) == (
        "01-0001", "COMMON")
    assert locate_record("infusion", "x", {"participant_id": "p1", "visit_code": "W0"},
                         lookup) == ("01-0001", "W0")
    assert locate_record("participant", "p1", {"subject_id": "01-0001"}, lookup) == (
        "01-0001", "COMMON")
    assert locate_record("user_account", "u", {"full_name": "x"}, lookup) is None
    assert locate_record("participant_identity", "p1", {"participant_id": "p1"}, lookup) is None
    assert locate_record("item_value", "i2", {"visit_id": "missing"}, lookup) is None
