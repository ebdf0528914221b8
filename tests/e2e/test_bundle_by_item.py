"""What a demo site's bundle carries, by item (issue 13 item 3, DESIGN sections 4, 7 and 12):
ODM 1.3.2 that validates, every ItemData declared in its MetaDataVersion with a concrete type,
its code in its CodeList and its unit a declared MeasurementUnit; a lab value in a non-standard
unit read back exactly; no site table or column name, no full date of birth and no site-only item
in the decrypted payload; and a site made by the release before the audit trail went by item
exports its old changes under the new format."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import etree
from sqlalchemy import select

from msc_desktop.central.service import Center
from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.store.base import Base
from msc_desktop.store.demo import generate_demo_data, make_demo_site
from msc_desktop.store.item_columns import ATTRIBUTE_INFO
from msc_desktop.store.models import Participant
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.bundle import BundleContents, open_bundle, read_bundle
from msc_desktop.sync.odm_clinical_reader import parse_clinical
from msc_desktop.sync.site_export import export_bundle
from tests.accounts import ADMIN, CENTRE_PASSPHRASE
from tests.conftest import DATA_DIR
from tests.unit.sync.odmcheck import assert_valid_odm
from tests.unit.sync.sitepath import connect

NS = {"o": "http://www.cdisc.org/ns/odm/v1.3"}
CONCRETE = {"text", "integer", "float", "date", "datetime", "time", "boolean", "partialDate"}


@dataclass(frozen=True)
class Exported:
    contents: BundleContents
    payload: bytes
    birth_dates: dict[str, date]
    initials: dict[str, str]


def _export(site: SiteStore, center: Center, out: Path) -> Exported:
    out.mkdir()
    result = export_bundle(site, out, "full")
    assert result is not None
    data = result.path.read_bytes()
    contents = open_bundle(read_bundle(data), center.site_identity(site.site_id), center.keys)
    with site.session() as session:
        participants = list(session.scalars(select(Participant)))
        births = {p.subject_id: p.date_of_birth for p in participants}
        initials = {p.subject_id: p.initials for p in participants}
    payload = bytes(read_bundle(data).envelope.open_payload(center.keys))
    return Exported(contents, payload, births, initials)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exported]:
    root = tmp_path_factory.mktemp("demo")
    center = Center.init(root / "centre", passphrase=CENTRE_PASSPHRASE)
    site, _ = SiteStore.init(
        root / "site",
        site_id="01",
        site_name="Demo",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
    )
    connect(site, center, root)
    make_demo_site(site)
    generate_demo_data(site, 12, seed=3, today=date(2027, 9, 1))
    yield _export(site, center, root / "usb")
    site.close()
    center.close()


def test_the_payload_validates_against_the_odm_132_schema(demo: Exported) -> None:
    assert_valid_odm(demo.contents.odm)
    document = etree.fromstring(demo.contents.odm)
    assert document.get("FileType") == "Transactional"
    assert len(document.xpath("//o:ItemData", namespaces=NS)) == len(demo.contents.changes) > 500
    # Every change carries its audit record, naming the audit row it came from.
    sources = document.xpath("//o:ItemData/o:AuditRecord/o:SourceID/text()", namespaces=NS)
    assert sorted(int(seq) for seq in sources) == [change.seq for change in demo.contents.changes]
    assert document.xpath("//o:ItemGroupData/o:Signature", namespaces=NS)


def test_every_item_data_is_declared_with_a_concrete_type_code_and_unit(demo: Exported) -> None:
    document = etree.fromstring(demo.contents.odm)
    units = set(document.xpath("//o:BasicDefinitions/o:MeasurementUnit/@OID", namespaces=NS))
    checked = {"coded": 0, "units": 0}
    for clinical in document.xpath("//o:ClinicalData", namespaces=NS):
        mdv_oid = clinical.get("MetaDataVersionOID")
        [mdv] = document.xpath(f"//o:MetaDataVersion[@OID='{mdv_oid}']", namespaces=NS)
        item_defs = {item.get("OID"): item for item in mdv.xpath("o:ItemDef", namespaces=NS)}
        codelists = {
            codelist.get("OID"): set(codelist.xpath("o:CodeListItem/@CodedValue", namespaces=NS))
            for codelist in mdv.xpath("o:CodeList", namespaces=NS)
        }
        for item in clinical.xpath(".//o:ItemData", namespaces=NS):
            item_def = item_defs[item.get("ItemOID")]
            assert item_def.get("DataType") in CONCRETE, item.get("ItemOID")
            value = item.get("Value")
            codelist = item_def.find("o:CodeListRef", NS)
            if codelist is not None and value is not None:
                assert value in codelists[codelist.get("CodeListOID")], (item.get("ItemOID"), value)
                checked["coded"] += 1
            unit = item.find("o:MeasurementUnitRef", NS)
            if unit is not None:
                allowed = set(
                    item_def.xpath("o:MeasurementUnitRef/@MeasurementUnitOID", namespaces=NS)
                )
                assert unit.get("MeasurementUnitOID") in allowed & units, item.get("ItemOID")
                checked["units"] += 1
    assert checked["coded"] > 100 and checked["units"] > 100


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _names(payload: bytes) -> set[str]:
    """The words of every name the payload uses: in its rows, every member but the prose ones
    (values, reasons: what people typed or the event said), the keys of values that are JSON
    objects (the attributes of a record without protocol data), and any site table, record or
    column a format-1 row names; in its ODM, every element and attribute name and every
    attribute value but an item's Value (text nodes are the protocol's questions and labels)."""
    rows_line, _, odm = payload.partition(b"\n")
    strings: list[str] = []
    for row in json.loads(rows_line)["rows"]:
        if len(row) == 18:  # format 2 in full: [2, seq, ts, user, action, target, ... reason]
            values = (row[12], row[14])
            strings.extend(
                str(member)
                for member in (*row[3:12], row[13], row[15], row[16])
                if member is not None
            )
            for value in values:
                if value and value.startswith("{"):
                    strings.extend(json.loads(value))
        elif len(row) == 12:  # format 1: names its table, record and column
            strings.extend(str(member) for member in row[2:7] if member is not None)
    for element in etree.fromstring(odm).iter():
        strings.append(etree.QName(element).localname)
        strings.extend(
            f"{key} {value}" if key != "Value" else key for key, value in element.attrib.items()
        )
    return {word for text in strings for word in _NAME.findall(text)}


def test_no_site_table_or_column_name_travels(demo: Exported) -> None:
    protocol = load_protocol()
    declared = {field.name for form in protocol.all_forms for field in form.items} | {
        form.form_id for form in protocol.all_forms
    }
    # The neutral names the audit trail gives the attributes of records without protocol data
    # (an account's role, a signature's meaning: store/item_columns.py `attribute`) are declared
    # vocabulary of format-2 rows (docs/formats.md section 4), whatever the columns are called.
    declared |= {
        str(column.info[ATTRIBUTE_INFO])
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if ATTRIBUTE_INFO in column.info
    }
    schema = {table.name for table in Base.metadata.sorted_tables} | {
        column.name for table in Base.metadata.sorted_tables for column in table.columns
    }
    names = _names(demo.payload)
    assert {"IT", "DM", "SEX", "ItemData", "SourceID"} <= names  # the scan sees the payload
    assert " ".join(sorted((schema - declared) & names)) == ""


def test_site_only_data_and_the_full_date_of_birth_stay_at_the_site(demo: Exported) -> None:
    for oid in (b"IT.DM.DATE_OF_BIRTH", b"IT.DM.INITIALS", b"IT.DM.FULL_NAME", b"IT.DM.PHONE"):
        assert oid not in demo.payload
    for subject, born in demo.birth_dates.items():
        assert born.isoformat().encode() not in demo.payload, subject
    months = {
        change.subject_key: change.value
        for change in demo.contents.changes
        if change.item_oid == "IT.DM.BIRTH_YEAR_MONTH"
    }
    assert months == {subject: born.isoformat()[:7] for subject, born in demo.birth_dates.items()}


def test_a_lab_value_in_a_non_standard_unit_round_trips_exactly(demo: Exported) -> None:
    labs = [
        change
        for change in demo.contents.changes
        if change.item_oid.startswith("IT.LB.") and change.unit is not None
    ]
    odd = [change for change in labs if change.unit in ("umol/L", "g/L")]
    assert odd, "the demo site enters some labs in SI units"
    again = parse_clinical(demo.contents.odm, max_changes=len(demo.contents.changes))
    assert [change for change in again if change in odd] == odd
    rows = {row["seq"]: row for row in demo.contents.rows}
    for change in odd:
        row = rows[change.seq]
        if row.get("row_format") == 2:  # carried in full: the row states the same value and unit
            assert (row["new_value"], row["new_unit"]) == (change.value, change.unit)


@pytest.fixture
def old_site(tmp_path: Path) -> Iterator[SiteStore]:
    folder = tmp_path / "old-site"
    shutil.copytree(DATA_DIR / "site-c1c2de3", folder)
    store = SiteStore.unlock(folder, ADMIN[0], ADMIN[1])
    yield store
    store.close()


def test_a_site_of_the_previous_release_exports_its_data_by_item(
    old_site: SiteStore, tmp_path: Path
) -> None:
    center = Center.init(tmp_path / "centre", passphrase=CENTRE_PASSPHRASE)
    connect(old_site, center, tmp_path)
    exported = _export(old_site, center, tmp_path / "usb")
    assert_valid_odm(exported.contents.odm)
    changes = exported.contents.changes
    old_rows = {row["seq"] for row in exported.contents.rows if row.get("row_format", 1) == 1}
    translated = [change for change in changes if change.seq in old_rows]
    assert {change.subject_key for change in translated} == set(exported.birth_dates)
    bilirubin = [change for change in translated if change.item_oid == "IT.LB.BILI"]
    assert bilirubin and all(change.unit == "umol/L" for change in bilirubin)
    assert {change.item_oid for change in translated} >= {
        "IT.DM.SEX",
        "IT.DM.BIRTH_YEAR_MONTH",
        "IT.IC.CONSENT_DATE",
        "IT.RAND.ARM",
        "IT.AE.TERM",
    }
    clinical = {
        item.oid
        for form in ItemCatalogue(load_protocol()).forms
        for item in form.items
        if item.data_type == "datetime"
    }  # old and new changes: local time with the site's offset
    times = {
        (change.item_oid, change.value)
        for change in changes
        if change.item_oid in clinical and change.value
    }
    zone = ZoneInfo(str(old_site.get_setting("time_zone")))
    started = datetime(
        2026, 11, 5, 10, 0, tzinfo=zone
    ).isoformat()  # the fixture's wall-clock start
    assert ("IT.EX.INFUSION_START", started) in times, times
    assert all(
        re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00[+-]\d\d:\d\d", value) for _oid, value in times
    ), times
    for born in exported.birth_dates.values():
        assert born.isoformat().encode() not in exported.payload
    assert b"IT.DM.INITIALS" not in exported.payload and b"Witness" not in exported.payload
    signatures = exported.contents.signatures
    assert {signature.form_oid for signature in signatures} >= {"F.INFUSION", "F.ADVERSE_EVENT"}
    assert (
        center.import_bundle(
            tmp_path.joinpath("usb").iterdir().__next__().read_bytes(), "usb"
        ).status
        == "accepted"
    )
    center.close()
