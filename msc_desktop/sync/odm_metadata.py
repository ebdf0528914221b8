"""The ODM 1.3.2 Study and MetaDataVersion generated from the protocol's item catalogue.

One MetaDataVersion per protocol version in use (`MDV.<protocol>.<version>`), all under the one
Study (`ST.<protocol>`): Protocol with a StudyEventRef per visit and the common event;
StudyEventDef (Scheduled for visits, Common for records outside the schedule); FormDef;
ItemGroupDef (Repeating, the repeat key's ItemRef marked KeySequence 1); ItemDef with DataType,
Length, question in English and Chinese (TranslatedText xml:lang), MeasurementUnitRef (the
standard unit first), RangeCheck for the hard range (Comparator GE and LE, CheckValue in the
standard unit), CodeListRef, Origin "Derived" for what the app records by itself, and the CDISC
mapping as an Alias; CodeList with Decode in both languages; BasicDefinitions with a
MeasurementUnit for every unit of the protocols. Site-only items (names, contact details,
initials) are not declared: they never leave the site.

`write_study` appends the Study element to an ODM document being written (sync/odm.py's writer);
`render_metadata` is a whole ODM document holding only the Study (for checks and define files).
No Qt, no store models.
"""

from __future__ import annotations

from collections.abc import Sequence

from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.domain.protocol import LocalizedText, Unit
from msc_desktop.errors import ValidationError
from msc_desktop.sync.odm import ODM_NS, _Writer

#: Alias contexts: where an item lands in SDTM, and which unit its standard value is in.
SDTM_ALIAS = "SDTM"
STANDARD_UNIT_ALIAS = "StandardUnit"


def render_metadata(catalogues: Sequence[ItemCatalogue], *, file_oid: str, created: str) -> bytes:
    """A Snapshot ODM document holding the Study and its MetaDataVersions (UTF-8 XML)."""
    xml = _Writer()
    xml.open(
        "ODM",
        xmlns=ODM_NS,
        FileOID=file_oid,
        FileType="Snapshot",
        CreationDateTime=created,
        ODMVersion="1.3.2",
        Originator="MSC Desktop",
    )
    write_study(xml, catalogues)
    xml.close("ODM")
    return xml.getvalue()


def write_study(xml: _Writer, catalogues: Sequence[ItemCatalogue]) -> None:
    """The Study element: each catalogue (at least one, all of one study) a MetaDataVersion."""
    study_oids = sorted({catalogue.study_oid for catalogue in catalogues})
    if len(study_oids) != 1:
        raise ValidationError(
            "One ODM study holds the versions of one protocol; these are of {studies}.",
            studies=", ".join(study_oids),
        )
    protocol = catalogues[-1].protocol
    xml.open("Study", OID=protocol.study_oid)
    xml.open("GlobalVariables")
    xml.text("StudyName", protocol.protocol_id)
    xml.text("StudyDescription", f"{protocol.title.en} ({protocol.registry_id})")
    xml.text("ProtocolName", protocol.protocol_id)
    xml.close("GlobalVariables")
    units: dict[str, Unit] = {}
    for catalogue in catalogues:
        for unit in catalogue.protocol.units:
            units.setdefault(unit.oid, unit)
    xml.open("BasicDefinitions")
    for unit in units.values():
        xml.open("MeasurementUnit", OID=unit.oid, Name=unit.code)
        _translated(xml, "Symbol", unit.symbol)
        xml.close("MeasurementUnit")
    xml.close("BasicDefinitions")
    for catalogue in catalogues:
        _metadata_version(xml, catalogue)
    xml.close("Study")


def _translated(xml: _Writer, element: str, text: LocalizedText) -> None:
    xml.open(element)
    xml.text("TranslatedText", text.en, {"xml:lang": "en"})
    xml.text("TranslatedText", text.zh, {"xml:lang": "zh"})
    xml.close(element)


def _exported(items: Sequence[ItemDef]) -> list[ItemDef]:
    return [item for item in items if not item.site_only]


def _metadata_version(xml: _Writer, catalogue: ItemCatalogue) -> None:
    protocol = catalogue.protocol
    xml.open(
        "MetaDataVersion",
        OID=catalogue.metadata_version_oid,
        Name=f"{protocol.protocol_id} protocol {protocol.version}",
    )
    xml.open("Protocol")
    for event in catalogue.events:
        xml.leaf("StudyEventRef", StudyEventOID=event.oid, Mandatory="No")
    xml.close("Protocol")
    for event in catalogue.events:
        xml.open(
            "StudyEventDef",
            OID=event.oid,
            Name=event.visit_code or "COMMON",
            Repeating="No",
            Type="Scheduled" if event.scheduled else "Common",
        )
        _translated(xml, "Description", event.name)
        for form_id in event.form_ids:
            xml.leaf("FormRef", FormOID=catalogue.form(form_id).oid, Mandatory="No")
        xml.close("StudyEventDef")
    for form in catalogue.forms:
        xml.open("FormDef", OID=form.oid, Name=form.form_id, Repeating="No")
        _translated(xml, "Description", form.title)
        for group in form.groups:
            xml.leaf("ItemGroupRef", ItemGroupOID=group.oid, Mandatory="Yes")
        xml.close("FormDef")
    for form in catalogue.forms:
        for group in form.groups:
            xml.open(
                "ItemGroupDef",
                OID=group.oid,
                Name=group.oid.removeprefix("IG."),
                Repeating="Yes" if group.repeating else "No",
            )
            for order, item in enumerate(_exported(form.group_items(group.oid)), start=1):
                key = {"KeySequence": "1"} if item.name == group.repeat_key else {}
                xml.leaf(
                    "ItemRef",
                    ItemOID=item.oid,
                    OrderNumber=str(order),
                    Mandatory="Yes" if item.mandatory else "No",
                    **key,
                )
            xml.close("ItemGroupDef")
    for item in _exported(catalogue.items):
        _item_def(xml, catalogue, item)
    for name, choices in protocol.codelists.items():
        xml.open("CodeList", OID=protocol.codelist_oids[name], Name=name, DataType="text")
        for choice in choices:
            xml.open("CodeListItem", CodedValue=choice.code)
            _translated(xml, "Decode", choice.label)
            xml.close("CodeListItem")
        xml.close("CodeList")
    xml.close("MetaDataVersion")


def _item_def(xml: _Writer, catalogue: ItemCatalogue, item: ItemDef) -> None:
    size = {}
    if item.length is not None:
        size["Length"] = str(item.length)
    if item.significant_digits is not None:
        size["SignificantDigits"] = str(item.significant_digits)
    xml.open(
        "ItemDef",
        OID=item.oid,
        Name=item.name,
        DataType=item.data_type,
        **size,
        Origin="Derived" if item.derived else "CRF",
    )
    _translated(xml, "Question", item.question)
    unit_oid = {unit.code: unit.oid for unit in catalogue.protocol.units}
    standard = item.standard_unit
    for code in sorted(item.units, key=lambda code: code != standard):
        xml.leaf("MeasurementUnitRef", MeasurementUnitOID=unit_oid[code])
    if item.hard_range is not None:
        for comparator, value in (("GE", item.hard_range.low), ("LE", item.hard_range.high)):
            xml.open("RangeCheck", Comparator=comparator, SoftHard="Hard")
            xml.text("CheckValue", format(value, "f"))
            if standard is not None:
                xml.leaf("MeasurementUnitRef", MeasurementUnitOID=unit_oid[standard])
            xml.close("RangeCheck")
    if item.codelist_oid is not None:
        xml.leaf("CodeListRef", CodeListOID=item.codelist_oid)
    if item.cdisc is not None:
        cdisc = item.cdisc
        target = f"{cdisc.domain}.{cdisc.variable}" + (f"={cdisc.code}" if cdisc.code else "")
        xml.leaf("Alias", Context=SDTM_ALIAS, Name=target)
    if standard is not None:
        xml.leaf("Alias", Context=STANDARD_UNIT_ALIAS, Name=unit_oid[standard])
    xml.close("ItemDef")
