"""The dosing worksheet's page (DESIGN section 6, issue 6): the layout of a checked
`domain.worksheet.DosingWorksheet` in reportlab, with its flags in the sheet's language."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from msc_desktop.domain.decimals import format_decimal, grouped
from msc_desktop.domain.protocol import FieldDef, FormDef, Protocol
from msc_desktop.domain.worksheet import DosingWorksheet, WorksheetFlag, signed_percent
from msc_desktop.reports.sheet import (
    ALERT,
    SHADE,
    Language,
    Paper,
    SheetHeader,
    Styles,
    content_width,
    grid_style,
    label_value_table,
    para,
    render_pdf,
    section,
    styles,
    table_style,
    text,
)
from msc_desktop.translations import unit_text

# The infusion form's vital-sign fields, by the worksheet's time points (DESIGN section 6).
_VITAL_TIME_POINTS = (
    ("vitals_before", "pre_"),
    ("vitals_15min", "during_"),
    ("vitals_end", "post_"),
    ("vitals_1h", "post_"),
)


def flag_sentence(flag: WorksheetFlag, language: Language) -> str:
    """A worksheet flag as the sheet prints it, in `language`."""
    return text(f"flag_{flag.code}", language).format(**flag.values)


def render_worksheet(
    sheet: DosingWorksheet,
    *,
    site_id: str,
    site_name: str,
    language: Language,
    paper: Paper,
    printed_at: datetime,
    reprint: int = 0,
    demo: bool = False,
) -> bytes:
    """The worksheet as PDF bytes (`reprint` n > 0 marks it "REPRINT n")."""
    sheet_styles = styles(language)
    width = content_width(paper)
    header = SheetHeader(
        demo=demo,
        title=f"{text('worksheet_title', language)}: {sheet.visit.name.get(language)}",
        site_id=site_id,
        site_name=site_name,
        subject_id=sheet.data.subject_id,
        printed_at=printed_at,
        qr_payload=sheet.qr_payload,
        audience=text("for_centre", language),
        check_code=sheet.check_code,
        language=language,
        protocol=sheet.protocol,
        reprint=reprint,
    )
    story: list[Flowable] = [
        *_participant_section(sheet, language, sheet_styles, width),
        *_dose_sections(sheet, language, sheet_styles, width),
        *_administration_sections(sheet.protocol, language, sheet_styles, width),
        _signature_section(sheet, language, sheet_styles, width),
    ]
    return render_pdf(header, story, paper)


def _participant_section(
    sheet: DosingWorksheet, language: Language, sheet_styles: Styles, width: float
) -> list[Flowable]:
    protocol = sheet.protocol
    arm = next(item for item in protocol.arms if item.code == sheet.data.arm)
    window = sheet.window
    assert sheet.data.day0 is not None
    cells = [
        (text("window", language), 0.13),
        (
            text("window_value", language).format(
                opens=window.opens.isoformat(), closes=window.closes.isoformat()
            ),
            0.33,
        ),
        (text("day0", language), 0.07),
        (sheet.data.day0.isoformat(), 0.13),
        (text("arm", language), 0.06),
        (arm.label.get(language), 0.28),
    ]
    row = [
        para(value, sheet_styles.label if index % 2 == 0 else sheet_styles.value)
        for index, (value, _) in enumerate(cells)
    ]
    visit_row = Table(
        [row],
        colWidths=[width * share for _, share in cells],
        style=grid_style(
            *(("BACKGROUND", (column, 0), (column, 0), SHADE) for column in (0, 2, 4))
        ),
    )
    flowables: list[Flowable] = [visit_row]
    if sheet.flags:
        rows = [
            [para(f"! {flag_sentence(flag, language)}", sheet_styles.alert)] for flag in sheet.flags
        ]
        box = Table(
            rows,
            colWidths=[width],
            style=table_style(
                ("BOX", (0, 0), (-1, -1), 1.5, ALERT),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ),
        )
        flowables.append(section(text("flags_section", language), sheet_styles, box))
    return flowables


def _dose_sections(
    sheet: DosingWorksheet, language: Language, sheet_styles: Styles, width: float
) -> list[Flowable]:
    protocol = sheet.protocol
    form = protocol.form("infusion")
    plan = sheet.plan
    data = sheet.data
    threshold = format_decimal(protocol.dosing.viability_release_threshold_pct)
    assert data.weight_date is not None and data.product_expiry is not None

    def label(name: str) -> str:
        return form.field(name).label.get(language)

    baseline = (
        f"{format_decimal(data.baseline_weight_kg)} kg"
        if data.baseline_weight_kg is not None
        else text("not_recorded", language)
    )
    change = (
        f"{signed_percent(plan.weight_change_pct, protocol.dosing.weight_change_flag_pct)} %"
        if plan.weight_change_pct is not None
        else text("not_recorded", language)
    )
    weight_pairs: list[tuple[str, Flowable | str]] = [
        (label("weight"), f"{format_decimal(plan.weight_kg)} kg"),
        (
            label("weight_date"),
            text("weighed_age", language).format(
                date=data.weight_date.isoformat(), days=sheet.weight_age_days
            ),
        ),
        (text("baseline_weight", language), baseline),
        (text("weight_change", language), change),
    ]
    release = (
        para(text("released", language).format(threshold=threshold), sheet_styles.strong)
        if plan.release_allowed
        else para(text("not_released", language).format(threshold=threshold), sheet_styles.alert)
    )
    product_pairs: list[tuple[str, Flowable | str]] = [
        (label("product_lot"), data.product_lot or ""),
        (label("bag_id"), data.bag_id or ""),
        (label("product_expiry"), data.product_expiry.isoformat()),
        (text("release", language), release),
        (
            label("cell_concentration_per_ml"),
            f"{grouped(plan.cell_concentration_per_ml)} {unit_text('cells/mL', language)}",
        ),
        (label("viability_pct"), f"{format_decimal(plan.viability_pct)} %"),
    ]
    viable = Table(
        [
            [
                para(text("viable_concentration", language), sheet_styles.label),
                para(
                    f"{grouped(plan.viable_concentration_per_ml)} "
                    f"{unit_text('cells/mL', language)} "
                    f"(= {text('viable_formula', language)})",
                    sheet_styles.value,
                ),
            ]
        ],
        colWidths=[width * 0.21, width * 0.79],
        style=grid_style(("BACKGROUND", (0, 0), (0, -1), SHADE)),
    )
    dose_rows = [
        [
            para(text("total_cells", language), sheet_styles.label),
            para(
                text("cells_formula", language).format(
                    cells=grouped(plan.total_cells),
                    weight=format_decimal(plan.weight_kg),
                    dose=grouped(plan.dose_per_kg),
                ),
                sheet_styles.value,
            ),
        ],
        [
            para(text("volume_to_infuse", language), sheet_styles.strong),
            [
                para(f"{plan.volume_shown} mL", sheet_styles.big),
                para(
                    text("volume_formula", language).format(
                        cells=grouped(plan.total_cells),
                        viable=grouped(plan.viable_concentration_per_ml),
                        rounding=text("rounding", language).format(
                            step=format_decimal(protocol.dosing.volume_step_ml)
                        ),
                    ),
                    sheet_styles.small,
                ),
                para(
                    text("plausible_limits", language).format(
                        conc_low=grouped(protocol.dosing.cell_concentration_range_per_ml.low),
                        conc_high=grouped(protocol.dosing.cell_concentration_range_per_ml.high),
                        vol_low=format_decimal(protocol.dosing.volume_range_ml.low),
                        vol_high=format_decimal(protocol.dosing.volume_range_ml.high),
                    ),
                    sheet_styles.small,
                ),
            ],
        ],
    ]
    dose_table = Table(
        dose_rows,
        colWidths=[width * 0.21, width * 0.79],
        style=grid_style(
            ("BACKGROUND", (0, 0), (0, -1), SHADE),
            ("BOX", (0, 1), (-1, 1), 2, colors.black),
            ("VALIGN", (0, 1), (0, 1), "MIDDLE"),
        ),
    )
    return [
        section(
            text("weight_section", language),
            sheet_styles,
            label_value_table(weight_pairs, width, sheet_styles),
        ),
        section(
            text("product_section", language),
            sheet_styles,
            label_value_table(product_pairs, width, sheet_styles),
            viable,
        ),
        section(text("dose_section", language), sheet_styles, dose_table),
    ]


def _administration_sections(
    protocol: Protocol, language: Language, sheet_styles: Styles, width: float
) -> list[Flowable]:
    form = protocol.form("infusion")

    def label(name: str) -> str:
        return form.field(name).label.get(language)

    def amount(name: str) -> str:
        field_def = form.field(name)
        shown = f"______ {field_def.standard_unit or ''}"
        if field_def.soft_range is not None:
            shown += (
                "  ("
                + text("expected_range", language).format(
                    low=format_decimal(field_def.soft_range.low),
                    high=format_decimal(field_def.soft_range.high),
                )
                + ")"
            )
        return shown

    reaction = form.field("infusion_reaction")
    boxes = "    ".join(f"\u2610 {choice.label.get(language)}" for choice in reaction.choices)
    blank_moment = text("date_time_blank", language)
    pairs: list[tuple[str, Flowable | str]] = [
        (label("infusion_start"), blank_moment),
        (label("infusion_end"), blank_moment),
        (label("rate_ml_per_h"), amount("rate_ml_per_h")),
        (label("volume_infused_ml"), amount("volume_infused_ml")),
        (label("infusion_reaction"), boxes),
        (text("reaction_describe", language), ""),
    ]
    administration = label_value_table(
        pairs, width, sheet_styles, label_share=0.36, writing_space=3
    )
    return [
        section(text("administration", language), sheet_styles, administration),
        section(
            text("vitals_section", language),
            sheet_styles,
            _vitals_table(protocol, form, language, sheet_styles, width),
        ),
    ]


def _vitals_table(
    protocol: Protocol, form: FormDef, language: Language, sheet_styles: Styles, width: float
) -> Table:
    """Time points down, the infusion form's vital signs across; cells the form lacks shaded."""
    prefixes = tuple(dict.fromkeys(prefix for _, prefix in _VITAL_TIME_POINTS))
    fields_by_prefix: dict[str, list[FieldDef]] = {
        prefix: [item for item in form.fields if item.name.startswith(prefix)]
        for prefix in prefixes
    }
    tests = list(
        dict.fromkeys(
            item.test for fields in fields_by_prefix.values() for item in fields if item.test
        )
    )
    header: list[Flowable] = [
        para(text("time_point", language), sheet_styles.label),
        para(text("clock_time", language), sheet_styles.label),
    ]
    for code in tests:
        vital = protocol.vital_sign(code)
        header.append(
            para(
                f"{vital.label.get(language)} ({unit_text(vital.unit, language)})",
                sheet_styles.label,
            )
        )
    rows: list[list[Flowable | str]] = [list(header)]
    not_collected: list[tuple[int, int]] = []
    for row_index, (key, prefix) in enumerate(_VITAL_TIME_POINTS, start=1):
        collected = {item.test for item in fields_by_prefix[prefix]}
        rows.append([para(text(key, language), sheet_styles.label), ""] + [""] * len(tests))
        not_collected.extend(
            (column, row_index)
            for column, code in enumerate(tests, start=2)
            if code not in collected
        )
    first = width * 0.2
    other = (width - first) / (len(tests) + 1)
    return Table(
        rows,
        colWidths=[first] + [other] * (len(tests) + 1),
        rowHeights=[None] + [7 * mm] * len(_VITAL_TIME_POINTS),
        style=grid_style(
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("BACKGROUND", (0, 0), (0, -1), SHADE),
            *(("BACKGROUND", cell, cell, colors.Color(0.75, 0.75, 0.75)) for cell in not_collected),
        ),
    )


def _signature_section(
    sheet: DosingWorksheet, language: Language, sheet_styles: Styles, width: float
) -> Flowable:
    roles = ["prepared_by", "verified_by"]
    if not sheet.plan.release_allowed:
        roles.append("override_by")
    header = [
        para(text(key, language), sheet_styles.label)
        for key in ("role", "printed_name", "signature", "date_time")
    ]
    rows: list[list[Flowable | str]] = [list(header)]
    rows.extend([para(text(role, language), sheet_styles.label), "", "", ""] for role in roles)
    table = Table(
        rows,
        colWidths=[width * 0.25, width * 0.27, width * 0.27, width * 0.21],
        rowHeights=[None] + [9 * mm] * len(roles),
        style=grid_style(
            ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("BACKGROUND", (0, 0), (0, -1), SHADE)
        ),
    )
    return section(text("signatures", language), sheet_styles, table)
