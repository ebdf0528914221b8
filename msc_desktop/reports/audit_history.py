"""A participant's audit history exported for a monitor or an inspector: CSV, or a landscape A4
PDF (DejaVu Sans, embedded) listing the history and the signatures; account events as CSV. The
rows are the store's (`store.services.audit_history`); every export is written atomically and
recorded in the audit trail."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from msc_desktop.errors import StoreError, ValidationError
from msc_desktop.files import write_atomically
from msc_desktop.reports.fonts import BOLD, REGULAR, register_fonts
from msc_desktop.store.audit import record_event
from msc_desktop.store.roles import Action, require
from msc_desktop.store.services.audit_history import (
    HistoryEntry,
    ParticipantHistory,
    SignatureEntry,
    format_ts,
    history_csv,
)
from msc_desktop.store.site import SiteStore


def history_pdf(
    title: str,
    entries: Sequence[HistoryEntry],
    signatures: Sequence[SignatureEntry],
    *,
    site: str,
    printed_by: str,
) -> bytes:
    """A landscape A4 listing of the history and the signatures (DejaVu Sans, embedded)."""
    register_fonts()
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=7, leading=8.5)
    head = ParagraphStyle("head", parent=cell, fontName=BOLD)
    heading = ParagraphStyle("heading", fontName=BOLD, fontSize=13, leading=16)
    note = ParagraphStyle("note", fontName=REGULAR, fontSize=8, leading=10)

    def p(text: str | None, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape(text or ""), style)

    printed = datetime.now(UTC).replace(tzinfo=None)
    story: list[object] = [
        p(title, heading),
        p(
            f"Site {site}. Printed {format_ts(printed)} by {printed_by}. "
            f"{len(entries)} audit rows.",
            note,
        ),
        Spacer(1, 4 * mm),
    ]
    widths = [12 * mm, 30 * mm, 28 * mm, 14 * mm, 38 * mm, 26 * mm, 40 * mm, 40 * mm, 49 * mm]
    data = [
        [
            p(h, head)
            for h in (
                "Seq",
                "Time (UTC)",
                "User",
                "Action",
                "Record",
                "Field",
                "Old value",
                "New value",
                "Reason",
            )
        ]
    ]
    data.extend(
        [
            p(str(e.seq)),
            p(format_ts(e.ts)),
            p(f"{e.user_name} ({e.user_id})"),
            p(e.action),
            p(e.record),
            p(e.field),
            p(e.old_value),
            p(e.new_value),
            p(e.reason),
        ]
        for e in entries
    )
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    story.append(LongTable(data, colWidths=widths, repeatRows=1, style=grid))
    if signatures:
        story.extend([Spacer(1, 6 * mm), p("Electronic signatures", heading), Spacer(1, 2 * mm)])
        rows = [
            [p(h, head) for h in ("Record", "Meaning", "Signed by", "Role", "Time (UTC)", "State")]
        ]
        rows.extend(
            [
                p(s.record),
                p(s.meaning),
                p(f"{s.printed_name} ({s.user_id})"),
                p(s.role),
                p(format_ts(s.signed_at)),
                p(s.state),
            ]
            for s in signatures
        )
        story.append(
            LongTable(
                rows,
                colWidths=[38 * mm, 75 * mm, 40 * mm, 22 * mm, 32 * mm, 70 * mm],
                repeatRows=1,
                style=grid,
            )
        )
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title=title,
        author=printed_by,
    ).build(story)
    return buffer.getvalue()


def export_history(
    store: SiteStore, history: ParticipantHistory, target: Path, *, what: str | None = None
) -> Path:
    """Writes `history` as CSV or PDF (by the file's suffix), atomically; the export is audited."""
    require(store.user.role, Action.VIEW)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".pdf"):
        raise ValidationError("Export the history as a .csv or a .pdf file.")
    title = f"Audit history of {history.subject_id}" + (f": {what}" if what else "")
    if suffix == ".csv":
        content = history_csv(history.entries).encode("utf-8")
    else:
        content = history_pdf(
            title,
            history.entries,
            history.signatures,
            site=f"{store.site_id} {store.site_name}",
            printed_by=f"{store.user.full_name} ({store.user.user_id})",
        )
    write_atomically(target, content, StoreError)
    with store.session() as session:
        record_event(
            session,
            "participant",
            history.participant_id,
            f"audit history exported ({suffix[1:]}, {len(history.entries)} rows)",
        )
    return target


def export_account_events(store: SiteStore, entries: Sequence[HistoryEntry], target: Path) -> Path:
    """Writes account events as CSV, atomically; administrators only, and audited."""
    require(store.user.role, Action.VIEW_ACCOUNT_EVENTS)
    if target.suffix.lower() != ".csv":
        raise ValidationError("Export the account events as a .csv file.")
    write_atomically(target, history_csv(entries).encode("utf-8"), StoreError)
    with store.session() as session:
        record_event(
            session, "site", store.site_id, f"account events exported (csv, {len(entries)} rows)"
        )
    return target
