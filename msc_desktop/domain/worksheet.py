"""The dosing worksheet's model (DESIGN sections 6 and 7, issue 6): what it is computed from, the
dose, the window, the flags the nurse must see, and the check code; reports/worksheet.py lays
it out.

Every number comes from the rules engine: `plan_dose` (total cells, viable concentration, volume
rounded half-up to 0.1 mL, release and weight-change warnings), the protocol's dosing parameters
(weight at most 3 days old) and `visit_window` (the visit's window from day 0). The sheet goes to
the bedside and may be sent to the coordinating centre, so it names the participant by subject id
only.

QR payload (compact, one line, "|"-separated):
    MSCW1|<protocol id>|<subject id>|<visit>|<weight kg>|<total cells>|<volume mL>|<check>
where <check> is the first 10 hex digits of SHA-256 over the UTF-8 JSON array (no spaces) of
[protocol id, protocol version, subject id, visit, weight, date weighed, product lot, bag id,
expiry, cell concentration, viability, total cells, volume], numbers in plain notation without
trailing zeros and dates as YYYY-MM-DD, so the centre can recompute it from the infusion record.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from msc_desktop.domain.decimals import format_decimal
from msc_desktop.domain.dosing import DosePlan, deciding_decimal, plan_dose
from msc_desktop.domain.protocol import Protocol, Visit
from msc_desktop.domain.randomization import INFUSED_ARM
from msc_desktop.domain.schedule import VisitWindow, visit_window
from msc_desktop.domain.wording import listed
from msc_desktop.errors import RuleViolation, ValidationError

PAYLOAD_TAG = "MSCW1"
CHECK_DIGITS = 10
FlagCode = Literal[
    "LOW_VIABILITY", "WEIGHT_CHANGE", "WEIGHT_OLD", "PRODUCT_EXPIRED", "OUTSIDE_WINDOW"
]


@dataclass(frozen=True)
class WorksheetInput:
    """What a worksheet is computed from; None marks data not recorded yet. The planned values
    carry the infusion form's field names (`dosing.plan_fields` are read from it by name)."""

    subject_id: str
    arm: str | None
    visit_code: str
    day0: date | None
    weight: Decimal | None
    weight_date: date | None
    product_lot: str | None
    bag_id: str | None
    product_expiry: date | None
    cell_concentration_per_ml: Decimal | None
    viability_pct: Decimal | None
    baseline_weight_kg: Decimal | None = None


@dataclass(frozen=True)
class WorksheetFlag:
    """A check the nurse must see before infusing; `values` fill the localized sentence."""

    code: FlagCode
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DosingWorksheet:
    """A checked worksheet: the input, the rules engine's plan, the window and the flags."""

    data: WorksheetInput
    visit: Visit
    window: VisitWindow
    plan: DosePlan
    prepared_on: date
    weight_age_days: int
    flags: tuple[WorksheetFlag, ...]
    #: The protocol the dose was computed under (its version is part of the check code).
    protocol: Protocol

    @property
    def check_code(self) -> str:
        return worksheet_check_code(self.data, self.plan, self.protocol)

    @property
    def qr_payload(self) -> str:
        return "|".join(
            [
                PAYLOAD_TAG,
                self.protocol.protocol_id,
                self.data.subject_id,
                self.data.visit_code,
                format_decimal(self.plan.weight_kg),
                str(self.plan.total_cells),
                format_decimal(self.plan.volume_ml),
                self.check_code,
            ]
        )


def worksheet_check_code(data: WorksheetInput, plan: DosePlan, protocol: Protocol) -> str:
    """The short hash of everything the dose depends on (see the module docstring)."""
    fields = [
        protocol.protocol_id,
        protocol.version,
        data.subject_id,
        data.visit_code,
        format_decimal(plan.weight_kg),
        data.weight_date.isoformat() if data.weight_date else "",
        data.product_lot or "",
        data.bag_id or "",
        data.product_expiry.isoformat() if data.product_expiry else "",
        format_decimal(plan.cell_concentration_per_ml),
        format_decimal(plan.viability_pct),
        str(plan.total_cells),
        format_decimal(plan.volume_ml),
    ]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:CHECK_DIGITS]


def prepare_worksheet(data: WorksheetInput, *, on: date, protocol: Protocol) -> DosingWorksheet:
    """Check `data` and compute the dose for a worksheet printed on `on`.

    Refuses (RuleViolation / ValidationError, one sentence) a participant who is not randomized or
    not in the MSC arm, a visit that is not an infusion visit, and missing weight or product data.
    The dose, the window and the flags follow `protocol`.
    """
    if data.arm is None or data.day0 is None:
        raise RuleViolation(
            "{subject_id} is not randomized yet; a dosing worksheet is printed only for "
            "randomized participants in the MSC arm.",
            subject_id=data.subject_id,
        )
    if data.arm != INFUSED_ARM:
        raise RuleViolation(
            "{subject_id} is in the {arm} arm, which receives no MSC infusion; there is "
            "no dosing worksheet to print.",
            subject_id=data.subject_id,
            arm=data.arm,
        )
    visit = protocol.visit(data.visit_code)
    if not visit.is_infusion:
        infusion_visits = ", ".join(item.code for item in protocol.visits if item.is_infusion)
        raise RuleViolation(
            "{visit_code} is not an infusion visit; dosing worksheets are printed for "
            "{infusion_visits}.",
            visit_code=data.visit_code,
            infusion_visits=infusion_visits,
        )
    _require_complete(data, protocol)
    assert data.weight is not None and data.cell_concentration_per_ml is not None
    assert data.viability_pct is not None and data.weight_date is not None
    assert data.product_expiry is not None
    plan = plan_dose(
        data.weight,
        data.cell_concentration_per_ml,
        data.viability_pct,
        baseline_weight_kg=data.baseline_weight_kg,
        protocol=protocol,
    )
    window = visit_window(data.visit_code, data.day0, protocol)
    age_days = (on - data.weight_date).days
    return DosingWorksheet(
        data=data,
        visit=visit,
        window=window,
        plan=plan,
        prepared_on=on,
        weight_age_days=age_days,
        flags=_flags(data, plan, window, on, age_days, protocol),
        protocol=protocol,
    )


def _require_complete(data: WorksheetInput, protocol: Protocol) -> None:
    """Every field the dose is planned from (`dosing.plan_fields`) is filled in."""
    form = protocol.form("infusion")
    missing = [
        form.field(name).label
        for name in protocol.dosing.plan_fields
        if (value := getattr(data, name)) is None or (isinstance(value, str) and not value.strip())
    ]
    if missing:
        raise ValidationError(
            "The {visit_code} dosing worksheet for {subject_id} cannot be printed without: "
            "{missing}.",
            visit_code=data.visit_code,
            subject_id=data.subject_id,
            missing=listed(missing),
        )


def _flags(
    data: WorksheetInput,
    plan: DosePlan,
    window: VisitWindow,
    on: date,
    age_days: int,
    protocol: Protocol,
) -> tuple[WorksheetFlag, ...]:
    dosing = protocol.dosing
    flags: list[WorksheetFlag] = []
    for warning in plan.warnings:
        if warning.code == "LOW_VIABILITY":
            flags.append(
                WorksheetFlag(
                    "LOW_VIABILITY",
                    {
                        "viability": format_decimal(plan.viability_pct),
                        "threshold": format_decimal(dosing.viability_release_threshold_pct),
                    },
                )
            )
        elif warning.code == "WEIGHT_CHANGE" and plan.weight_change_pct is not None:
            flags.append(
                WorksheetFlag(
                    "WEIGHT_CHANGE",
                    {
                        "change": signed_percent(
                            plan.weight_change_pct, dosing.weight_change_flag_pct
                        ),
                        "limit": format_decimal(dosing.weight_change_flag_pct),
                    },
                )
            )
    if age_days > dosing.weight_max_age_days:
        flags.append(
            WorksheetFlag(
                "WEIGHT_OLD", {"days": str(age_days), "limit": str(dosing.weight_max_age_days)}
            )
        )
    assert data.product_expiry is not None
    if data.product_expiry < on:
        flags.append(WorksheetFlag("PRODUCT_EXPIRED", {"expiry": data.product_expiry.isoformat()}))
    if not window.contains(on):
        flags.append(
            WorksheetFlag(
                "OUTSIDE_WINDOW",
                {
                    "today": on.isoformat(),
                    "opens": window.opens.isoformat(),
                    "closes": window.closes.isoformat(),
                },
            )
        )
    return tuple(flags)


def signed_percent(value: Decimal, limit: Decimal) -> str:
    """A change in percent with its sign, to the decimals that decide against `limit`."""
    shown = deciding_decimal(value, limit)
    return f"{'+' if shown > 0 else ''}{format_decimal(shown)}"
