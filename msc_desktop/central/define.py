"""define.xml (CDISC Define-XML 2.0.0) describing the datasets written beside it.

One ItemGroupDef per dataset (class, structure, key sequence, the file it is in as def:leaf), one
ItemDef per dataset variable (OID `IT.<dataset>.<variable>`: data type, length from the data,
label, origin, codelist), the codelists the variables refer to (with their decodes) and a MethodDef
for every derived variable, saying how it is computed. Valid against the Define-XML 2.0 schema
(tests/data/schemas/define-2.0).
"""

from __future__ import annotations

from collections.abc import Sequence

from msc_desktop.central.datasets import Codelist, Dataset, Variable
from msc_desktop.central.xpt import text_lengths
from msc_desktop.domain.protocol import Protocol
from msc_desktop.sync.odm import ODM_NS, _Writer

DEFINE_NS = "http://www.cdisc.org/ns/def/v2.0"
XLINK_NS = "http://www.w3.org/1999/xlink"
_ORIGINS = {
    "Collected": "CRF",
    "Derived": "Derived",
    "Assigned": "Assigned",
    "Protocol": "Protocol",
    "Predecessor": "Predecessor",
}


def _description(xml: _Writer, text: str) -> None:
    xml.open("Description")
    xml.text("TranslatedText", text, {"xml:lang": "en"})
    xml.close("Description")


def _data_type(variable: Variable, values: list[str]) -> str:
    """The Define-XML data type: ISO 8601 variables by what they hold (times are to the minute,
    so a variable holding one is a partialDatetime; a year and month a partialDate)."""
    if variable.data_type in ("date", "datetime"):
        if any("T" in value for value in values):
            return "partialDatetime"
        return "date" if all(len(value) == 10 for value in values if value) else "partialDate"
    return variable.data_type


def write_define(
    protocol: Protocol,
    datasets: Sequence[Dataset],
    lists: dict[str, Codelist],
    standard: str,
    created: str,
) -> bytes:
    """define.xml for `datasets` (SDTM-IG 3.4 or ADaMIG 1.1: `standard`)."""
    adam = standard == "ADaM"
    xml = _Writer()
    xml.open(
        "ODM",
        **{
            "xmlns": ODM_NS,
            "xmlns:def": DEFINE_NS,
            "xmlns:xlink": XLINK_NS,
            "FileType": "Snapshot",
            "FileOID": f"DEF.{protocol.protocol_id}.{standard.upper()}",
            "ODMVersion": "1.3.2",
            "CreationDateTime": created,
            "Originator": "MSC Desktop coordinating centre",
        },
    )
    xml.open("Study", OID=protocol.study_oid)
    xml.open("GlobalVariables")
    xml.text("StudyName", protocol.protocol_id)
    xml.text("StudyDescription", protocol.title.en)
    xml.text("ProtocolName", protocol.registry_id)
    xml.close("GlobalVariables")
    xml.open(
        "MetaDataVersion",
        **{
            "OID": f"MDV.{protocol.protocol_id}.{standard.upper()}.{protocol.version}",
            "Name": f"{protocol.protocol_id} {standard} datasets",
            "Description": f"{standard} datasets of protocol {protocol.protocol_id} version "
            f"{protocol.version}",
            "def:DefineVersion": "2.0.0",
            "def:StandardName": "ADaM-IG" if adam else "SDTM-IG",
            "def:StandardVersion": "1.1" if adam else "3.4",
        },
    )
    used: set[str] = set()
    methods: dict[str, str] = {}
    for dataset in datasets:
        xml.open(
            "ItemGroupDef",
            **{
                "OID": f"IG.{dataset.name}",
                "Name": dataset.name,
                "Repeating": "Yes" if len(dataset.keys) > 2 else "No",
                "IsReferenceData": "No",
                "SASDatasetName": dataset.name,
                **({} if adam else {"Domain": dataset.name.removeprefix("SUPP")}),
                "Purpose": "Analysis" if adam else "Tabulation",
                "def:Structure": dataset.structure,
                "def:Class": dataset.cdisc_class,
                "def:ArchiveLocationID": f"LF.{dataset.name}",
            },
        )
        _description(xml, dataset.label)
        for order, variable in enumerate(dataset.variables, start=1):
            key = (
                {"KeySequence": str(dataset.keys.index(variable.name) + 1)}
                if (variable.name in dataset.keys)
                else {}
            )
            method = {}
            if variable.method is not None:
                method_oid = f"MT.{dataset.name}.{variable.name}"
                methods[method_oid] = variable.method
                method = {"MethodOID": method_oid}
            xml.leaf(
                "ItemRef",
                ItemOID=f"IT.{dataset.name}.{variable.name}",
                OrderNumber=str(order),
                Mandatory="Yes" if variable.name in dataset.keys else "No",
                **key,
                **method,
            )
        xml.open(
            "def:leaf", **{"ID": f"LF.{dataset.name}", "xlink:href": f"{dataset.name.lower()}.xpt"}
        )
        xml.text("def:title", f"{dataset.name.lower()}.xpt")
        xml.close("def:leaf")
        xml.close("ItemGroupDef")
    for dataset in datasets:
        lengths = text_lengths(dataset)
        for index, variable in enumerate(dataset.variables):
            values = dataset.column(variable.name)
            data_type = _data_type(variable, values)
            size = (
                {"Length": str(lengths[index])}
                if data_type in ("text", "integer")
                else ({"Length": "8"} if data_type == "float" else {})
            )
            xml.open(
                "ItemDef",
                OID=f"IT.{dataset.name}.{variable.name}",
                Name=variable.name,
                DataType=data_type,
                **size,
                SASFieldName=variable.name,
            )
            _description(xml, variable.label)
            if variable.codelist is not None:
                used.add(variable.codelist)
                xml.leaf("CodeListRef", CodeListOID=lists[variable.codelist].oid)
            xml.leaf("def:Origin", Type=_ORIGINS[variable.origin])
            xml.close("ItemDef")
    for name in sorted(used):
        codelist = lists[name]
        xml.open("CodeList", OID=codelist.oid, Name=codelist.name, DataType=codelist.data_type)
        for code, decode in codelist.terms:
            xml.open("CodeListItem", CodedValue=code)
            xml.open("Decode")
            xml.text("TranslatedText", decode, {"xml:lang": "en"})
            xml.close("Decode")
            xml.close("CodeListItem")
        xml.close("CodeList")
    for oid, text in methods.items():
        xml.open("MethodDef", OID=oid, Name=f"Algorithm for {oid[3:]}", Type="Computation")
        _description(xml, text)
        xml.close("MethodDef")
    xml.close("MetaDataVersion")
    xml.close("Study")
    xml.close("ODM")
    return xml.getvalue()
