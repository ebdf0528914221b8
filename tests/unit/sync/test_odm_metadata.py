"""The ODM MetaDataVersion generated from protocol.json: schema-valid, complete, by value."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from lxml import etree

from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol_reader import load_protocol, parse_protocol
from msc_desktop.errors import ValidationError
from msc_desktop.paths import resources_dir
from msc_desktop.sync.odm_metadata import render_metadata
from tests.conftest import ODM_SCHEMA

NS = {"odm": "http://www.cdisc.org/ns/odm/v1.3"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CREATED = "2026-03-01T10:00:00+00:00"


@pytest.fixture(scope="module")
def document() -> Any:
    xml = render_metadata([ItemCatalogue(load_protocol())], file_oid="F.TEST", created=CREATED)
    return etree.fromstring(xml)


def _one(document: Any, path: str) -> Any:
    found = document.xpath(path, namespaces=NS)
    assert len(found) == 1, (path, len(found))
    return found[0]


def test_validates_against_the_odm_132_schema(document: Any) -> None:
    etree.XMLSchema(etree.parse(str(ODM_SCHEMA))).assertValid(document)


def test_every_reference_resolves(document: Any) -> None:
    defined = {
        kind: set(document.xpath(f"//odm:{kind}/@OID", namespaces=NS))
        for kind in (
            "StudyEventDef",
            "FormDef",
            "ItemGroupDef",
            "ItemDef",
            "CodeList",
            "MeasurementUnit",
        )
    }
    references = {
        "StudyEventDef": "//odm:StudyEventRef/@StudyEventOID",
        "FormDef": "//odm:FormRef/@FormOID",
        "ItemGroupDef": "//odm:ItemGroupRef/@ItemGroupOID",
        "ItemDef": "//odm:ItemRef/@ItemOID",
        "CodeList": "//odm:CodeListRef/@CodeListOID",
        "MeasurementUnit": "//odm:MeasurementUnitRef/@MeasurementUnitOID",
    }
    for kind, path in references.items():
        used = set(document.xpath(path, namespaces=NS))
        assert used, kind
        assert used <= defined[kind], (kind, used - defined[kind])
        if kind not in ("CodeList", "MeasurementUnit"):
            assert defined[kind] <= used, (kind, defined[kind] - used)  # nothing unreachable


def test_study_and_metadata_version(document: Any) -> None:
    assert _one(document, "/odm:ODM/odm:Study/@OID") == "ST.XJMSC0001"
    assert _one(document, "//odm:MetaDataVersion/@OID") == "MDV.XJMSC0001.1.0"
    events = document.xpath("//odm:Protocol/odm:StudyEventRef/@StudyEventOID", namespaces=NS)
    assert events == [
        "SE.SCR",
        "SE.W0",
        "SE.W4",
        "SE.W8",
        "SE.W12",
        "SE.W24",
        "SE.W48",
        "SE.COMMON",
    ]
    assert _one(document, "//odm:StudyEventDef[@OID='SE.W4']/@Type") == "Scheduled"
    assert _one(document, "//odm:StudyEventDef[@OID='SE.COMMON']/@Type") == "Common"
    forms = document.xpath("//odm:StudyEventDef[@OID='SE.W4']/odm:FormRef/@FormOID", namespaces=NS)
    assert forms == ["F.VISIT", "F.INFUSION"]


def test_repeating_group_keyed_by_the_ae_number(document: Any) -> None:
    group = _one(document, "//odm:ItemGroupDef[@OID='IG.ADVERSE_EVENT']")
    assert group.get("Repeating") == "Yes"
    key = group.xpath("odm:ItemRef[@KeySequence='1']/@ItemOID", namespaces=NS)
    assert key == ["IT.AE.AE_NUMBER"]
    assert _one(document, "//odm:ItemGroupDef[@OID='IG.INFUSION']/@Repeating") == "No"


def test_lab_item_with_units_and_hard_range(document: Any) -> None:
    bilirubin = _one(document, "//odm:ItemDef[@OID='IT.LB.BILI']")
    assert bilirubin.get("DataType") == "float"
    units = bilirubin.xpath("odm:MeasurementUnitRef/@MeasurementUnitOID", namespaces=NS)
    assert units == ["MU.MG_DL", "MU.UMOL_L"]  # the standard unit first
    checks = [
        (
            check.get("Comparator"),
            check.get("SoftHard"),
            check.findtext("odm:CheckValue", namespaces=NS),
            check.xpath("odm:MeasurementUnitRef/@MeasurementUnitOID", namespaces=NS),
        )
        for check in bilirubin.xpath("odm:RangeCheck", namespaces=NS)
    ]
    assert checks == [("GE", "Hard", "0.1", ["MU.MG_DL"]), ("LE", "Hard", "60", ["MU.MG_DL"])]
    questions = {
        text.get(XML_LANG): text.text
        for text in bilirubin.xpath("odm:Question/odm:TranslatedText", namespaces=NS)
    }
    assert questions == {"en": "Total bilirubin", "zh": "总胆红素"}
    aliases = {
        alias.get("Context"): alias.get("Name")
        for alias in bilirubin.xpath("odm:Alias", namespaces=NS)
    }
    assert aliases == {"SDTM": "LB.LBTESTCD=BILI", "StandardUnit": "MU.MG_DL"}


@pytest.mark.parametrize(
    ("oid", "length", "digits"),
    [
        # 60 mg/dL with 2 decimals (4 digits), 1026 umol/L with 1 (5): the longer unit decides.
        ("IT.LB.BILI", "5", "2"),
        # 7 g/dL with 1 decimal, 70 g/L with 1.
        ("IT.LB.ALB", "3", "1"),
        # 10000 U/L whole, 166.67 ukat/L with 2.
        ("IT.LB.ALT", "5", "2"),
        # 15 with 2 decimals.
        ("IT.LB.INR", "4", "2"),
        # 180 mmol/L whole.
        ("IT.LB.SODIUM", "3", "0"),
        # 250 kg with 1 decimal.
        ("IT.VS.WEIGHT", "4", "1"),
        ("IT.XC.LIVER_STIFFNESS", "3", "1"),
        ("IT.EX.CELL_CONCENTRATION_PER_ML", "9", "0"),
    ],
)
def test_float_items_carry_the_declared_length_and_decimals(
    document: Any, oid: str, length: str, digits: str
) -> None:
    item = _one(document, f"//odm:ItemDef[@OID='{oid}']")
    assert (item.get("DataType"), item.get("Length"), item.get("SignificantDigits")) == (
        "float",
        length,
        digits,
    )


def test_every_float_item_declares_its_decimals(document: Any) -> None:
    floats = document.xpath("//odm:ItemDef[@DataType='float']", namespaces=NS)
    assert len(floats) > 30
    assert [item.get("OID") for item in floats if item.get("SignificantDigits") is None] == []
    # Only the planned volume, computed by the app, has no hard range and so no Length.
    assert [item.get("OID") for item in floats if item.get("Length") is None] == [
        "IT.EX.VOLUME_PLANNED_ML"
    ]


def test_every_unit_a_lab_offers_is_a_measurement_unit(document: Any) -> None:
    declared = {
        unit.get("Name"): unit.get("OID")
        for unit in document.xpath("//odm:MeasurementUnit", namespaces=NS)
    }
    for test in load_protocol().lab_tests:
        for unit in test.units:
            assert unit.code in declared, unit.code
    symbol = _one(document, "//odm:MeasurementUnit[@OID='MU.BEATS_MIN']")
    texts = {
        text.get(XML_LANG): text.text
        for text in symbol.xpath("odm:Symbol/odm:TranslatedText", namespaces=NS)
    }
    assert texts == {"en": "beats/min", "zh": "次/分"}


def test_every_codelist_value_with_both_decodes(document: Any) -> None:
    protocol = load_protocol()
    for name, choices in protocol.codelists.items():
        codelist = _one(document, f"//odm:CodeList[@OID='{protocol.codelist_oids[name]}']")
        items = codelist.xpath("odm:CodeListItem", namespaces=NS)
        assert [item.get("CodedValue") for item in items] == [choice.code for choice in choices]
        for item, choice in zip(items, choices):
            decode = {
                text.get(XML_LANG): text.text
                for text in item.xpath("odm:Decode/odm:TranslatedText", namespaces=NS)
            }
            assert decode == {"en": choice.label.en, "zh": choice.label.zh}
    assert (
        _one(document, "//odm:ItemDef[@OID='IT.AE.RELATIONSHIP']/odm:CodeListRef/@CodeListOID")
        == "CL.AEREL"
    )


def test_every_item_has_a_concrete_type_and_a_chinese_question(document: Any) -> None:
    item_defs = document.xpath("//odm:ItemDef", namespaces=NS)
    assert len(item_defs) > 100
    for item in item_defs:
        assert item.get("DataType") in {
            "text",
            "integer",
            "float",
            "date",
            "datetime",
            "time",
            "boolean",
            "partialDate",
        }
        zh = item.xpath("odm:Question/odm:TranslatedText[@xml:lang='zh']/text()", namespaces=NS)
        assert zh and zh[0].strip(), item.get("OID")
    assert _one(document, "//odm:ItemDef[@OID='IT.AE.TERM']/@Length") == "200"
    assert _one(document, "//odm:ItemDef[@OID='IT.RAND.ARM']/@Origin") == "Derived"
    assert _one(document, "//odm:ItemDef[@OID='IT.AE.TERM']/@Origin") == "CRF"


def test_site_only_items_are_not_declared(document: Any) -> None:
    declared = set(document.xpath("//odm:ItemDef/@OID", namespaces=NS))
    for oid in (
        "IT.DM.INITIALS",
        "IT.DM.FULL_NAME",
        "IT.DM.PHONE",
        "IT.DM.ADDRESS",
        "IT.IC.WITNESS_NAME",
        "IT.DM.DATE_OF_BIRTH",
    ):
        assert oid not in declared
    # DESIGN 7: the centre knows the year and month of birth, as an ISO 8601 partial date.
    assert _one(document, "//odm:ItemDef[@OID='IT.DM.BIRTH_YEAR_MONTH']/@DataType") == "partialDate"
    text = etree.tostring(document, encoding="unicode")
    assert "full_name" not in text and "witness_name" not in text


def test_two_protocol_versions_are_two_metadata_versions() -> None:
    data = json.loads((resources_dir() / "protocol.json").read_text(encoding="utf-8"))
    amended_data = copy.deepcopy(data)
    amended_data["version"] = "1.1"
    visit = next(form for form in amended_data["forms"] if form["id"] == "visit")
    visit["fields"].append(
        {
            "name": "child_pugh_note",
            "oid": "IT.XC.CHILD_PUGH_NOTE",
            "kind": "text",
            "max_length": 80,
            "label": {"en": "Note", "zh": "备注"},
        }
    )
    catalogues = [ItemCatalogue(parse_protocol(data)), ItemCatalogue(parse_protocol(amended_data))]
    document = etree.fromstring(render_metadata(catalogues, file_oid="F.TWO", created=CREATED))
    etree.XMLSchema(etree.parse(str(ODM_SCHEMA))).assertValid(document)
    assert document.xpath("//odm:MetaDataVersion/@OID", namespaces=NS) == [
        "MDV.XJMSC0001.1.0",
        "MDV.XJMSC0001.1.1",
    ]
    added = document.xpath(
        "//odm:MetaDataVersion/odm:ItemDef[@OID='IT.XC.CHILD_PUGH_NOTE']/../@OID", namespaces=NS
    )
    assert added == ["MDV.XJMSC0001.1.1"]
    assert len(document.xpath("//odm:BasicDefinitions", namespaces=NS)) == 1


def test_versions_of_another_study_are_refused() -> None:
    data = json.loads((resources_dir() / "protocol.json").read_text(encoding="utf-8"))
    other = copy.deepcopy(data)
    other["study_oid"] = "ST.OTHER"
    catalogues = [ItemCatalogue(parse_protocol(data)), ItemCatalogue(parse_protocol(other))]
    with pytest.raises(ValidationError, match="these are of ST.OTHER, ST.XJMSC0001"):
        render_metadata(catalogues, file_oid="F.BAD", created=CREATED)
