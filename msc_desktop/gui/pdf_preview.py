"""Preview, print and save the printed sheets (dosing worksheet, SAE report, blank CRFs, recovery
sheet) made by `msc_desktop.reports.printing`.

The dialog shows the PDF bytes with QtPdf (zoom, fit, page navigation). Print renders each page
with `QPdfDocument.render` into the printer's full paper rect at the PDF's own scale when the
paper matches (the sheets carry their own margins), shrunk to fit when it does not; pages are
rendered at no more than `PRINT_DPI` so a 1200 dpi printer does not need gigabytes per page.
Save writes atomically through `write_pdf`. A refusal of the reports API (an `MscError`) is shown
as its one sentence and no dialog opens; nothing is written.

Language and paper come from the settings (`language` of this computer, the site's
`paper_size`), so every sheet of a site prints the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.errors import MscError
from msc_desktop.gui.dialogs import show_error
from msc_desktop.gui.i18n import error_text, translate
from msc_desktop.reports.printing import (
    blank_forms_pdf,
    dosing_worksheet_pdf,
    recovery_sheet_pdf,
    sae_report_pdf,
    write_pdf,
)
from msc_desktop.store.settings import read_preferences, site_value
from msc_desktop.store.site import SiteStore
from msc_desktop.store.site_kind import is_demo_site

#: Highest resolution a page is rendered at for the printer (dots per inch).
PRINT_DPI = 300
POINTS_PER_INCH = 72
ZOOM_STEP = 1.25
MIN_ZOOM = 0.25
MAX_ZOOM = 4.0
_OK_STYLE = "color: #1b5e20;"
_ERROR_STYLE = "color: #b00020;"


class PdfPreviewDialog(QDialog):
    """Shows `pdf` (bytes); Print... and Save as PDF... act on exactly these bytes. `savable`
    False hides Save (the recovery sheet says it must not be copied)."""

    def __init__(
        self, pdf: bytes, *, title: str, file_name: str, savable: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.file_name = file_name if file_name.lower().endswith(".pdf") else f"{file_name}.pdf"
        self.setWindowTitle(title)
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self.buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)

        bar = QHBoxLayout()
        self.previous_button = self._button(self.tr("< Previous"), "previous_page", self.previous_page, bar)
        self.page_box = QSpinBox(self)
        self.page_box.setObjectName("page_number")
        self.page_box.setRange(1, max(1, self.page_count))
        self.page_box.valueChanged.connect(lambda value: self.go_to_page(value - 1))
        bar.addWidget(QLabel(self.tr("Page"), self))
        bar.addWidget(self.page_box)
        self.page_total = QLabel(self.tr("of {count}").format(count=self.page_count), self)
        bar.addWidget(self.page_total)
        self.next_button = self._button(self.tr("Next >"), "next_page", self.next_page, bar)
        bar.addSpacing(24)
        self.zoom_out_button = self._button(self.tr("Zoom out"), "zoom_out", self.zoom_out, bar)
        self.zoom_in_button = self._button(self.tr("Zoom in"), "zoom_in", self.zoom_in, bar)
        self._button(self.tr("Fit width"), "fit_width", self.fit_width, bar)
        self._button(self.tr("Whole page"), "fit_page", self.fit_page, bar)
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoom_label")
        self.zoom_label.setMinimumWidth(60)
        bar.addWidget(self.zoom_label)
        bar.addStretch(1)
        self.print_button = self._button(self.tr("Print..."), "print_pdf", self.print_pdf, bar)
        self.save_button = self._button(self.tr("Save as PDF..."), "save_pdf", self.save_pdf, bar)
        self.save_button.setVisible(savable)
        close = self._button(self.tr("Close"), "close_preview", self.reject, bar)
        close.setAutoDefault(False)

        self.message = QLabel(self)
        self.message.setObjectName("preview_message")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.view.zoomFactorChanged.connect(lambda _factor: self._show_zoom())
        self.view.zoomModeChanged.connect(lambda _mode: self._show_zoom())
        if self.document.status() != QPdfDocument.Status.Ready:
            self.message.setStyleSheet(_ERROR_STYLE)
            self.message.setText(self.tr("The sheet could not be displayed; it can still be saved."))
            self.print_button.setEnabled(False)
        self._page_changed(0)
        self._show_zoom()
        self.resize(980, 740)

    def _button(self, text: str, name: str, slot: Callable[[], object], row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    @property
    def page_count(self) -> int:
        return max(0, self.document.pageCount())

    # -- pages ---------------------------------------------------------------------------------

    @property
    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        """Shows page `page` (0-based), clamped to the document."""
        if self.page_count == 0:
            return
        page = min(max(page, 0), self.page_count - 1)
        if page != self.current_page:
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())

    def previous_page(self) -> None:
        self.go_to_page(self.current_page - 1)

    def next_page(self) -> None:
        self.go_to_page(self.current_page + 1)

    def _page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < self.page_count - 1)

    # -- zoom ----------------------------------------------------------------------------------

    @property
    def zoom_factor(self) -> float:
        return float(self.view.zoomFactor())

    def set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(max(factor, MIN_ZOOM), MAX_ZOOM))
        self._show_zoom()

    def zoom_in(self) -> None:
        self.set_zoom(self._shown_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._shown_zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def _shown_zoom(self) -> float:
        """The zoom on screen now (zoom in/out start from it); in a fit mode QPdfView keeps the
        factor but draws the fit, so the fit is computed from the viewport."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or self.page_count == 0:
            return self.zoom_factor
        page_width = self.document.pagePointSize(self.current_page).width()
        screen_points = page_width * self.logicalDpiX() / POINTS_PER_INCH
        margins = self.view.documentMargins()
        width = self.view.viewport().width() - margins.left() - margins.right()
        if self.view.zoomMode() == QPdfView.ZoomMode.FitInView:
            page_height = self.document.pagePointSize(self.current_page).height()
            height = self.view.viewport().height() - margins.top() - margins.bottom()
            return min(width / screen_points, height / (page_height * self.logicalDpiY() / POINTS_PER_INCH))
        return width / screen_points if screen_points > 0 else 1.0

    def _show_zoom(self) -> None:
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom:
            self.zoom_label.setText(self.tr("{percent} %").format(percent=round(self.zoom_factor * 100)))
        else:
            self.zoom_label.setText(self.tr("fit width") if mode == QPdfView.ZoomMode.FitToWidth else self.tr("whole page"))
        custom = mode == QPdfView.ZoomMode.Custom
        self.zoom_in_button.setEnabled(not custom or self.zoom_factor < MAX_ZOOM)
        self.zoom_out_button.setEnabled(not custom or self.zoom_factor > MIN_ZOOM)

    # -- print and save ------------------------------------------------------------------------

    def print_pdf(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.prepare_printer(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setMinMax(1, max(1, self.page_count))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        printed = self.print_to(printer)
        if printed:
            self.message.setStyleSheet(_OK_STYLE)
            self.message.setText(self.tr("{count} page(s) sent to the printer.").format(count=printed))

    def prepare_printer(self, printer: QPrinter) -> None:
        """The paper of the sheet itself (A4 or Letter), full page: the sheet has its margins."""
        printer.setFullPage(True)
        printer.setDocName(self.file_name)
        if self.page_count:
            size = self.document.pagePointSize(0)
            printer.setPageSize(QPageSize(QSizeF(size.width(), size.height()), QPageSize.Unit.Point))
            orientation = (QPageLayout.Orientation.Landscape if size.width() > size.height()
                           else QPageLayout.Orientation.Portrait)
            printer.setPageOrientation(orientation)

    def print_to(self, printer: QPrinter) -> int:
        """Paints the chosen pages (all by default) on `printer`; returns how many were sent."""
        first, last = printer.fromPage(), printer.toPage()
        if first <= 0 or last <= 0:
            first, last = 1, self.page_count
        pages = range(max(first, 1) - 1, min(last, self.page_count))
        if not pages:
            return 0
        painter = QPainter()
        if not painter.begin(printer):
            self.message.setStyleSheet(_ERROR_STYLE)
            self.message.setText(self.tr("The printer could not be opened; check that it is connected and try again."))
            return 0
        try:
            target = painter.viewport()
            dpi = min(printer.resolution(), PRINT_DPI)
            for count, page in enumerate(pages):
                if count:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                pixels = QSize(round(points.width() * dpi / POINTS_PER_INCH),
                               round(points.height() * dpi / POINTS_PER_INCH))
                image = self.document.render(page, pixels)
                painter.drawImage(fitted_rect(points, printer.resolution(), target), image)
        finally:
            painter.end()
        return len(pages)

    def save_pdf(self) -> None:
        start = str(Path.home() / self.file_name)
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), start, self.tr("PDF files (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> Path | None:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            written = write_pdf(path, self.pdf)
        except MscError as error:
            self.message.setStyleSheet(_ERROR_STYLE)
            self.message.setText(error_text(error))
            return None
        self.message.setStyleSheet(_OK_STYLE)
        self.message.setText(self.tr("Saved to {path}.").format(path=written))
        return written


def fitted_rect(points: QSizeF, resolution: int, target: QRect) -> QRect:
    """Where a page of `points` goes in `target` (device pixels at `resolution` dpi): actual
    size when it fits, else shrunk keeping its proportions; centred either way."""
    width = points.width() * resolution / POINTS_PER_INCH
    height = points.height() * resolution / POINTS_PER_INCH
    scale = min(1.0, target.width() / width, target.height() / height) if width and height else 1.0
    drawn = QSize(round(width * scale), round(height * scale))
    left = target.left() + (target.width() - drawn.width()) // 2
    top = target.top() + (target.height() - drawn.height()) // 2
    return QRect(left, top, drawn.width(), drawn.height())


# -- opening a sheet -----------------------------------------------------------------------------


def sheet_settings(store: SiteStore) -> tuple[str, str]:
    """(language, paper) for a sheet: this computer's language, the site's paper size."""
    return site_value(store, "language"), site_value(store, "paper_size")


def preview(
    parent: QWidget | None, make: Callable[[], bytes], *, title: str, file_name: str, savable: bool = True
) -> PdfPreviewDialog | None:
    """Makes the sheet and opens its preview; a refusal is shown as its sentence, nothing opens."""
    try:
        data = make()
    except MscError as error:
        show_error(parent, error, translate("PdfPreviewDialog", "Cannot print"))
        return None
    dialog = PdfPreviewDialog(data, title=title, file_name=file_name, savable=savable, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def preview_dosing_worksheet(
    parent: QWidget | None, store: SiteStore, subject_id: str, visit_code: str
) -> PdfPreviewDialog | None:
    language, paper = sheet_settings(store)
    return preview(
        parent, lambda: dosing_worksheet_pdf(store, subject_id, visit_code, language=language, paper=paper),
        title=translate("PdfPreviewDialog", "Dosing worksheet {visit}: {subject}").format(visit=visit_code, subject=subject_id),
        file_name=f"dosing-worksheet-{subject_id}-{visit_code}.pdf",
    )


def preview_sae_report(
    parent: QWidget | None, store: SiteStore, subject_id: str, ae_number: int
) -> PdfPreviewDialog | None:
    language, paper = sheet_settings(store)
    return preview(
        parent, lambda: sae_report_pdf(store, subject_id, ae_number, language=language, paper=paper),
        title=translate("PdfPreviewDialog", "SAE report: {subject}, AE {number}").format(subject=subject_id, number=ae_number),
        file_name=f"sae-report-{subject_id}-AE{ae_number}.pdf",
    )


def preview_blank_forms(parent: QWidget | None, store: SiteStore) -> PdfPreviewDialog | None:
    language, paper = sheet_settings(store)
    return preview(
        parent, lambda: blank_forms_pdf(site_id=store.site_id, site_name=store.site_name, language=language, paper=paper,
                                         demo=is_demo_site(store)),
        title=translate("PdfPreviewDialog", "Blank paper forms"), file_name=f"blank-forms-site-{store.site_id}.pdf",
    )


def preview_recovery_sheet(parent: QWidget | None, store: SiteStore, recovery_key: str) -> PdfPreviewDialog | None:
    """The sheet of the key `SiteStore.init` returned, dated with the site's creation time; printed
    only, never saved as a file (the sheet itself forbids copies)."""
    language = read_preferences(store.data_dir)["language"]
    created = store.get_setting("created_at")
    created_at = datetime.fromisoformat(created) if created else datetime.now(UTC)
    return preview(
        parent,
        lambda: recovery_sheet_pdf(recovery_key, site_id=store.site_id, site_name=store.site_name,
                                   demo=is_demo_site(store),
                                   created_at=created_at, language=language, paper=site_value(store, "paper_size")),
        title=translate("PdfPreviewDialog", "Recovery sheet"), file_name=f"recovery-sheet-site-{store.site_id}.pdf", savable=False,
    )
