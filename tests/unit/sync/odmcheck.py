"""Checks every ODM document the app writes must pass: the 1.3.2 schema, and no dangling OID."""

from __future__ import annotations

from lxml import etree

from tests.conftest import ODM_SCHEMA

REFERENCE_ATTRIBUTES = (
    "StudyEventOID",
    "FormOID",
    "ItemGroupOID",
    "ItemOID",
    "UserOID",
    "LocationOID",
    "SignatureOID",
    "StudyOID",
    "MetaDataVersionOID",
)


def assert_valid_odm(xml: bytes) -> None:
    """Schema-valid, references something, and every referenced OID is defined in the file."""
    schema = etree.XMLSchema(etree.parse(str(ODM_SCHEMA)))
    document = etree.fromstring(xml)
    schema.assertValid(document)
    defined = set(document.xpath("//@OID"))
    references = {
        value for attribute in REFERENCE_ATTRIBUTES for value in document.xpath(f"//@{attribute}")
    }
    assert references, "the document references nothing"
    assert references <= defined, references - defined
