"""Blank paper case report forms for downtime, generated from the protocol's form declarations.

Each form of resources/protocol.json becomes one section (new page) with the same fields in the
same order as the screens, the same labels, required marks, units with their step (the declared
decimal places: "step 0.1"), accepted (hard) and expected (soft) ranges, the condition under which
a field or form applies ("only if Sex is Female"), choices as tick boxes, and the form's checks
written out; lab results are a table with each unit's step and the accepted range in every unit
the lab may report. A protocol amendment therefore changes the paper forms with no code change.

QR payload: `MSCF1|<protocol id>|<version>|<form ids, comma-separated>|<check>`, where <check> is
the first 10 hex digits of SHA-256 over the UTF-8 JSON array (no spaces) of [form id, [field
names]] pairs, so a paper form can be matched to the protocol version it was printed from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from reportlab.platypus import Flowable, PageBreak, Table

from msc_desktop.domain.decimals import grouped
from msc_desktop.domain.protocol import (
    Condition,
    DateOrderRule,
    ExpectAnyRule,
    FieldDef,
    FormDef,
    FormRule,
    ImpliesRule,
    LabTest,
    MomentNotFutureRule,
    Protocol,
    RequiredIfRule,
    ValueRange,
    WithinDaysRule,
)
from msc_desktop.errors import ValidationError
from msc_desktop.reports.sheet import (
    SHADE,
    Language,
    Paper,
    SheetHeader,
    Styles,
    content_width,
    grid_style,
    para,
    render_pdf,
    spacer,
    styles,
    text,
)

PAYLOAD_TAG = "MSCF1"
CHECK_DIGITS = 10
BOX = "\u2610"
_DISPLAY_STEP = Decimal("0.001")
_BLANK_ENTRY = {
    "date": "____-__-__",
    "datetime": "____-__-__  __:__",
}


def forms_payload(forms: Sequence[FormDef], protocol: Protocol) -> str:
    """The QR payload of a set of blank forms of `protocol` (see the module docstring)."""
    canonical = json.dumps(
        [[form.form_id, list(form.field_names)] for form in forms],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    check = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:CHECK_DIGITS]
    ids = ",".join(form.form_id for form in forms)
    return f"{PAYLOAD_TAG}|{protocol.protocol_id}|{protocol.version}|{ids}|{check}"


def select_forms(form_ids: Sequence[str] | None, protocol: Protocol) -> tuple[FormDef, ...]:
    """The protocol's forms, all of them in protocol order by default."""
    if not form_ids:
        return protocol.forms
    known = {form.form_id for form in protocol.forms}
    unknown = [form_id for form_id in form_ids if form_id not in known]
    if unknown:
        raise ValidationError(
            "The protocol has no form {unknown}; the forms are {forms}.",
            unknown=", ".join(unknown),
            forms=", ".join(form.form_id for form in protocol.forms),
        )
    return tuple(protocol.form(form_id) for form_id in form_ids)


def render_blank_forms(
    *,
    site_id: str,
    site_name: str,
    language: Language,
    paper: Paper,
    printed_at: datetime,
    protocol: Protocol,
    form_ids: Sequence[str] | None = None,
    demo: bool = False,
) -> bytes:
    """The blank forms of `protocol` as PDF bytes, each form starting on a new page."""
    forms = select_forms(form_ids, protocol)
    sheet_styles = styles(language)
    width = content_width(paper)
    story: list[Flowable] = [para(text("blank_forms_intro", language), sheet_styles.small)]
    for index, form in enumerate(forms, start=1):
        if index > 1:
            story.append(PageBreak())
        story.extend(_form_story(protocol, index, form, language, sheet_styles, width))
    header = SheetHeader(
        demo=demo,
        title=text("blank_forms_title", language),
        site_id=site_id,
        site_name=site_name,
        subject_id=None,
        printed_at=printed_at,
        qr_payload=forms_payload(forms, protocol),
        audience=text("site_records", language),
        language=language,
        protocol=protocol,
    )
    return render_pdf(header, story, paper)


def _form_story(
    protocol: Protocol,
    index: int,
    form: FormDef,
    language: Language,
    sheet_styles: Styles,
    width: float,
) -> list[Flowable]:
    story: list[Flowable] = [para(f"{index}. {form.title.get(language)}", sheet_styles.title)]
    if form.applies_if is not None:
        story.append(
            para(
                _condition_text(protocol, form, form.applies_if, "form_applies_if", language),
                sheet_styles.body,
            )
        )
    pending: list[FieldDef] = []
    for field in form.fields:
        if field.kind == "lab":
            pending.append(field)
            continue
        if pending:
            story.append(_lab_table(protocol, form, pending, language, sheet_styles, width))
            pending = []
        story.append(_field_row(protocol, form, field, language, sheet_styles, width))
    if pending:
        story.append(_lab_table(protocol, form, pending, language, sheet_styles, width))
    if form.rules:
        story.append(para(text("rules", language), sheet_styles.heading))
        story.extend(
            para(f"• {_rule_sentence(protocol, form, rule, language)}", sheet_styles.small)
            for rule in form.rules
        )
    story.extend([spacer(3), para(text("form_signature", language), sheet_styles.body)])
    return story


_FIELD_SHARES = (0.34, 0.33, 0.33)


def _field_row(
    protocol: Protocol,
    form: FormDef,
    field: FieldDef,
    language: Language,
    sheet_styles: Styles,
    width: float,
) -> Table:
    """One field as a one-row table, so that rows of the form never split across pages."""
    label = field.label.get(language) + (" *" if field.required else "")
    if field.site_only:
        label += f" ({text('site_only_mark', language)})"
    if field.applies_if is not None:
        label += f" ({_condition_text(protocol, form, field.applies_if, 'applies_if', language)})"
    if field.choices:
        entry = "   ".join(f"{BOX}\u00a0{choice.label.get(language)}" for choice in field.choices)
    else:
        entry = _BLANK_ENTRY.get(field.kind, "")
    details: list[str] = []
    if field.units:
        details.append(" / ".join(field.units))
    decimals = field.allowed_decimals()
    if decimals is not None:
        details.append(_step_text(decimals, language))
    if field.hard_range is not None:
        details.append(_range_text(field.hard_range, language))
    if field.soft_range is not None:
        details.append(
            text("expected_range", language).format(
                low=grouped(field.soft_range.low), high=grouped(field.soft_range.high)
            )
        )
    if field.max_length is not None:
        details.append(text("max_chars", language).format(count=field.max_length))
    writing_space = 0 if field.choices or field.kind in _BLANK_ENTRY else 5
    return Table(
        [
            [
                para(label, sheet_styles.label),
                para(entry, sheet_styles.value),
                para("; ".join(details), sheet_styles.small),
            ]
        ],
        colWidths=[width * share for share in _FIELD_SHARES],
        style=grid_style(
            ("BACKGROUND", (0, 0), (0, 0), SHADE),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 + writing_space),
        ),
    )


def _step_text(decimals: int, language: Language) -> str:
    """The smallest difference written: "step 0.01" (two decimal places), "step 1" (whole
    numbers)."""
    return text("step", language).format(step=f"{Decimal(1).scaleb(-decimals):f}")


def _range_text(value_range: ValueRange, language: Language, unit: str = "") -> str:
    return (
        text("range", language)
        .format(low=_shown(value_range.low), high=_shown(value_range.high), unit=unit)
        .strip()
    )


def _shown(value: Decimal) -> str:
    """`value` grouped; a converted limit with more than 3 decimals shown rounded, marked "≈"."""
    if value != value.quantize(_DISPLAY_STEP, rounding=ROUND_HALF_UP):
        return "≈" + grouped(value.quantize(_DISPLAY_STEP, rounding=ROUND_HALF_UP))
    return grouped(value)


def _lab_table(
    protocol: Protocol,
    form: FormDef,
    fields: Sequence[FieldDef],
    language: Language,
    sheet_styles: Styles,
    width: float,
) -> Table:
    """Lab results: test, result, the unit ticked, and the accepted range in every unit."""
    rows: list[list[Flowable | str]] = [
        [
            para(text(key, language), sheet_styles.label)
            for key in ("lab_test", "result", "unit_tick", "accepted_range")
        ]
    ]
    for field in fields:
        assert field.test is not None
        test = protocol.lab_test(field.test)
        label = field.label.get(language) + (" *" if field.required else "")
        if field.applies_if is not None:
            label += (
                f" ({_condition_text(protocol, form, field.applies_if, 'applies_if', language)})"
            )
        rows.append(
            [
                para(label, sheet_styles.label),
                "",
                para(
                    "   ".join(
                        f"{BOX}\u00a0{unit.code}"
                        + (
                            ""
                            if unit.decimals is None
                            else f" ({_step_text(unit.decimals, language)})"
                        )
                        for unit in test.units
                    ),
                    sheet_styles.value,
                ),
                para(_lab_ranges(test, language), sheet_styles.small),
            ]
        )
    return Table(
        rows,
        colWidths=[width * 0.27, width * 0.17, width * 0.25, width * 0.31],
        repeatRows=1,
        style=grid_style(
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("BACKGROUND", (0, 0), (0, -1), SHADE),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 5),
        ),
    )


def _lab_ranges(test: LabTest, language: Language) -> str:
    accepted = "; ".join(
        _range_text(
            ValueRange(
                unit.from_standard(test.hard_range.low), unit.from_standard(test.hard_range.high)
            ),
            language,
            unit.code,
        )
        for unit in test.units
    )
    expected = text("expected_range", language).format(
        low=grouped(test.soft_range.low), high=grouped(test.soft_range.high)
    )
    return f"{accepted} ({expected} {test.standard_unit})"


def _field_of(protocol: Protocol, form: FormDef, name: str) -> FieldDef:
    """A field of this form, or "form.field" / "participant.arm" elsewhere."""
    return protocol.context_field(name) if "." in name else form.field(name)


def _choices_text(
    protocol: Protocol, form: FormDef, name: str, codes: Sequence[str], language: Language
) -> str:
    labels = {
        choice.code: choice.label.get(language)
        for choice in _field_of(protocol, form, name).choices
    }
    return text("or", language).join(labels.get(code, code) for code in codes)


def _condition_text(
    protocol: Protocol, form: FormDef, condition: Condition, key: str, language: Language
) -> str:
    return text(key, language).format(
        field=_field_of(protocol, form, condition.field).label.get(language),
        values=_choices_text(protocol, form, condition.field, condition.values, language),
    )


def _rule_sentence(protocol: Protocol, form: FormDef, rule: FormRule, language: Language) -> str:
    def label(name: str) -> str:
        return _field_of(protocol, form, name).label.get(language)

    def values(field_name: str, codes: Sequence[str]) -> str:
        return _choices_text(protocol, form, field_name, codes, language)

    if isinstance(rule, DateOrderRule):
        return text("rule_date_order", language).format(
            earlier=label(rule.earlier), later=label(rule.later)
        )
    if isinstance(rule, WithinDaysRule):
        return text("rule_within_days", language).format(
            earlier=label(rule.earlier), later=label(rule.later), days=rule.days
        )
    if isinstance(rule, RequiredIfRule):
        return text("rule_required_if", language).format(
            field=label(rule.field),
            when=label(rule.when.field),
            values=values(rule.when.field, rule.when.values),
        )
    if isinstance(rule, MomentNotFutureRule):
        return text("rule_not_future_moment", language).format(
            date=label(rule.date), time=label(rule.time)
        )
    if isinstance(rule, ExpectAnyRule):
        return text("rule_expect_any", language).format(
            when=label(rule.when.field),
            values=values(rule.when.field, rule.when.values),
            fields=", ".join(label(item.field) for item in rule.any_of),
            then_values=text("or", language).join(
                dict.fromkeys(values(item.field, item.values) for item in rule.any_of)
            ),
        )
    assert isinstance(rule, ImpliesRule)
    return text("rule_implies", language).format(
        when=label(rule.when.field),
        values=values(rule.when.field, rule.when.values),
        then=label(rule.then.field),
        then_values=values(rule.then.field, rule.then.values),
    )
