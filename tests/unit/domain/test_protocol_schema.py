"""The published JSON Schema of the protocol declaration (resources/protocol.schema.json): current,
met by the shipped declaration and the amendments, and refusing what the app refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from msc_desktop.domain.protocol_reader import parse_protocol
from msc_desktop.domain.protocol_schema import check_shape, schema_text
from msc_desktop.errors import ValidationError
from msc_desktop.paths import resources_dir
from tests.amendment import amended_declaration

SCHEMA_FILE = resources_dir() / "protocol.schema.json"


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((resources_dir() / "protocol.json").read_text("utf-8"))
    return data


def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_the_committed_schema_is_what_the_models_generate() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "run: python tools/protocol_schema.py"
    )


def test_the_shipped_declaration_and_the_amendments_meet_the_schema() -> None:
    """tests/data/amendment-1.1.json is a change: it is checked as the declaration it makes."""
    for data in (_raw(), amended_declaration()):
        assert [error.message for error in _validator().iter_errors(data)] == []
        parse_protocol(data)


def _float_decimal(data: dict[str, Any]) -> None:
    data["lab_tests"][0]["units"][1]["divide_by"] = 17.1


def _lowercase_oid(data: dict[str, Any]) -> None:
    data["forms"][0]["fields"][5]["oid"] = "IT.DM.sex"


def _no_visits(data: dict[str, Any]) -> None:
    del data["visits"]


def _unknown_rule(data: dict[str, Any]) -> None:
    data["forms"][5]["rules"][0]["kind"] = "sometimes"


def _places_as_text(data: dict[str, Any]) -> None:
    data["vital_signs"][0]["decimals"] = "1"


def _empty_label(data: dict[str, Any]) -> None:
    data["visits"][1]["name"]["zh"] = " "


def _list_for_an_object(data: dict[str, Any]) -> None:
    data["dosing"] = []


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (
            _float_decimal,
            "protocol.lab_tests[0].units[1].divide_by must be a decimal written as a string",
        ),
        (_lowercase_oid, 'protocol.forms[0].fields[5].oid must be an OID such as "IT.NAME"'),
        (_no_visits, 'protocol has no "visits"'),
        (_unknown_rule, "protocol.forms[5].rules[0].kind must be date_order, within_days,"),
        (
            _places_as_text,
            "protocol.vital_signs[0].decimals must be a whole number of decimal places",
        ),
        (_empty_label, "protocol.visits[1].name.zh must be a non-empty string"),
        (_list_for_an_object, "protocol.dosing must be an object"),
    ],
)
def test_a_bad_shape_is_one_line_naming_its_path_and_the_schema_refuses_it_too(
    damage: Any, says: str
) -> None:
    data = _raw()
    damage(data)
    with pytest.raises(ValidationError) as caught:
        check_shape(data)
    text = str(caught.value)
    assert text.startswith(f"The protocol definition is invalid: {says}") and "\n" not in text
    assert list(_validator().iter_errors(data)) != []
