"""Preview, print and save the printed sheets (dosing worksheet, SAE report, blank CRFs, recovery
sheet) made by `msc_desktop.reports.printing`.

The dialog shows the PDF bytes with QtPdf (zoom, fit, page navigation). Print (or Ctrl+P) opens
`PrintSheetDialog` (widgets/print_dialog.py): the computer's print queues as Qt lists them
(`QPrinterInfo`), the one used last on this site chosen first, the chosen queue's state, and the
pages. Printing goes through
`print_sheet`: the sheet is made again with its print time (and "REPRINT n" when printed before)
and sent to the queue as its own PDF, on its own paper, portrait, at actual size; the print is
recorded in the audit trail with the job id once the queue accepted it, and the preview then
shows the sheet that was printed. A fault (no printer, a stopped queue, one rejecting jobs, a
printer removed, other paper loaded) is one sentence in the interface language under the list,
with Retry and Save as PDF instead. Save writes atomically through `write_pdf`. A refusal of the
reports API (an `MscError`) is shown as its one sentence and no dialog opens; nothing is written.

Language and paper come from the settings (`language` of this computer, the site's
`paper_size`), so every sheet of a site prints the same way.

It stays one module (about 400 lines): the dialog and the four `preview_*` openers that build
its sheets; the print dialog, the other half, is apart.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
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
from msc_desktop.gui.i18n import error_text, translate
from msc_desktop.gui.widgets.dialogs import ERROR_STYLE, show_error
from msc_desktop.gui.widgets.print_dialog import PrintSheetDialog
from msc_desktop.reports.print_queue import (
    PrintReceipt,
    Sheet,
    blank_forms_sheet,
    recovery_sheet,
    render_sheet,
    sae_sheet,
    worksheet_sheet,
)
from msc_desktop.reports.printing import write_pdf
from msc_desktop.store.settings import read_preferences, site_value
from msc_desktop.store.site import SiteStore

POINTS_PER_INCH = 72


ZOOM_STEP = 1.25


MIN_ZOOM = 0.25


MAX_ZOOM = 4.0


_OK_STYLE = "color: #1b5e20;"


class PdfPreviewDialog(QDialog):
    """Shows `pdf` (bytes); Save as PDF... saves exactly these bytes, Print... sends `sheet` to a
    print queue as `store`'s user (no sheet: nothing to print). `savable` False hides Save (the
    recovery sheet says it must not be copied)."""

    def __init__(
        self,
        pdf: bytes,
        *,
        title: str,
        file_name: str,
        savable: bool = True,
        parent: QWidget | None = None,
        store: SiteStore | None = None,
        sheet: Sheet | None = None,
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.store, self.sheet, self.savable = store, sheet, savable
        self.receipt: PrintReceipt | None = None
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
        self.previous_button = self._button(
            self.tr("< Previous"), "previous_page", self.previous_page, bar
        )
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
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(
                self.tr("The sheet could not be displayed; it can still be saved.")
            )
            self.print_button.setEnabled(False)
        elif self.sheet is None or self.store is None:
            self.print_button.setEnabled(False)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_pdf)
        self._page_changed(0)
        self._show_zoom()
        self.resize(980, 740)

    def _button(
        self, text: str, name: str, slot: Callable[[], object], row: QHBoxLayout
    ) -> QPushButton:
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
            return min(
                width / screen_points, height / (page_height * self.logicalDpiY() / POINTS_PER_INCH)
            )
        return width / screen_points if screen_points > 0 else 1.0

    def _show_zoom(self) -> None:
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom:
            self.zoom_label.setText(
                self.tr("{percent} %").format(percent=round(self.zoom_factor * 100))
            )
        else:
            self.zoom_label.setText(
                self.tr("fit width")
                if mode == QPdfView.ZoomMode.FitToWidth
                else self.tr("whole page")
            )
        custom = mode == QPdfView.ZoomMode.Custom
        self.zoom_in_button.setEnabled(not custom or self.zoom_factor < MAX_ZOOM)
        self.zoom_out_button.setEnabled(not custom or self.zoom_factor > MIN_ZOOM)

    # -- print and save ------------------------------------------------------------------------

    def print_pdf(self) -> None:
        """Opens the print dialog (window-modal; it prints through `print_sheet`)."""
        if not self.print_button.isEnabled():
            return
        dialog = PrintSheetDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def printed(self, receipt: PrintReceipt) -> None:
        """Shows the sheet as it was printed, and says where it went."""
        self.receipt = receipt
        self.pdf = receipt.pdf
        self.buffer.close()
        self.buffer.setData(QByteArray(receipt.pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        self.message.setStyleSheet(_OK_STYLE)
        if receipt.reprint:
            self.message.setText(
                self.tr("Sent to printer {printer} as job {job}, marked REPRINT {number}.").format(
                    printer=receipt.printer, job=receipt.job_id, number=receipt.reprint
                )
            )
        else:
            self.message.setText(
                self.tr("Sent to printer {printer} as job {job}.").format(
                    printer=receipt.printer, job=receipt.job_id
                )
            )

    def save_pdf(self) -> None:
        start = str(Path.home() / self.file_name)
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save as PDF"), start, self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> Path | None:
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            written = write_pdf(path, self.pdf)
        except MscError as error:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(error_text(error))
            return None
        self.message.setStyleSheet(_OK_STYLE)
        self.message.setText(self.tr("Saved to {path}.").format(path=written))
        return written


def sheet_settings(store: SiteStore) -> tuple[str, str]:
    """(language, paper) for a sheet: this computer's language, the site's paper size."""
    return site_value(store, "language"), site_value(store, "paper_size")


def preview(
    parent: QWidget | None,
    store: SiteStore,
    make: Callable[[], Sheet],
    *,
    title: str,
    savable: bool = True,
) -> PdfPreviewDialog | None:
    """Makes the sheet and opens its preview; a refusal is shown as its sentence, nothing opens."""
    try:
        sheet = make()
        data = render_sheet(store, sheet)
    except MscError as error:
        show_error(parent, error, translate("PdfPreviewDialog", "Cannot print"))
        return None
    dialog = PdfPreviewDialog(
        data,
        title=title,
        file_name=sheet.title,
        savable=savable,
        parent=parent,
        store=store,
        sheet=sheet,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def preview_dosing_worksheet(
    parent: QWidget | None, store: SiteStore, subject_id: str, visit_code: str
) -> PdfPreviewDialog | None:
    language, paper = sheet_settings(store)
    return preview(
        parent,
        store,
        lambda: worksheet_sheet(store, subject_id, visit_code, language=language, paper=paper),
        title=translate("PdfPreviewDialog", "Dosing worksheet {visit}: {subject}").format(
            visit=visit_code, subject=subject_id
        ),
    )


def preview_sae_report(
    parent: QWidget | None, store: SiteStore, subject_id: str, ae_number: int
) -> PdfPreviewDialog | None:
    language, paper = sheet_settings(store)
    return preview(
        parent,
        store,
        lambda: sae_sheet(store, subject_id, ae_number, language=language, paper=paper),
        title=translate("PdfPreviewDialog", "SAE report: {subject}, AE {number}").format(
            subject=subject_id, number=ae_number
        ),
    )


def preview_blank_forms(parent: QWidget | None, store: SiteStore) -> PdfPreviewDialog | None:
    language, paper = sheet_settings(store)
    return preview(
        parent,
        store,
        lambda: blank_forms_sheet(store, language=language, paper=paper),
        title=translate("PdfPreviewDialog", "Blank paper forms"),
    )


def preview_recovery_sheet(
    parent: QWidget | None, store: SiteStore, recovery_key: str
) -> PdfPreviewDialog | None:
    """The sheet of the key `SiteStore.init` returned, dated with the site's creation time; printed
    only, never saved as a file (the sheet itself forbids copies)."""
    language = read_preferences(store.data_dir)["language"]
    created = store.get_setting("created_at")
    created_at = datetime.fromisoformat(created) if created else datetime.now(UTC)
    return preview(
        parent,
        store,
        lambda: recovery_sheet(
            store,
            recovery_key,
            created_at=created_at,
            language=language,
            paper=site_value(store, "paper_size"),
        ),
        title=translate("PdfPreviewDialog", "Recovery sheet"),
        savable=False,
    )
