"""The frame every printed sheet shares, and writing a PDF without leaving half a file behind.

Every page carries (DESIGN section 6): the sheet title, protocol id and version, the site, the
subject id (or boxes to write it in on blank forms), the print time, a QR code with the sheet's
cross-check payload, and a footer with the app version, who the sheet is for, and "page x of y".
A4 by default, Letter selectable; English or Simplified Chinese: the sheets' own words are the
"Sheets" context of the core catalogue (`msc_desktop.translations`), the rest is protocol labels.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, cast, get_args

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from msc_desktop import __version__
from msc_desktop.domain.clinic_time import clinic_zone, moment_text
from msc_desktop.domain.protocol import Protocol
from msc_desktop.errors import MscError, ValidationError
from msc_desktop.files import write_atomically
from msc_desktop.reports import fonts
from msc_desktop.translations import SHEETS
from msc_desktop.translations import text as translated

Language = Literal["en", "zh"]
Paper = Literal["a4", "letter"]
PAGE_SIZES: dict[Paper, tuple[float, float]] = {"a4": A4, "letter": LETTER}
MARGIN = 14 * mm
QR_SIZE = 21 * mm
GRID = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.92, 0.92, 0.92)
ALERT = colors.Color(0.75, 0.0, 0.0)


class OutputFileError(MscError):
    """The PDF cannot be written where the user asked."""


def text(key: str, language: str) -> str:
    """The sheets' own words `key` in `language` ("zh" for Chinese, anything else English)."""
    return translated(SHEETS, key, language)


def check_language(value: str) -> Language:
    if value not in get_args(Language):
        raise ValidationError('Language must be "en" or "zh"; "{value}" was given.', value=value)
    return cast(Language, value)


def check_paper(value: str) -> Paper:
    if value not in get_args(Paper):
        raise ValidationError('Paper must be "a4" or "letter"; "{value}" was given.', value=value)
    return cast(Paper, value)


def local_now() -> datetime:
    """Now on the site's clock (its recorded time zone), as sheets print it."""
    return datetime.now(clinic_zone())


@dataclass(frozen=True)
class Styles:
    """Paragraph styles of one language (Chinese wraps between any two characters)."""

    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    strong: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    big: ParagraphStyle
    alert: ParagraphStyle
    centered: ParagraphStyle
    reprint: ParagraphStyle


def styles(language: Language) -> Styles:
    fonts.register_fonts()
    wrap = "CJK" if language == "zh" else None
    base = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9, leading=11.5, wordWrap=wrap)
    return Styles(
        body=base,
        small=ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        label=ParagraphStyle("label", parent=base, fontSize=8, leading=10),
        value=ParagraphStyle("value", parent=base, fontSize=9.5, leading=11.5),
        strong=ParagraphStyle(
            "strong", parent=base, fontName=fonts.BOLD, fontSize=9.5, leading=11.5
        ),
        heading=ParagraphStyle(
            "heading",
            parent=base,
            fontName=fonts.BOLD,
            fontSize=10,
            leading=12,
            spaceBefore=3,
            spaceAfter=1.5,
        ),
        title=ParagraphStyle("title", parent=base, fontName=fonts.BOLD, fontSize=14, leading=17),
        big=ParagraphStyle("big", parent=base, fontName=fonts.BOLD, fontSize=20, leading=24),
        alert=ParagraphStyle(
            "alert", parent=base, fontName=fonts.BOLD, fontSize=8.5, leading=10.5, textColor=ALERT
        ),
        centered=ParagraphStyle("centered", parent=base, alignment=TA_CENTER),
        reprint=ParagraphStyle(
            "reprint", parent=base, fontName=fonts.BOLD, fontSize=12, leading=14, textColor=ALERT
        ),
    )


def para(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(fonts.markup(value), style)


def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """`commands` with the cells' own font set to DejaVu (reportlab's default is Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), *commands])


def grid_style(*extra: tuple[Any, ...]) -> TableStyle:
    """Thin grid, top-aligned cells; `extra` adds commands."""
    return table_style(
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        *extra,
    )


def label_value_table(
    pairs: Sequence[tuple[str, Flowable | str]],
    width: float,
    sheet_styles: Styles,
    *,
    columns: int = 2,
    label_share: float = 0.42,
    writing_space: float = 0,
) -> Table:
    """Label / value pairs, `columns` pairs per row, labels shaded.

    `writing_space` (mm) is added below every row for handwriting; rows still grow with their text.
    """
    pair_width = width / columns
    widths = [pair_width * label_share, pair_width * (1 - label_share)] * columns
    rows: list[list[Flowable | str]] = []
    for start in range(0, len(pairs), columns):
        row: list[Flowable | str] = []
        for label, value in pairs[start : start + columns]:
            cell = para(value, sheet_styles.value) if isinstance(value, str) else value
            row.extend([para(label, sheet_styles.label), cell])
        row.extend([""] * (2 * columns - len(row)))
        rows.append(row)
    shading = [("BACKGROUND", (2 * index, 0), (2 * index, -1), SHADE) for index in range(columns)]
    room = [("BOTTOMPADDING", (0, 0), (-1, -1), writing_space * mm)] if writing_space else []
    return Table(rows, colWidths=widths, style=grid_style(*shading, *room))


def section(title: str, sheet_styles: Styles, *body: Flowable) -> KeepTogether:
    """A heading kept on the same page as its content."""
    return KeepTogether([para(title, sheet_styles.heading), *body])


@dataclass(frozen=True)
class SheetHeader:
    """What the frame prints on every page; `subject_id` None prints boxes to fill in; `reprint`
    n > 0 adds "REPRINT n" with the print time under the title."""

    title: str
    site_id: str
    site_name: str
    subject_id: str | None
    printed_at: datetime
    qr_payload: str
    audience: str
    language: Language
    #: The trial and version the sheet belongs to (printed on every page).
    protocol: Protocol
    check_code: str | None = None
    show_subject: bool = True
    reprint: int = 0
    demo: bool = False  # a demo site's sheet: DEMO in the title and the footer of every page


def content_width(paper: Paper) -> float:
    return float(PAGE_SIZES[paper][0] - 2 * MARGIN)


def render_pdf(header: SheetHeader, story: list[Flowable], paper: Paper) -> bytes:
    """The sheet as PDF bytes: `story` flowed under the header on as many pages as needed."""
    sheet_styles = styles(header.language)
    page_width, page_height = PAGE_SIZES[paper]
    width = content_width(paper)
    header_table = _header_table(header, sheet_styles, width - QR_SIZE - 3 * mm)
    _, table_height = header_table.wrap(width - QR_SIZE - 3 * mm, page_height)
    header_height = max(QR_SIZE, table_height)
    qr = _qr_code(header.qr_payload)
    footer_left = text("footer", header.language).format(
        version=__version__, audience=header.audience
    )
    if header.check_code is not None:
        footer_left += f" · {text('check_code', header.language)} {header.check_code}"
    if header.demo:
        footer_left = f"{text('demo_mark', header.language)} · {footer_left}"

    def draw_header(canvas: Canvas, _doc: object) -> None:
        top = page_height - MARGIN
        header_table.drawOn(canvas, MARGIN, top - table_height)
        qr.drawOn(canvas, page_width - MARGIN - QR_SIZE, top - QR_SIZE)
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.8)
        canvas.line(
            MARGIN, top - header_height - 2 * mm, page_width - MARGIN, top - header_height - 2 * mm
        )

    def draw_footer(canvas: Canvas, page: int, pages: int) -> None:
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, MARGIN + 4 * mm, page_width - MARGIN, MARGIN + 4 * mm)
        _draw_runs(canvas, MARGIN, MARGIN, footer_left, 7.5)
        page_text = text("page_of", header.language).format(page=page, pages=pages)
        right = page_width - MARGIN - fonts.text_width(page_text, fonts.REGULAR, 7.5)
        _draw_runs(canvas, right, MARGIN, page_text, 7.5)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZES[paper],
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + header_height + 4 * mm,
        bottomMargin=MARGIN + 7 * mm,
        title=f"{header.title} {header.subject_id or ''}".strip(),
        author=f"MSC Desktop {__version__}",
        subject=f"{header.protocol.protocol_id} site {header.site_id}",
        creator=f"MSC Desktop {__version__}",
        # Otherwise every page preamble references the unembedded Helvetica.
        initialFontName=fonts.REGULAR,
    )
    document.build(
        story,
        onFirstPage=draw_header,
        onLaterPages=draw_header,
        canvasmaker=_numbered_canvas(draw_footer),
    )
    return buffer.getvalue()


def _header_table(header: SheetHeader, sheet_styles: Styles, width: float) -> Table:
    protocol = header.protocol
    language = header.language
    subject_cell: Flowable | str = ""
    if header.show_subject:
        subject = header.subject_id if header.subject_id is not None else "__ __ - __ __ __ __"
        subject_cell = Table(
            [
                [
                    para(text("subject_id", language), sheet_styles.label),
                    para(subject, sheet_styles.strong),
                ]
            ],
            colWidths=[width * 0.22, width * 0.28],
            style=table_style(
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)
            ),
        )
    title = f"DEMO · {header.title}" if header.demo else header.title
    rows: list[list[Flowable | str]] = [[para(title, sheet_styles.title), ""]]
    if header.reprint:
        mark = text("reprint", language).format(
            number=header.reprint, moment=moment_text(header.printed_at)
        )
        rows.append([para(mark, sheet_styles.reprint), ""])
    rows += [
        [
            para(
                text("protocol_line", language).format(
                    protocol=protocol.protocol_id,
                    version=protocol.version,
                    registry=protocol.registry_id,
                ),
                sheet_styles.label,
            ),
            para(
                text("site_line", language).format(site_id=header.site_id, site=header.site_name),
                sheet_styles.label,
            ),
        ],
        [
            subject_cell,
            para(
                text("printed_line", language).format(moment=moment_text(header.printed_at)),
                sheet_styles.label,
            ),
        ],
    ]
    return Table(
        rows,
        colWidths=[width * 0.5, width * 0.5],
        style=table_style(
            ("SPAN", (0, 0), (-1, 0)),
            *([("SPAN", (0, 1), (-1, 1))] if header.reprint else []),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ),
    )


def _qr_code(payload: str) -> QrCode:
    """The QR code (error correction M, 2-module quiet zone: the header around it is blank)."""
    return QrCode(payload, width=QR_SIZE, height=QR_SIZE, qrLevel="M", qrBorder=2)


def _draw_runs(canvas: Canvas, x: float, y: float, value: str, size: float) -> None:
    for run, cjk in fonts.font_runs(value):
        font = fonts.CJK if cjk else fonts.REGULAR
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += canvas.stringWidth(run, font, size)


def _numbered_canvas(draw_footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that keeps its pages until the end so each footer can say "page x of y"."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                draw_footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def spacer(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)


def write_pdf(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically (msc_desktop.files)."""
    return write_atomically(Path(path), data, OutputFileError)
