"""The ODM writer: special characters survive as XML and unrepresentable ones are replaced, in
the clinical payload as the centre reads it back; every document stays schema-valid."""

from __future__ import annotations

import dataclasses

from lxml import etree

from msc_desktop.sync.odm_clinical import ClinicalContext
from msc_desktop.sync.odm_clinical_reader import parse_document
from msc_desktop.sync.odm_clinical_writer import render_clinical

from .odmcheck import assert_valid_odm
from .test_odm_clinical import CATALOGUE, change

NS = {"o": "http://www.cdisc.org/ns/odm/v1.3"}
CONTEXT = ClinicalContext(
    file_oid="F.1",
    created="2026-11-29T10:00:00.000000Z",
    site_id="01",
    site_name='Clinic "A" & <B>',
    users={"nurse": "Nora <Nurse>"},
)
AE = {
    "form": "F.ADVERSE_EVENT",
    "group": "IG.ADVERSE_EVENT",
    "event": "SE.COMMON",
    "repeat": "1",
    "action": "insert",
}


def test_special_characters_round_trip() -> None:
    tricky = 'Fever > 38 "C" & rash <arms>\nline two\ttab'
    reason = 'typo: "fever" & <chills>\nsecond line'
    changes = [
        change(1, "IT.AE.TERM", tricky, reason=reason, **AE),
        change(2, "IT.AE.DESCRIPTION", None, **AE),
    ]
    xml = render_clinical(CONTEXT, [CATALOGUE], changes)
    assert_valid_odm(xml)
    document = etree.fromstring(xml)
    assert document.xpath("//o:ItemData[@ItemOID='IT.AE.TERM']/@Value", namespaces=NS) == [tricky]
    assert document.xpath("//o:ReasonForChange/text()", namespaces=NS) == [reason]
    assert document.xpath("//o:ItemData[@IsNull='Yes']/@ItemOID", namespaces=NS) == [
        "IT.AE.DESCRIPTION"
    ]
    assert document.xpath("//o:Location/@Name", namespaces=NS) == ['Clinic "A" & <B>']
    assert document.xpath("//o:User/o:FullName/text()", namespaces=NS) == ["Nora <Nurse>"]
    assert parse_document(xml, max_changes=10).changes == changes


def test_control_characters_are_replaced_not_written() -> None:
    bad = change(1, "IT.AE.TERM", "bad\x00\x1bvalue", **AE)
    xml = render_clinical(CONTEXT, [CATALOGUE], [bad])
    assert etree.fromstring(xml).xpath("//o:ItemData/@Value", namespaces=NS) == [
        "bad\ufffd\ufffdvalue"
    ]
    assert parse_document(xml, max_changes=10).changes == [
        dataclasses.replace(bad, value="bad\ufffd\ufffdvalue")
    ]
