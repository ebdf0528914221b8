"""Protocol amendments compared and checked (domain/amendments.py), with the test amendment 1.1."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from msc_desktop.domain.amendments import (
    check_amendment,
    describe,
    diff_protocols,
    removals,
    version_key,
)
from msc_desktop.domain.protocol_reader import load_protocol, parse_protocol
from msc_desktop.errors import ValidationError
from tests.amendment import NEW_ITEM, NEW_VISIT, amended_declaration, shipped_declaration
from tests.catalogue import translate


def _form(declaration: dict[str, Any], form_id: str) -> dict[str, Any]:
    return next(form for form in declaration["forms"] if form["id"] == form_id)


def _field(declaration: dict[str, Any], form_id: str, name: str) -> dict[str, Any]:
    return next(field for field in _form(declaration, form_id)["fields"] if field["name"] == name)


def test_the_test_amendment_adds_one_visit_one_item_and_two_codes() -> None:
    old, new = load_protocol(), parse_protocol(amended_declaration())
    diff = check_amendment(old, new)
    assert (diff.old_version, diff.new_version) == ("1.0", "1.1")
    assert [visit.code for visit in diff.added_visits] == [NEW_VISIT]
    assert diff.added_visits[0].day == 252
    assert [(form.form_id, field.name) for form, field in diff.added_items] == [("visit", NEW_ITEM)]
    assert [(name, choice.code) for name, choice in diff.added_codes] == [
        ("VISIT", NEW_VISIT),
        ("SCHEDVISIT", NEW_VISIT),
    ]
    assert (
        diff.retired_items,
        diff.retired_visits,
        diff.moved_visits,
        diff.changed_ranges,
        diff.added_forms,
    ) == ((), (), (), (), ())
    assert [visit.code for visit in new.scheduled_visits][-3:] == ["W24", NEW_VISIT, "W48"]
    assert describe(diff) == (
        "New visit: Week 36 follow-up, day 252 (from 7 days before to 7 days after).",
        "New item on the form Visit: Health today (EQ visual analogue scale, 0-100).",
        "New answer: W36 (Week 36 follow-up).",
    )


def test_retiring_an_item_and_a_visit_keeps_them_declared_and_is_listed() -> None:
    declaration = amended_declaration()
    _field(declaration, "visit", "afp")["retired"] = True
    next(visit for visit in declaration["visits"] if visit["code"] == "W24")["retired"] = True
    new = parse_protocol(declaration)
    assert "afp" not in _visit_form_names(new)
    assert [field.name for field in new.form("visit").retired_fields] == ["afp"]
    assert [visit.code for visit in new.retired_visits] == ["W24"]
    assert "W24" not in [visit.code for visit in new.visits]
    diff = check_amendment(load_protocol(), new)
    assert [field.name for _form, field in diff.retired_items] == ["afp"]
    assert [visit.code for visit in diff.retired_visits] == ["W24"]
    lines = describe(diff)
    assert "Visit retired (no longer scheduled): Week 24 follow-up." in lines
    assert "Item retired from the form Visit (no longer asked): Alpha-fetoprotein (AFP)." in lines


def _visit_form_names(protocol: Any) -> tuple[str, ...]:
    return protocol.form("visit").field_names  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (
            lambda d: _form(d, "visit")["fields"].remove(_field(d, "visit", "afp")),
            "the item Alpha-fetoprotein (AFP) of the form Visit",
        ),
        (
            lambda d: d["visits"].remove(next(v for v in d["visits"] if v["code"] == "W48")),
            "the visit Week 48 follow-up",
        ),
        (lambda d: d["codelists"]["OUT"]["items"].pop(), "the answer "),
        (
            lambda d: (
                d["forms"].remove(_form(d, "disposition")),
                d["common_event"]["forms"].remove("disposition"),
            ),
            "the form End of study",
        ),
        (
            lambda d: _field(d, "visit", "eq_vas").update(kind="decimal", decimals=1),
            "the kind of the item",
        ),
    ],
)
def test_an_amendment_that_removes_anything_is_refused(change: Any, named: str) -> None:
    current = parse_protocol(amended_declaration())
    declaration = amended_declaration()
    declaration["version"] = "1.2"
    change(declaration)
    new = parse_protocol(declaration)
    assert any(named in problem for problem in removals(current, new))
    with pytest.raises(ValidationError) as refused:
        check_amendment(current, new)
    assert 'Declare what is no longer asked as "retired" instead.' in str(refused.value)


def test_a_version_that_is_not_newer_is_refused() -> None:
    declaration = amended_declaration()
    for version in ("1.0", "0.9", "1"):
        declaration["version"] = version
        with pytest.raises(ValidationError, match="is not newer than version 1.0"):
            check_amendment(load_protocol(), parse_protocol(declaration))
    declaration["version"] = "1.1A"
    with pytest.raises(ValidationError, match="not numbers separated by dots"):
        check_amendment(load_protocol(), parse_protocol(declaration))
    assert version_key("1.10") > version_key("1.9") > version_key("1")


def test_another_trial_is_refused() -> None:
    declaration = amended_declaration()
    declaration["protocol_id"] = "OTHER01"
    with pytest.raises(ValidationError, match="for trial OTHER01, not XJMSC0001"):
        check_amendment(load_protocol(), parse_protocol(declaration))


def test_changed_ranges_and_moved_visits_are_listed_with_values() -> None:
    declaration = copy.deepcopy(shipped_declaration())
    declaration["version"] = "1.0.1"
    bilirubin = next(test for test in declaration["lab_tests"] if test["code"] == "BILI")
    bilirubin["soft_range"] = {"low": bilirubin["soft_range"]["low"], "high": "25"}
    w12 = next(visit for visit in declaration["visits"] if visit["code"] == "W12")
    w12["window_after"] = 10
    diff = diff_protocols(load_protocol(), parse_protocol(declaration))
    soft = [change for change in diff.changed_ranges if change.form.form_id == "visit"]
    assert [(change.field.name, change.kind) for change in soft] == [("bilirubin", "soft")]
    assert soft[0].new is not None and soft[0].new.high == Decimal(25)
    assert [(move.old.window_after, move.new.window_after) for move in diff.moved_visits] == [
        (7, 10)
    ]
    lines = describe(diff)
    assert any(
        line.startswith("Visit, Total bilirubin: expected range") and line.endswith("to 25 mg/dL.")
        for line in lines
    ), lines
    assert not diff_protocols(load_protocol(), load_protocol()).added_items
    assert describe(diff_protocols(load_protocol(), load_protocol())) == (
        "No change to visits, forms, items or ranges.",
    )


def test_changed_decimals_are_listed_per_unit() -> None:
    declaration = copy.deepcopy(shipped_declaration())
    declaration["version"] = "1.0.1"
    bilirubin = next(test for test in declaration["lab_tests"] if test["code"] == "BILI")
    next(unit for unit in bilirubin["units"] if unit["code"] == "umol/L")["decimals"] = 0
    _field(declaration, "screening", "liver_stiffness")["decimals"] = 2
    diff = check_amendment(load_protocol(), parse_protocol(declaration))
    assert [
        (change.form.form_id, change.field.name, change.unit, change.old, change.new)
        for change in diff.changed_decimals
    ] == [
        ("screening", "bilirubin", "umol/L", 1, 0),
        ("screening", "liver_stiffness", "kPa", 1, 2),
        ("visit", "bilirubin", "umol/L", 1, 0),
    ]
    assert diff.changed_ranges == () and not diff.is_empty
    lines = describe(diff)
    assert "Visit, Total bilirubin: decimal places in umol/L change from 1 to 0." in lines
    assert [line.render("zh", translate) for line in lines][:1] == [
        "筛选，总胆红素：小数位数（umol/L）由 1 改为 0。"
    ]
    assert not diff_protocols(load_protocol(), load_protocol()).changed_decimals


def test_every_change_sentence_has_a_chinese_translation() -> None:
    declaration = amended_declaration()
    _field(declaration, "visit", "afp")["retired"] = True
    next(vital for vital in declaration["vital_signs"] if vital["code"] == "WEIGHT")["decimals"] = 2
    for line in describe(check_amendment(load_protocol(), parse_protocol(declaration))):
        assert translate(line.template)
