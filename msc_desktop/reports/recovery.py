"""The recovery sheet, printed once when a site is set up (`msc-site init`, the set-up wizard).

It carries the recovery key in large type, the site it opens, when the site was created, a warning,
where to keep the sheet, and a line for who stored it. The sheet is for the site's own records; it
names no participant.

QR payload: `MSCR1|<protocol id>|<site id>|<created, YYYY-MM-DD>|<fingerprint>`, where <fingerprint>
is the first 10 hex digits of SHA-256 over the canonical key (groups joined by "-"). The QR never
holds the key itself: a phone that scans it must not end up with a copy of it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table

from msc_desktop.domain.clinic_time import moment_text
from msc_desktop.domain.protocol import Protocol
from msc_desktop.reports.sheet import (
    ALERT,
    Language,
    Paper,
    SheetHeader,
    content_width,
    label_value_table,
    para,
    render_pdf,
    spacer,
    styles,
    table_style,
    text,
)
from msc_desktop.store.keys import normalise_recovery_key

PAYLOAD_TAG = "MSCR1"
FINGERPRINT_DIGITS = 10


def recovery_fingerprint(recovery_key: str) -> str:
    canonical = normalise_recovery_key(recovery_key)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()[:FINGERPRINT_DIGITS]


def recovery_payload(
    recovery_key: str, site_id: str, created_at: datetime, protocol: Protocol
) -> str:
    """The QR payload (see the module docstring); it identifies the key without containing it."""
    return "|".join(
        [
            PAYLOAD_TAG,
            protocol.protocol_id,
            site_id,
            created_at.date().isoformat(),
            recovery_fingerprint(recovery_key),
        ]
    )


def _in_zone_of(moment: datetime, reference: datetime) -> datetime:
    """`moment` (naive means UTC) in the time zone of `reference`, when it has one."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(reference.tzinfo) if reference.tzinfo is not None else aware


def render_recovery_sheet(
    recovery_key: str,
    *,
    site_id: str,
    site_name: str,
    created_at: datetime,
    language: Language,
    paper: Paper,
    printed_at: datetime,
    protocol: Protocol,
    demo: bool = False,
) -> bytes:
    """The recovery sheet as PDF bytes; refuses a string that is not a recovery key."""
    canonical = normalise_recovery_key(recovery_key)
    sheet_styles = styles(language)
    width = content_width(paper)
    key_style = ParagraphStyle(
        "key", parent=sheet_styles.big, fontSize=19, leading=26, alignment=TA_CENTER
    )
    groups = canonical.split("-")
    half = len(groups) // 2
    key_lines = " - ".join(groups[:half]) + "\n" + " - ".join(groups[half:])
    key_box = Table(
        [[para(text("recovery_key", language), sheet_styles.label)], [para(key_lines, key_style)]],
        colWidths=[width],
        style=table_style(
            ("BOX", (0, 0), (-1, -1), 2, ALERT),
            ("TOPPADDING", (0, 1), (-1, 1), 8),
            ("BOTTOMPADDING", (0, 1), (-1, 1), 12),
        ),
    )
    pairs: list[tuple[str, Flowable | str]] = [
        (text("site", language), f"{site_id}: {site_name}"),
        (text("site_created", language), moment_text(_in_zone_of(created_at, printed_at))),
    ]
    story: list[Flowable] = [
        label_value_table(pairs, width, sheet_styles, columns=1, label_share=0.3),
        spacer(5),
        key_box,
        spacer(5),
        para(text("recovery_warning", language), sheet_styles.alert),
        spacer(3),
        para(text("recovery_keep", language), sheet_styles.value),
        spacer(3),
        para(text("recovery_use", language), sheet_styles.value),
        spacer(12),
        para(text("stored_by", language), sheet_styles.value),
    ]
    header = SheetHeader(
        demo=demo,
        title=text("recovery_title", language),
        site_id=site_id,
        site_name=site_name,
        subject_id=None,
        printed_at=printed_at,
        qr_payload=recovery_payload(canonical, site_id, created_at, protocol),
        audience=text("keep_locked", language),
        language=language,
        protocol=protocol,
        show_subject=False,
    )
    return render_pdf(header, story, paper)
