"""What the two lists of adverse events show: a participant's AEs and the site's open SAEs (their
columns, the tint of an SAE whose report is due or overdue, and its 24-hour deadline in words)."""

from __future__ import annotations

from datetime import timedelta

from msc_desktop.domain.adverse_events import (
    SaeClock,
)
from msc_desktop.domain.clinic_time import moment_text
from msc_desktop.domain.protocol import Protocol
from msc_desktop.gui.i18n import (
    QT_TRANSLATE_NOOP,
    format_date,
    translate,
)
from msc_desktop.gui.widgets.field_editor import code_label
from msc_desktop.gui.widgets.table_model import Column
from msc_desktop.store.services.adverse_events import (
    AdverseEventView,
)
from msc_desktop.store.services.signatures import Meaning

OVERDUE_TINT = "#fde2e1"


PENDING_TINT = "#fff4d6"


#: The SAE countdowns are recomputed this often while they are on screen.
TICK_MS = 60_000


def span_text(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return translate("AdverseEvents", "{days} d {hours} h").format(days=days, hours=hours)
    return translate("AdverseEvents", "{hours} h {minutes} min").format(
        hours=hours, minutes=f"{mins:02d}"
    )


def deadline_text(clock: SaeClock) -> str:
    """ "report by 2026-11-21 12:00 UTC+08:00 (5 h 10 min left)", "OVERDUE by ..." or
    "reported ..."."""
    due = moment_text(clock.deadline)
    if clock.state == "overdue":
        return translate("AdverseEvents", "OVERDUE by {span} (was due {due})").format(
            span=span_text(clock.time_left), due=due
        )
    if clock.state == "pending":
        return translate("AdverseEvents", "report by {due} ({span} left)").format(
            due=due, span=span_text(clock.time_left)
        )
    when = moment_text(clock.reported_at) if clock.reported_at else ""
    if clock.state == "reported_late":
        return translate("AdverseEvents", "reported {time} (late)").format(time=when)
    return translate("AdverseEvents", "reported {time}").format(time=when)


def ae_tint(view: AdverseEventView) -> str | None:
    if view.clock is None:
        return None
    return {"overdue": OVERDUE_TINT, "pending": PENDING_TINT}.get(view.clock.state)


def causality_text(view: AdverseEventView) -> str:
    signed = [s for s in view.signatures if s.meaning == Meaning.AE_CAUSALITY.value]
    if not signed:
        return translate("AdverseEvents", "not signed")
    return translate("AdverseEvents", "signed by {name} {date}").format(
        name=signed[-1].printed_name, date=format_date(signed[-1].signed_at)
    )


def choice_label(protocol: Protocol, field_name: str, code: str | None) -> str:
    """The protocol's label of an AE form answer in the interface language ("" when none)."""
    return code_label(protocol, "adverse_event", field_name, code)


def ae_columns(protocol: Protocol) -> tuple[Column, ...]:
    """A participant's adverse events table (answers worded as `protocol` words them)."""
    return (
        Column(
            QT_TRANSLATE_NOOP("Columns", "AE"),
            lambda v: str(v.ae_number),
            sort_key=lambda v: v.ae_number,
        ),
        Column(QT_TRANSLATE_NOOP("Columns", "Term"), lambda v: v.term),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Onset"),
            lambda v: format_date(v.onset_date),
            sort_key=lambda v: v.onset_date,
        ),
        Column(QT_TRANSLATE_NOOP("Columns", "Grade"), lambda v: str(v.grade)),
        Column(QT_TRANSLATE_NOOP("Columns", "Serious"), lambda v: "SAE" if v.serious else ""),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Reporting (24 h)"),
            lambda v: deadline_text(v.clock) if v.clock else "",
        ),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Relationship to MSC"),
            lambda v: choice_label(protocol, "relationship", v.relationship),
        ),
        Column(QT_TRANSLATE_NOOP("Columns", "Causality"), causality_text),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Outcome"),
            lambda v: choice_label(protocol, "outcome", v.outcome),
        ),
    )


SAE_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Columns", "Subject"), lambda v: v.subject_id),
    Column(QT_TRANSLATE_NOOP("Columns", "AE"), lambda v: str(v.ae_number)),
    Column(QT_TRANSLATE_NOOP("Columns", "Term"), lambda v: v.term),
    Column(QT_TRANSLATE_NOOP("Columns", "Grade"), lambda v: str(v.grade)),
    Column(QT_TRANSLATE_NOOP("Columns", "Aware at"), lambda v: moment_text(v.aware_at)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Reporting deadline"),
        lambda v: deadline_text(v.clock) if v.clock else "",
    ),
)
