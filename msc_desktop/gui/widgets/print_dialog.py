"""Printing a previewed sheet: the computer's print queues as Qt lists them (`QPrinterInfo`), the
one used last on this site chosen first, the chosen queue's state, and the pages. A fault stays
in the dialog as one sentence, with Retry and Save as PDF instead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import error_text, localized, translate
from msc_desktop.gui.widgets.dialogs import ERROR_STYLE
from msc_desktop.reports.cups import PAPER_NAMES, PROCESSING, Cups, Printer
from msc_desktop.reports.print_queue import print_sheet
from msc_desktop.store.settings import read_preferences

if TYPE_CHECKING:
    from msc_desktop.gui.widgets.pdf_preview import PdfPreviewDialog


class PrintSheetDialog(QDialog):
    """Chooses the print queue and pages for the preview's sheet and prints it; a fault stays in
    the dialog as one sentence with Retry and Save as PDF instead."""

    def __init__(self, preview: PdfPreviewDialog) -> None:
        super().__init__(preview)
        self.setObjectName("print_sheet_dialog")
        self.preview = preview
        self.cups = Cups()
        self.setWindowTitle(self.tr("Print"))
        self.printers = QComboBox(self)
        self.printers.setObjectName("printer_list")
        self.printers.currentIndexChanged.connect(lambda _index: self.show_state())
        self.state = QLabel(self)
        self.state.setObjectName("printer_state")
        self.state.setWordWrap(True)
        assert preview.sheet is not None
        paper = localized(PAPER_NAMES[preview.sheet.paper])
        sheet_line = QLabel(
            self.tr("{paper}, portrait, actual size (as on the screen)").format(paper=paper), self
        )
        self.all_pages = QRadioButton(
            self.tr("All {count} pages").format(count=preview.page_count), self
        )
        self.all_pages.setObjectName("all_pages")
        self.all_pages.setChecked(True)
        self.some_pages = QRadioButton(self.tr("Pages"), self)
        self.some_pages.setObjectName("some_pages")
        self.first_page, self.last_page = QSpinBox(self), QSpinBox(self)
        for box, name, value in (
            (self.first_page, "first_page", 1),
            (self.last_page, "last_page", preview.page_count),
        ):
            box.setObjectName(name)
            box.setRange(1, max(1, preview.page_count))
            box.setValue(value)
            box.valueChanged.connect(lambda _value: self.some_pages.setChecked(True))
        pages_row = QWidget(self)
        pages = QHBoxLayout(pages_row)
        pages.setContentsMargins(0, 0, 0, 0)
        pages.addWidget(self.all_pages)
        pages.addSpacing(12)
        pages.addWidget(self.some_pages)
        pages.addWidget(self.first_page)
        pages.addWidget(QLabel(self.tr("to"), pages_row))
        pages.addWidget(self.last_page)
        pages.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Printer"), self.printers)
        form.addRow("", self.state)
        form.addRow(self.tr("Paper"), sheet_line)
        if preview.page_count > 1:
            form.addRow(self.tr("Pages"), pages_row)
        else:
            pages_row.hide()
        self.message = QLabel(self)
        self.message.setObjectName("print_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        buttons = QHBoxLayout()
        self.save_instead = QPushButton(self.tr("Save as PDF instead..."), self)
        self.save_instead.setObjectName("save_instead")
        self.save_instead.clicked.connect(self.save_instead_of_printing)
        self.save_instead.hide()
        self.print_button = QPushButton(self.tr("Print"), self)
        self.print_button.setObjectName("print_now")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_now)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.setObjectName("cancel_print")
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.save_instead)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self.list_printers()

    def list_printers(self) -> None:
        """The queues Qt finds now; the last one used on this site (else the default) chosen."""
        remembered = (
            read_preferences(self.preview.store.data_dir)["printer"] if self.preview.store else ""
        )
        self.printers.blockSignals(True)
        self.printers.clear()
        for info in sorted(QPrinterInfo.availablePrinters(), key=lambda i: i.printerName().lower()):
            name = info.printerName()
            label = name if info.description() in ("", name) else f"{name} ({info.description()})"
            self.printers.addItem(label, name)
        for wanted in (remembered, QPrinterInfo.defaultPrinterName()):
            if wanted and self.printers.findData(wanted) >= 0:
                self.printers.setCurrentIndex(self.printers.findData(wanted))
                break
        self.printers.blockSignals(False)
        if self.printers.count() == 0:
            self.fault(
                translate(
                    "PrintSheetDialog",
                    "No printer is installed on this computer: save the PDF and"
                    " print it from another computer, or add a printer and retry.",
                )
            )
            self.state.clear()
            return
        self.show_state()

    def show_state(self) -> None:
        name = self.printers.currentData()
        if not name:
            return
        try:
            printer = self.cups.printer(str(name))
        except MscError as error:
            self.state.setText(error_text(error))
            return
        self.state.setText(printer_state_text(printer))

    def pages(self) -> tuple[int, int] | None:
        if not self.some_pages.isChecked():
            return None
        first, last = self.first_page.value(), self.last_page.value()
        return (min(first, last), max(first, last))

    def print_now(self) -> None:
        """Prints on the chosen queue, or (after "no printer") looks for queues again."""
        if self.printers.count() == 0:
            self.list_printers()
            return
        store, sheet = self.preview.store, self.preview.sheet
        assert store is not None and sheet is not None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            receipt = print_sheet(
                store, sheet, str(self.printers.currentData()), pages=self.pages(), cups=self.cups
            )
        except MscError as error:
            self.fault(error_text(error))
            self.show_state()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.preview.printed(receipt)
        self.accept()

    def fault(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.print_button.setText(self.tr("Retry"))
        self.save_instead.setVisible(self.preview.savable)
        self.adjustSize()

    def save_instead_of_printing(self) -> None:
        self.reject()
        self.preview.save_pdf()


def printer_state_text(printer: Printer) -> str:
    """The queue's state in a few words, in the interface language."""
    if not printer.accepting:
        text = translate("PrintSheetDialog", "Not accepting jobs")
    elif printer.stopped:
        text = translate("PrintSheetDialog", "Stopped")
    elif printer.state == PROCESSING:
        text = translate("PrintSheetDialog", "Printing")
    else:
        text = translate("PrintSheetDialog", "Ready")
    if printer.why:
        text += f" ({printer.why})"
    paper = printer.loaded_paper
    if paper:
        text += translate("PrintSheetDialog", ", set up for {paper} paper").format(
            paper=localized(PAPER_NAMES[paper]) if paper in PAPER_NAMES else paper
        )
    return text
