"""The serious adverse event report for the coordinating centre (DESIGN section 7, issue 6).

The fields a centre needs to assess an SAE (ICH E2A seriousness criteria, CTCAE v5.0 grade,
relationship to MSC, expectedness, action taken, outcome with the CDISC codelists' labels), the
participant by subject id, sex and age only, and the reporting deadline: the time the site became
aware plus the protocol's hours (`sae_report_deadline`), with the state at print time
(`sae_clock`).

QR payload: `MSCS1|<protocol id>|<subject id>|AE<number>|G<grade>|<seriousness variables>|
<aware time as recorded, YYYY-MM-DDTHH:MM>|<check>` where the seriousness variables are the SDTM
names (AESDTH, AESHOSP...) joined by "," and <check> is the first 10 hex digits of SHA-256 over the
UTF-8 JSON array (no spaces) of every printed field, so the centre can match the paper to the
record.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from msc_desktop.domain.adverse_events import SERIOUSNESS_FIELDS, sae_clock
from msc_desktop.domain.clinic_time import clinic_moment, moment_text
from msc_desktop.domain.protocol import Protocol
from msc_desktop.errors import RuleViolation
from msc_desktop.reports.sheet import (
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
    text,
)

PAYLOAD_TAG = "MSCS1"
CHECK_DIGITS = 10
CHECKED, UNCHECKED = "\u2612", "\u2610"


@dataclass(frozen=True)
class SaeInput:
    """One adverse event as the report prints it.

    Times are the site's wall-clock times as recorded (naive, as the AE form takes them); an aware
    time is shown in the time zone of the print time. Both are printed with the UTC offset.
    """

    subject_id: str
    sex: str | None
    age_years: int | None
    arm: str | None
    ae_number: int
    term: str
    onset_date: date
    end_date: date | None
    grade: int
    serious: bool
    seriousness: tuple[str, ...]
    relationship: str | None
    expected: str
    action_taken: str | None
    outcome: str | None
    aware_at: datetime
    reported_at: datetime | None
    description: str | None
    related_infusion_visit: str | None
    #: The protocol the event was recorded under (labels, the report deadline, the trial id).
    protocol: Protocol


def _wall(moment: datetime) -> datetime:
    """`moment` as the naive wall-clock time its own clock read."""
    return moment.replace(tzinfo=None)


def sae_check_code(data: SaeInput) -> str:
    fields = [
        data.protocol.protocol_id,
        data.subject_id,
        data.ae_number,
        data.term,
        data.onset_date.isoformat(),
        data.end_date.isoformat() if data.end_date else "",
        data.grade,
        list(data.seriousness),
        data.relationship or "",
        data.expected,
        data.action_taken or "",
        data.outcome or "",
        _wall(data.aware_at).strftime("%Y-%m-%dT%H:%M"),
        data.related_infusion_visit or "",
        data.description or "",
    ]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:CHECK_DIGITS]


def sae_payload(data: SaeInput) -> str:
    """The QR payload (see the module docstring)."""
    form = data.protocol.form("adverse_event")
    variables = ",".join(
        cdisc.variable for name in data.seriousness if (cdisc := form.field(name).cdisc) is not None
    )
    return "|".join(
        [
            PAYLOAD_TAG,
            data.protocol.protocol_id,
            data.subject_id,
            f"AE{data.ae_number}",
            f"G{data.grade}",
            variables,
            _wall(data.aware_at).strftime("%Y-%m-%dT%H:%M"),
            sae_check_code(data),
        ]
    )


def render_sae_report(
    data: SaeInput,
    *,
    site_id: str,
    site_name: str,
    language: Language,
    paper: Paper,
    printed_at: datetime,
    reprint: int = 0,
    demo: bool = False,
) -> bytes:
    """The SAE report as PDF bytes (`reprint` n > 0 marks it "REPRINT n"); refuses an AE that is
    not serious."""
    if not data.serious:
        raise RuleViolation(
            "Adverse event {ae_number} of {subject_id} is not serious; the SAE report "
            "is for serious adverse events only.",
            ae_number=data.ae_number,
            subject_id=data.subject_id,
        )
    sheet_styles = styles(language)
    width = content_width(paper)
    header = SheetHeader(
        demo=demo,
        title=f"{text('sae_title', language)}: AE {data.ae_number}",
        site_id=site_id,
        site_name=site_name,
        subject_id=data.subject_id,
        printed_at=printed_at,
        qr_payload=sae_payload(data),
        audience=text("for_centre", language),
        language=language,
        protocol=data.protocol,
        check_code=sae_check_code(data),
        reprint=reprint,
    )
    story: list[Flowable] = [
        _participant(data, language, sheet_styles, width),
        _event(data, language, sheet_styles, width),
        _reporting(data, language, sheet_styles, width, printed_at),
        _signature(language, sheet_styles, width),
    ]
    return render_pdf(header, story, paper)


def _choice_label(protocol: Protocol, field_name: str, code: str | None, language: Language) -> str:
    if code is None:
        return text("not_recorded", language)
    field = protocol.form("adverse_event").field(field_name)
    for choice in field.choices:
        if choice.code == code:
            return choice.label.get(language)
    return code


def _participant(
    data: SaeInput, language: Language, sheet_styles: Styles, width: float
) -> Flowable:
    protocol = data.protocol
    registration = protocol.form("registration")
    sex = next(
        (c.label.get(language) for c in registration.field("sex").choices if c.code == data.sex),
        text("not_recorded", language),
    )
    arm = next(
        (item.label.get(language) for item in protocol.arms if item.code == data.arm),
        text("not_recorded", language),
    )
    age = (
        text("years", language).format(years=data.age_years)
        if data.age_years is not None
        else text("not_recorded", language)
    )
    pairs: list[tuple[str, Flowable | str]] = [
        (text("subject_id", language), data.subject_id),
        (registration.field("sex").label.get(language), sex),
        (text("age_at_onset", language), age),
        (text("arm", language), arm),
    ]
    return label_value_table(pairs, width, sheet_styles, label_share=0.35)


def _event(data: SaeInput, language: Language, sheet_styles: Styles, width: float) -> Flowable:
    form = data.protocol.form("adverse_event")

    def label(name: str) -> str:
        return form.field(name).label.get(language)

    criteria = [
        f"{CHECKED if name in data.seriousness else UNCHECKED}\u00a0{label(name)}"
        for name in SERIOUSNESS_FIELDS
    ]
    rows: list[tuple[str, Flowable | str]] = [
        (text("ae_number", language), str(data.ae_number)),
        (label("term"), data.term),
        (label("onset_date"), data.onset_date.isoformat()),
        (
            label("end_date"),
            data.end_date.isoformat() if data.end_date else text("not_recorded", language),
        ),
        (label("grade"), _choice_label(data.protocol, "grade", str(data.grade), language)),
        (text("seriousness", language), para("\n".join(criteria), sheet_styles.value)),
        (
            label("relationship"),
            _choice_label(data.protocol, "relationship", data.relationship, language),
        ),
        (label("expected"), _choice_label(data.protocol, "expected", data.expected, language)),
        (
            label("action_taken"),
            _choice_label(data.protocol, "action_taken", data.action_taken, language),
        ),
        (label("outcome"), _choice_label(data.protocol, "outcome", data.outcome, language)),
        (text("related_infusion", language), data.related_infusion_visit or text("none", language)),
        (text("description", language), data.description or ""),
    ]
    table = label_value_table(rows, width, sheet_styles, columns=1, label_share=0.3)
    return section(text("sae_event", language), sheet_styles, table)


def _reporting(
    data: SaeInput, language: Language, sheet_styles: Styles, width: float, printed_at: datetime
) -> Flowable:
    # Each time as its clock read it, with its own offset (a naive one: the site's clock).
    aware_at = clinic_moment(data.aware_at)
    reported_at = clinic_moment(data.reported_at) if data.reported_at else None
    clock = sae_clock("", aware_at, reported_at, clinic_moment(printed_at), data.protocol)
    deadline_style = sheet_styles.alert if clock.state == "overdue" else sheet_styles.strong
    hours = data.protocol.sae_report_hours
    reported = moment_text(reported_at) if reported_at is not None else text("not_yet", language)
    pairs: list[tuple[str, Flowable | str]] = [
        (
            data.protocol.form("adverse_event").field("aware_at").label.get(language),
            moment_text(aware_at),
        ),
        (
            text("report_deadline", language),
            para(
                f"{moment_text(clock.deadline)} "
                f"({text('deadline_rule', language).format(hours=hours)})"
                + (f": {text('overdue', language)}" if clock.state == "overdue" else ""),
                deadline_style,
            ),
        ),
        (text("reported_at", language), reported),
    ]
    table = label_value_table(pairs, width, sheet_styles, columns=1, label_share=0.3)
    return section(text("reporting", language), sheet_styles, table)


def _signature(language: Language, sheet_styles: Styles, width: float) -> Flowable:
    header = [
        para(text(key, language), sheet_styles.label)
        for key in ("role", "printed_name", "signature", "date_time")
    ]
    table = Table(
        [header, [para(text("investigator_signature", language), sheet_styles.label), "", "", ""]],
        colWidths=[width * 0.25, width * 0.27, width * 0.27, width * 0.21],
        rowHeights=[None, 11 * mm],
        style=grid_style(
            ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("BACKGROUND", (0, 0), (0, -1), SHADE)
        ),
    )
    return section(text("signatures", language), sheet_styles, table)
