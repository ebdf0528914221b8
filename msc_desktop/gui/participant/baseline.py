"""Change from baseline: a visit's standard lab values and scores set against the screening
visit as stored, as the table the visit form shows beside it."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from msc_desktop.domain.endpoint import Scores
from msc_desktop.domain.protocol import FormDef
from msc_desktop.domain.units import StandardizedLab
from msc_desktop.gui.i18n import (
    current_language,
    translate,
)
from msc_desktop.gui.widgets.chart import change_text, shown_number
from msc_desktop.gui.widgets.field_editor import unit_text
from msc_desktop.store.services.visits import (
    VisitRecord,
)


def standard_values(values: Mapping[str, object]) -> dict[str, Decimal]:
    """The cleaned values as numbers in standard units (labs converted, vitals as they are)."""
    result: dict[str, Decimal] = {}
    for name, value in values.items():
        if isinstance(value, StandardizedLab):
            result[name] = value.standard_value
        elif isinstance(value, Decimal):
            result[name] = value
    return result


def _score_values(scores: Scores) -> dict[str, Decimal]:
    result: dict[str, Decimal] = {}
    if scores.child_pugh is not None:
        result["Child-Pugh"] = Decimal(scores.child_pugh.score)
    for name, value in (
        ("MELD", scores.meld),
        ("MELD-Na", scores.meld_na),
        ("MELD 3.0", scores.meld_3),
    ):
        if value is not None:
            result[name] = Decimal(value)
    return result


def baseline_table(
    current: Mapping[str, Decimal],
    current_scores: Scores,
    baseline: VisitRecord | None,
    form: FormDef,
) -> str:
    """An HTML table: each lab and score at baseline, now, and the change (the primary outcome);
    the labs are those of the visit `form`."""
    rows: list[tuple[str, str, Decimal | None, Decimal | None]] = []
    base_std = baseline.standard if baseline else {}
    for field in form.fields:
        if field.kind == "lab" and (field.name in current or field.name in base_std):
            rows.append(
                (
                    field.label.get(current_language()),
                    unit_text(field.standard_unit or ""),
                    base_std.get(field.name),
                    current.get(field.name),
                )
            )
    base_scores = _score_values(baseline.scores) if baseline else {}
    now_scores = _score_values(current_scores)
    for name in ("Child-Pugh", "MELD", "MELD-Na", "MELD 3.0"):
        rows.append(
            (
                name,
                translate("BaselineTable", "points"),
                base_scores.get(name),
                now_scores.get(name),
            )
        )
    headings = (
        translate("BaselineTable", "Measure"),
        translate("BaselineTable", "Baseline"),
        translate("BaselineTable", "This visit"),
        translate("BaselineTable", "Change"),
    )
    cells = ["<tr><th align='left'>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>".format(*headings)]
    for label, unit, before, now in rows:
        change = change_text(now - before) if before is not None and now is not None else ""
        shown = [shown_number(v) if v is not None else "\u2013" for v in (before, now)]
        cells.append(
            f"<tr><td>{label} <span style='color:#666'>{unit}</span></td><td "
            f"align='right'>{shown[0]}</td><td align='right'><b>{shown[1]}</b></td><td "
            f"align='right'>{change}</td></tr>"
        )
    return "<table cellspacing='0' cellpadding='4'>" + "".join(cells) + "</table>"
