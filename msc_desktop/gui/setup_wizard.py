"""First run: create the site (id, name, first administrator), show the recovery key once, then
connect to the coordinating centre (a step that may be skipped and done later in Tools >
Coordinating centre).

The checks are the store's (`SiteStore.init`, `check_password_strength`); the wizard shows their
messages as the user types. The recovery key can be printed or saved, and the wizard only moves
on once the user confirms it is kept somewhere safe: it is never shown again. The last step is the
administrator's "Coordinating centre" panel itself (`gui.site.centre`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.clinic_time import default_zone_name
from msc_desktop.errors import MscError, ValidationError
from msc_desktop.gui.i18n import error_text
from msc_desktop.gui.site.centre import CentrePanel
from msc_desktop.gui.widgets.zone_box import ZoneBox
from msc_desktop.store.demo import make_demo_site
from msc_desktop.store.roles import check_password_strength, check_user_id
from msc_desktop.store.site import SiteStore

_ERROR = "color: #b00020;"
_OK = "color: #1b5e20;"


class SetupWizard(QWidget):
    """Three pages: the site and its administrator, the recovery key, the coordinating centre.
    Emits `finished`."""

    finished = Signal(object)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.store: SiteStore | None = None
        self.recovery_key = ""
        self.setWindowTitle(self.tr("MSC Desktop: set up this site"))
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._site_page())
        self.pages.addWidget(self._key_page())
        self.centre_page = QWidget(self)
        self.centre_panel: CentrePanel | None = None
        self.pages.addWidget(self.centre_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(720, 560)
        self.site_id.setFocus()

    # -- page 1: the site and its administrator ------------------------------------------------

    def _site_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        title = QLabel(self.tr("<h2>Set up this site</h2>"), page)
        intro = QLabel(
            self.tr(
                "This computer has no trial site yet. Enter the site's identity and create the "
                "first administrator account. The encrypted database will be created "
                "in:<br><tt>{folder}</tt>"
            ).format(folder=self.data_dir),
            page,
        )
        intro.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.site_id = self._line("site_id", self.tr("two digits, e.g. 01"))
        self.site_id.setMaxLength(8)  # room for spaces around the two digits (" 07 " is read as 07)
        self.site_name = self._line("site_name", self.tr("e.g. Xijing Hospital, Xi'an"))
        self.admin_user = self._line("admin_user", self.tr("e.g. wang.li"))
        self.admin_name = self._line("admin_name", self.tr("printed with signatures"))
        self.password = self._line("password", "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = self._line("password_again", "")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.time_zone = ZoneBox(default_zone_name(), page)
        self.time_zone.setObjectName("time_zone")
        self.time_zone.setToolTip(
            self.tr(
                "Consent, infusion and adverse event times are entered and kept in this "
                "zone; an administrator can change it later under Settings."
            )
        )
        self.password_rules = QLabel(page)
        self.password_rules.setObjectName("password_rules")
        self.password_rules.setWordWrap(True)
        form.addRow(self.tr("Site id *"), self.site_id)
        form.addRow(self.tr("Site name *"), self.site_name)
        form.addRow(self.tr("Time zone of the site *"), self.time_zone)
        form.addRow(self.tr("Administrator user name *"), self.admin_user)
        form.addRow(self.tr("Administrator full name *"), self.admin_name)
        form.addRow(self.tr("Password *"), self.password)
        form.addRow("", self.password_rules)
        form.addRow(self.tr("Password again *"), self.password_again)
        self.demo = QCheckBox(
            self.tr("Demo site (training only: demo data and demo lists, never a real study)"), page
        )
        self.demo.setObjectName("demo_site")
        form.addRow("", self.demo)
        layout.addLayout(form)
        self.site_message = QLabel(page)
        self.site_message.setObjectName("site_message")
        self.site_message.setWordWrap(True)
        self.site_message.setStyleSheet(_ERROR)
        layout.addWidget(self.site_message)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.create_button = QPushButton(self.tr("Create site"), page)
        self.create_button.setObjectName("create_site")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_site)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)
        for line in (
            self.password,
            self.password_again,
            self.admin_user,
            self.admin_name,
            self.site_name,
        ):
            line.textChanged.connect(self._show_password_rules)
        self._show_password_rules()
        return page

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setObjectName(name)
        line.setPlaceholderText(placeholder)
        return line

    def _show_password_rules(self) -> None:
        """The store's own password check, re-run on every keystroke."""
        password = self.password.text()
        try:
            check_password_strength(
                password,
                self.admin_user.text().strip().lower(),
                full_name=self.admin_name.text(),
                site_name=self.site_name.text(),
            )
        except ValidationError as error:
            self.password_rules.setText(error_text(error))
            self.password_rules.setStyleSheet(_ERROR)
            return
        if self.password_again.text() and self.password_again.text() != password:
            self.password_rules.setText(self.tr("The two passwords differ."))
            self.password_rules.setStyleSheet(_ERROR)
            return
        self.password_rules.setText(self.tr("The password meets the rules."))
        self.password_rules.setStyleSheet(_OK)

    def create_site(self) -> None:
        if self.pages.currentIndex() != 0:
            return
        if self.password.text() != self.password_again.text():
            self.site_message.setText(
                self.tr("The two passwords differ; type the same password twice.")
            )
            self.password_again.setFocus()
            return
        try:
            check_user_id(self.admin_user.text())
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.store, self.recovery_key = SiteStore.init(
                    self.data_dir,
                    site_id=self.site_id.text(),
                    site_name=self.site_name.text(),
                    admin_user=self.admin_user.text(),
                    admin_password=self.password.text(),
                    admin_full_name=self.admin_name.text(),
                    time_zone=self.time_zone.zone(),
                )
                if self.demo.isChecked():
                    make_demo_site(self.store)
            finally:
                QApplication.restoreOverrideCursor()
        except MscError as error:
            self.site_message.setText(error_text(error))
            return
        self.password.clear()
        self.password_again.clear()
        self.key_label.setText(self.recovery_key)
        self.key_site.setText(
            self.tr("Site {site}: {name}").format(
                site=self.store.site_id, name=self.store.site_name
            )
        )
        self.pages.setCurrentIndex(1)
        self.setWindowTitle(self.tr("MSC Desktop: recovery key of the new site"))
        self.print_button.setFocus()

    # -- page 2: the recovery key --------------------------------------------------------------

    def _key_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("<h2>Recovery key</h2>"), page))
        intro = QLabel(
            self.tr(
                "If every password of this site is lost, this key is the only way to open the "
                "database. Print it or save it now and keep it locked away from this computer. "
                "<b>It is shown only this once.</b>"
            ),
            page,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.key_site = QLabel(page)
        layout.addWidget(self.key_site)
        self.key_label = QLabel(page)
        self.key_label.setObjectName("recovery_key")
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(15)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setWordWrap(True)
        self.key_label.setStyleSheet("border: 1px solid #888; padding: 12px; background: #fafafa;")
        layout.addWidget(self.key_label)
        row = QHBoxLayout()
        self.print_button = QPushButton(self.tr("Print..."), page)
        self.print_button.setObjectName("print_key")
        self.print_button.clicked.connect(self.print_key)
        self.save_button = QPushButton(self.tr("Save as text..."), page)
        self.save_button.setObjectName("save_key")
        self.save_button.clicked.connect(self.save_key)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.saved_message = QLabel(page)
        self.saved_message.setWordWrap(True)
        layout.addWidget(self.saved_message)
        self.kept_safe = QCheckBox(
            self.tr("I have printed or saved the recovery key and will keep it safe."), page
        )
        self.kept_safe.setObjectName("kept_safe")
        layout.addWidget(self.kept_safe)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.key_done_button = QPushButton(self.tr("Next"), page)
        self.key_done_button.setObjectName("key_kept")
        self.key_done_button.setEnabled(False)
        self.key_done_button.setDefault(True)
        self.kept_safe.toggled.connect(self.key_done_button.setEnabled)
        self.key_done_button.clicked.connect(self.show_centre_page)
        buttons.addWidget(self.key_done_button)
        layout.addLayout(buttons)
        return page

    # -- page 3: the coordinating centre -------------------------------------------------------

    def show_centre_page(self) -> None:
        """After the recovery key: connect to the coordinating centre, or skip and do it later."""
        if self.store is None or not self.kept_safe.isChecked() or self.centre_panel is not None:
            return
        self.recovery_key = ""
        self.key_label.clear()
        layout = QVBoxLayout(self.centre_page)
        layout.addWidget(
            QLabel(self.tr("<h2>Connect to the coordinating centre</h2>"), self.centre_page)
        )
        intro = QLabel(
            self.tr(
                "Randomization and sending data need the centre's key, its site package and "
                "allocation lists. If you do not have them yet, skip this step: an administrator "
                "does it later in Tools > Coordinating centre."
            ),
            self.centre_page,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.centre_panel = CentrePanel(self.store, self.centre_page)
        self.centre_panel.changed.connect(self._centre_changed)
        layout.addWidget(self.centre_panel, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.skip_button = QPushButton(self.tr("Skip for now"), self.centre_page)
        self.skip_button.setObjectName("skip_centre")
        self.skip_button.clicked.connect(self.finish)
        self.finish_button = QPushButton(self.tr("Finish"), self.centre_page)
        self.finish_button.setObjectName("finish_setup")
        self.finish_button.setEnabled(False)
        self.finish_button.clicked.connect(self.finish)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.finish_button)
        layout.addLayout(buttons)
        self.pages.setCurrentWidget(self.centre_page)
        self.setWindowTitle(self.tr("MSC Desktop: connect to the coordinating centre"))
        self.resize(max(self.width(), 860), max(self.height(), 720))
        self.skip_button.setFocus()

    def _centre_changed(self) -> None:
        panel = self.centre_panel
        connected = panel is not None and panel.status is not None and panel.status.connected
        self.finish_button.setEnabled(connected)
        self.finish_button.setDefault(connected)

    def recovery_text(self) -> str:
        """The text file "Save as text..." writes, in the interface language."""
        assert self.store is not None
        return self.tr(
            "MSC Desktop recovery key\nSite {site}: {name}\n\n{key}\n\n"
            "Keep this sheet locked away. With it, anyone can open this site's database.\n"
        ).format(site=self.store.site_id, name=self.store.site_name, key=self.recovery_key)

    def save_key(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the recovery key"),
            str(Path.home() / "msc-recovery-key.txt"),
            self.tr("Text (*.txt)"),
        )
        if path:
            self.write_key(Path(path))

    def write_key(self, path: Path) -> None:
        try:
            path.write_text(self.recovery_text(), encoding="utf-8")
        except OSError as error:
            self.saved_message.setText(
                self.tr("Could not save to {path}: {reason}.").format(
                    path=path, reason=error.strerror
                )
            )
            self.saved_message.setStyleSheet(_ERROR)
            return
        self.saved_message.setText(
            self.tr(
                "Saved to {path}. Move it to a safe place (e.g. a USB stick kept locked away)."
            ).format(path=path)
        )
        self.saved_message.setStyleSheet(_OK)

    def print_key(self) -> None:
        """Previews the recovery sheet (reports.printing), to print or save from there."""
        # Imported on use: reportlab is not needed to draw the wizard.
        from msc_desktop.gui.widgets.pdf_preview import preview_recovery_sheet

        assert self.store is not None
        preview_recovery_sheet(self, self.store, self.recovery_key)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter presses the focused button, else the page's default one: Create site, Next once the
        key is kept, then Finish (or Skip for now while the centre is not connected). (Line edits
        pass Enter on to here: one key, one action; the centre's address field saves it, nothing
        more.)"""
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
            return
        focused = self.focusWidget()
        if self.centre_panel is not None and focused is self.centre_panel.url:
            return
        default = (
            self.create_button
            if self.pages.currentIndex() == 0
            else self.key_done_button
            if self.pages.currentIndex() == 1
            else self.finish_button
            if self.finish_button.isEnabled()
            else self.skip_button
        )
        if isinstance(focused, QPushButton) and focused.isEnabled():
            focused.click()
        elif default.isEnabled():
            default.click()

    def finish(self) -> None:
        if self.store is None or self.pages.currentWidget() is not self.centre_page:
            return
        self.finished.emit(self.store)
        self.close()
