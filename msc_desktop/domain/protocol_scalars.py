"""The scalar types of a protocol declaration for the pydantic models of protocol_schema.py: text,
whole numbers, flags, decimals written as strings, decimal places, OIDs by their prefix and the
kinds and categories of domain/protocol.py; each checks a value and says what its JSON Schema is."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, get_args

from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError as _Fault

from msc_desktop.domain.protocol import CriterionCategory, CriterionSource, FieldKind

#: The most decimal places a number item may declare.
MAX_DECIMALS = 6
_OID_PART = re.compile(r"[A-Z0-9_]+")
_OID_PARTS = r"[A-Z0-9_]+(\.[A-Z0-9_]+)*"


def fault(problem: str) -> _Fault:
    # Imported as _Fault, not "...Error": tools/translations.py would take its first argument, a
    # code, for a sentence to translate.
    return _Fault("protocol", problem)


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fault("must be a non-empty string")
    return value


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise fault("must be a whole number")
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise fault("must be true or false")
    return value


def _decimal(value: object) -> Decimal:
    # Floats are refused: a decimal must be written as a string to be exact.
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise fault("must be a decimal written as a string")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise fault("must be a decimal written as a string") from None
    if not number.is_finite():
        raise fault("must be finite")
    return number


def _places(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DECIMALS:
        raise fault(f"must be a whole number of decimal places from 0 to {MAX_DECIMALS}")
    return value


def _oid_part(value: object) -> str:
    text = _text(value)
    if not all(_OID_PART.fullmatch(part) for part in text.split(".")):
        raise fault('must be capital letters, digits, "_" and "." (it is part of OIDs)')
    return text


def _oid_check(prefix: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        text = _text(value)
        kind, _, rest = text.partition(".")
        if kind != prefix or not all(_OID_PART.fullmatch(part) for part in rest.split(".")):
            raise fault(
                f'must be an OID such as "{prefix}.NAME" (capital letters, digits and "_", '
                'parts joined by ".")'
            )
        return text

    return check


def _oid_schema(prefix: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": f"^{re.escape(prefix)}\\.{_OID_PARTS}$"})


def _one_of_check(*choices: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in choices:
            raise fault(f"must be one of {', '.join(choices)}")
        return str(value)

    return check


Text = Annotated[str, PlainValidator(_text), WithJsonSchema({"type": "string", "pattern": r"\S"})]
Whole = Annotated[int, PlainValidator(_whole), WithJsonSchema({"type": "integer"})]
Flag = Annotated[bool, PlainValidator(_flag), WithJsonSchema({"type": "boolean"})]
DecimalText = Annotated[
    Decimal,
    PlainValidator(_decimal),
    WithJsonSchema(
        {
            "description": "A decimal written as a string to be exact (or a whole number).",
            "anyOf": [
                {"type": "string", "pattern": r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"},
                {"type": "integer"},
            ],
        }
    ),
]
Places = Annotated[
    int,
    PlainValidator(_places),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_DECIMALS}),
]
OidPart = Annotated[
    str, PlainValidator(_oid_part), WithJsonSchema({"type": "string", "pattern": f"^{_OID_PARTS}$"})
]
Reference = Annotated[
    str,
    PlainValidator(_text),
    WithJsonSchema(
        {
            "type": "string",
            "description": 'A declared value named by its path, e.g. "dosing.weight_range_kg".',
        }
    ),
]

StudyOid = Annotated[str, PlainValidator(_oid_check("ST")), _oid_schema("ST")]
EventOid = Annotated[str, PlainValidator(_oid_check("SE")), _oid_schema("SE")]
FormOid = Annotated[str, PlainValidator(_oid_check("F")), _oid_schema("F")]
GroupOid = Annotated[str, PlainValidator(_oid_check("IG")), _oid_schema("IG")]
ItemOid = Annotated[str, PlainValidator(_oid_check("IT")), _oid_schema("IT")]
CodelistOid = Annotated[str, PlainValidator(_oid_check("CL")), _oid_schema("CL")]
UnitOid = Annotated[str, PlainValidator(_oid_check("MU")), _oid_schema("MU")]
Category = Annotated[
    str,
    PlainValidator(_one_of_check(*get_args(CriterionCategory))),
    WithJsonSchema({"enum": list(get_args(CriterionCategory))}),
]
Source = Annotated[
    str,
    PlainValidator(_one_of_check(*get_args(CriterionSource))),
    WithJsonSchema({"enum": list(get_args(CriterionSource))}),
]
FieldKindDecl = Annotated[
    str,
    PlainValidator(_one_of_check(*get_args(FieldKind))),
    WithJsonSchema({"enum": list(get_args(FieldKind))}),
]
