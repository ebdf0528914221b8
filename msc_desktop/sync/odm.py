"""The ODM 1.3.2 XML writer shared by the bundle's clinical payload
(sync/odm_clinical_writer.py), its MetaDataVersion (sync/odm_metadata.py) and the centre's
exports: well-formed, escaped XML appended as strings, with every character XML 1.0 cannot carry
replaced.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

ODM_NS = "http://www.cdisc.org/ns/odm/v1.3"
_OID_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


@lru_cache(maxsize=65536)
def oid_part(text: str) -> str:
    """`text` as a part of an OID: letters, digits, `_`, `.` and `-` only, upper case."""
    return _OID_UNSAFE.sub("_", text).upper()


# Characters XML 1.0 cannot carry at all become U+FFFD; the rest are escaped.
_INVALID = "".join(chr(code) for code in range(32) if code not in (9, 10, 13))
_TEXT_ESCAPES = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    **{ord(character): "\ufffd" for character in _INVALID + "\ufffe\uffff"},
}
_ATTRIBUTE_ESCAPES = {**_TEXT_ESCAPES, ord('"'): "&quot;", 9: "&#9;", 10: "&#10;", 13: "&#13;"}
_NEEDS_ESCAPE = re.compile(f'[&<>"\t\n\r{re.escape(_INVALID)}\ufffe\uffff\ud800-\udfff]')


def _escape(value: str, table: Mapping[int, str]) -> str:
    if not _NEEDS_ESCAPE.search(value):
        return value
    value = (
        value.encode("utf-8", "replace").decode("utf-8")
        if re.search("[\ud800-\udfff]", value)
        else value
    )
    return value.translate(table)


class _Writer:
    """Appends well-formed, escaped XML to a list of strings (much faster than building a tree)."""

    def __init__(self) -> None:
        self.parts: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>\n']

    def _start(self, name: str, attributes: Mapping[str, str]) -> None:
        self.parts.append(f"<{name}")
        for key, value in attributes.items():
            self.parts.append(f' {key}="{_escape(value, _ATTRIBUTE_ESCAPES)}"')

    def open(self, name: str, **attributes: str) -> None:
        self._start(name, attributes)
        self.parts.append(">\n")

    def leaf(self, name: str, **attributes: str) -> None:
        self._start(name, attributes)
        self.parts.append("/>\n")

    def text(self, name: str, text: str, attributes: Mapping[str, str] | None = None) -> None:
        self._start(name, attributes or {})
        self.parts.append(f">{_escape(text, _TEXT_ESCAPES)}</{name}>\n")

    def close(self, name: str) -> None:
        self.parts.append(f"</{name}>\n")

    def getvalue(self) -> bytes:
        return "".join(self.parts).encode("utf-8")


def write_signature_defs(xml: _Writer, meanings: Mapping[str, str]) -> None:
    """AdminData's SignatureDef of each signature meaning (`{meaning: OID}`): electronic, under
    21 CFR Part 11."""
    for meaning, oid in meanings.items():
        xml.open("SignatureDef", OID=oid, Methodology="Electronic")
        xml.text("Meaning", meaning)
        xml.text(
            "LegalReason",
            "Electronic signature under 21 CFR Part 11: password re-entered by the signer",
        )
        xml.close("SignatureDef")
