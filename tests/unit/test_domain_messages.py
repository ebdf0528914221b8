"""The domain's sentences in Chinese: templates from the shipped core catalogue, protocol labels in
Chinese.

The core catalogue's "Messages" context is read with xml.etree (no Qt here), so these tests check
the translations that ship, and that the English sentences stay exactly as they were.
"""

from __future__ import annotations

from datetime import date

import pytest

from msc_desktop.domain.dosing import plan_dose
from msc_desktop.domain.eligibility import evaluate_eligibility
from msc_desktop.domain.events import ParticipantState, blocking_reasons
from msc_desktop.domain.field_values import FieldIssue
from msc_desktop.domain.forms import validate_form
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.domain.wording import either, listed, quoted
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message
from tests.catalogue import translate

PROTOCOL = load_protocol()

TODAY = date(2026, 11, 29)


def chinese(message: object) -> str:
    assert isinstance(message, Message), f"{message!r} is not a translatable Message"
    return message.render("zh", translate)


def _issue(form_id: str, values: dict[str, object], field: str) -> FieldIssue:
    issues = [
        i
        for i in validate_form(form_id, values, today=TODAY, protocol=PROTOCOL)
        if i.field == field
    ]
    assert len(issues) == 1, issues
    return issues[0]


def test_a_range_error_and_warning_name_the_chinese_field_label() -> None:
    error = _issue("screening", {"weight": "300"}, "weight")
    assert error.severity == "error"
    assert error.message == "Body weight must be between 20 and 250 kg; 300 kg was entered."
    assert error.message.render("en") == error.message
    assert chinese(error.message) == "体重必须在 20 到 250 kg 之间；输入的是 300 kg。"
    warning = _issue("screening", {"bilirubin": ("600", "umol/L")}, "bilirubin")
    assert warning.severity == "warning"
    assert warning.message == (
        "Total bilirubin of 600 umol/L (35.09 mg/dL) is unusual (expected between 0.2 and "
        "30 mg/dL); please check it."
    )
    assert chinese(warning.message) == (
        "总胆红素为 600 umol/L（35.09 mg/dL），数值不寻常（预期在 0.2 到 30 mg/dL 之间）；请核对。"
    )


def test_a_unit_written_with_words_is_translated_and_a_unit_symbol_kept() -> None:
    error = _issue("screening", {"heart_rate": "300"}, "heart_rate")
    assert (
        error.message
        == "Heart rate must be between 20 and 250 beats/min; 300 beats/min was entered."
    )
    assert chinese(error.message) == "心率必须在 20 到 250 次/分 之间；输入的是 300 次/分。"
    with pytest.raises(ValidationError) as raised:
        plan_dose("70", "0.5", "90")
    assert chinese(raised.value.message) == (
        "细胞浓度必须在 100000 到 100000000 个细胞/mL 之间；输入的是 0.5 个细胞/mL。"
    )


def test_a_parse_error_keeps_the_chinese_label_and_the_chinese_choices() -> None:
    issue = _issue("disposition", {"status": "GONE"}, "status")
    choices = load_protocol().form("disposition").field("status").choices
    assert issue.message == (
        f"Disposition must be one of: {', '.join(c.label.en for c in choices)}; 'GONE' was entered."
    )
    assert chinese(issue.message) == (
        f"研究状态必须是以下之一：{'、'.join(c.label.zh for c in choices)}；输入的是 'GONE'。"
    )


def test_a_required_if_issue_names_both_fields_and_the_choices_in_chinese() -> None:
    issue = _issue("adverse_event", {"outcome": "FATAL", "grade": "5"}, "end_date")
    assert issue.message == (
        'End date is required when Outcome is "Recovered/resolved" or '
        '"Recovered/resolved with sequelae" or "Fatal".'
    )
    zh = "转归为“痊愈/消退”或“痊愈但有后遗症”或“死亡”时，结束日期为必填项。"
    assert chinese(issue.message) == zh


def test_a_date_order_issue_names_the_other_form_in_chinese() -> None:
    issues = validate_form(
        "screening",
        {"screening_date": "2026-01-05"},
        today=TODAY,
        context={"consent.consent_date": "2026-01-10"},
        protocol=PROTOCOL,
    )
    order = next(i for i in issues if "cannot be before" in i.message)
    protocol = load_protocol()
    screening = protocol.form("screening").field("screening_date").label
    consent = protocol.form("consent").field("consent_date").label
    assert order.message == (
        f"{screening.en} (2026-01-05) cannot be before {consent.en} (Informed consent form) "
        "(2026-01-10)."
    )
    assert chinese(order.message) == (
        f"{screening.zh}（2026-01-05）不能早于{consent.zh}（知情同意表单）（2026-01-10）。"
    )


@pytest.mark.parametrize(
    ("weight", "viability", "english", "expected"),
    [
        (
            "70",
            "65",
            (
                "Viability is 65 %, below the 70 % release threshold: the product may not be "
                "released without an investigator's signed override."
            ),
            "活率为 65 %，低于 70 % 的放行限值：没有研究者签名的特批，产品不得放行。",
        ),
        (
            "80",
            "90",
            "Weight is 14.3 % more than at baseline, over the 10 % limit: check the weight.",
            "体重比基线增加 14.3 %，超过 10 % 的限值：请核对体重。",
        ),
    ],
)
def test_a_dosing_warning_renders_in_chinese(
    weight: str, viability: str, english: str, expected: str
) -> None:
    plan = plan_dose(weight, "10000000", viability, baseline_weight_kg="70")
    (warning,) = plan.warnings
    assert warning.message == english
    assert chinese(warning.message) == expected
    assert chinese(plan.rounding) == "四舍五入到 0.1 mL"


def test_a_dosing_error_names_the_quantity_in_chinese() -> None:
    with pytest.raises(ValidationError) as raised:
        plan_dose("250", "10000000", "90")
    assert str(raised.value) == "Weight must be between 30 and 200 kg; 250 kg was entered."
    assert chinese(raised.value.message) == "体重必须在 30 到 200 kg 之间；输入的是 250 kg。"


def test_eligibility_reasons_render_with_the_chinese_criterion_text() -> None:
    result = evaluate_eligibility(
        {"ex_malignancy": "U"},
        date_of_birth=date(1950, 1, 1),
        consent_date=date(2026, 1, 1),
        written_consent=True,
        protocol=PROTOCOL,
    )
    outcomes = {outcome.criterion.code: outcome for outcome in result.outcomes}
    age, malignancy, child_pugh = outcomes["IN01"], outcomes["EX01"], outcomes["IN03"]
    assert age.reason == "IN01: age 76 at consent is outside 18 to 65."
    assert chinese(age.reason) == "IN01：签署知情同意时年龄 76 岁，不在 18 至 65 岁范围内。"
    criterion = malignancy.criterion.text
    assert malignancy.reason == f'EX01: {criterion.en}: answered "not known".'
    assert chinese(malignancy.reason) == f"EX01：{criterion.zh}：回答为“不详”。"
    assert chinese(malignancy.detail) == "回答为“不详”。"
    assert child_pugh.reason == (
        "IN03: the Child-Pugh score needs bilirubin, albumin, INR, ascites, encephalopathy grade."
    )
    assert chinese(child_pugh.reason) == (
        "IN03：计算 Child-Pugh 评分需要胆红素、白蛋白、国际标准化比值（INR）、腹水、肝性脑病分级。"
    )


def test_a_blocking_reason_names_the_arm_by_its_chinese_label() -> None:
    state = ParticipantState(
        consent_recorded=True, eligibility="eligible", eligibility_signed=True, arm="CONTROL"
    )
    (reason,) = blocking_reasons("randomize", state, PROTOCOL)
    assert reason == "The participant is already randomized (arm CONTROL); it cannot be redone."
    assert chinese(reason) == "该受试者已随机化（组别：单纯标准治疗）；不能重新随机化。"


def test_lists_and_quotes_follow_the_language() -> None:
    labels = [
        choice.label for choice in load_protocol().form("disposition").field("status").choices
    ]
    first, second, third = labels[:3]
    assert listed([first, second, third]) == f"{first.en}, {second.en}, {third.en}"
    assert chinese(listed([first, second, third])) == f"{first.zh}、{second.zh}、{third.zh}"
    assert either([quoted(first), quoted(second)]) == f'"{first.en}" or "{second.en}"'
    assert chinese(either([quoted(first), quoted(second)])) == f"“{first.zh}”或“{second.zh}”"
    assert listed(["HIV"]) == "HIV"
