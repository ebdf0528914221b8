"""The administrator's "Coordinating centre" screen (Tools menu) and the set-up wizard's last step.

Four steps, each a call to `msc_desktop.sync.centre_setup`, `identity` or `site` (the services do
the work, this only shows): save this site's public key file for the centre and read its
fingerprint to the centre; open the centre's key file, compare its fingerprint by phone and pin
it; import the centre's site package and allocation lists; and, for sites with a connection, the
upload address and the certificate of an HTTPS centre. Outcomes are shown on the screen.

It stays one module (a little over 400 lines): the four steps are one panel, each step's state
shown by the one `refresh`, and the wizard's last step is the same panel.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import error_text, localized
from msc_desktop.gui.widgets.dialogs import confirm
from msc_desktop.store.settings import change
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.centre_setup import (
    CentreConnection,
    center_key_fingerprint,
    clear_center_ca,
    connection_status,
    save_site_key,
    set_center_ca,
)
from msc_desktop.sync.drives import removable_drives
from msc_desktop.sync.identity import pin_center_key
from msc_desktop.sync.site_import import import_packages

_OK = "color: #1b5e20;"
_ERROR = "color: #b00020;"
_WARN = "color: #8a5a00;"


def _fingerprint_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(11)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CentrePanel(QWidget):
    """The four steps over `store` (an administrator's); `changed` after anything is stored."""

    changed = Signal()

    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.status: CentreConnection | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._site_box())
        layout.addWidget(self._centre_box())
        layout.addWidget(self._lists_box())
        layout.addWidget(self._upload_box())
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.message = QLabel(self)
        self.message.setObjectName("centre_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.refresh()

    # -- layout ----------------------------------------------------------------------------------

    def _site_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("1. This site's key, for the centre"), self)
        layout = QVBoxLayout(box)
        intro = QLabel(
            self.tr(
                "Give the centre this site's key file (on a USB stick or by e-mail), then read "
                "them this fingerprint by phone:"
            ),
            box,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.site_fingerprint = _fingerprint_label(box, "site_fingerprint")
        layout.addWidget(self.site_fingerprint)
        row = QHBoxLayout()
        self.save_key_button = QPushButton(self.tr("Save the site's key file..."), box)
        self.save_key_button.setObjectName("save_site_key")
        self.save_key_button.clicked.connect(self.choose_key_folder)
        row.addWidget(self.save_key_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _centre_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("2. The centre's key"), self)
        layout = QVBoxLayout(box)
        self.centre_state = QLabel(box)
        self.centre_state.setObjectName("centre_state")
        self.centre_state.setWordWrap(True)
        layout.addWidget(self.centre_state)
        self.centre_fingerprint = _fingerprint_label(box, "centre_fingerprint")
        layout.addWidget(self.centre_fingerprint)
        row = QHBoxLayout()
        self.pin_button = QPushButton(self.tr("Open the centre's key file..."), box)
        self.pin_button.setObjectName("open_centre_key")
        self.pin_button.clicked.connect(self.choose_centre_key)
        row.addWidget(self.pin_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _lists_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("3. Site package and allocation lists"), self)
        layout = QVBoxLayout(box)
        self.lists_state = QLabel(box)
        self.lists_state.setObjectName("lists_state")
        self.lists_state.setWordWrap(True)
        layout.addWidget(self.lists_state)
        row = QHBoxLayout()
        self.package_button = QPushButton(
            self.tr("Import the site package or allocation lists..."), box
        )
        self.package_button.setObjectName("import_site_package")
        self.package_button.clicked.connect(self.choose_packages)
        row.addWidget(self.package_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _upload_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("4. Upload over the internet (optional)"), self)
        form = QFormLayout(box)
        url_row = QHBoxLayout()
        self.url = QLineEdit(box)
        self.url.setObjectName("centre_url")
        self.url.setPlaceholderText("https://centre.example.org:8443")
        self.url.returnPressed.connect(self.save_url)
        self.url_button = QPushButton(self.tr("Save address"), box)
        self.url_button.setObjectName("save_centre_url")
        self.url_button.setAutoDefault(False)
        self.url_button.clicked.connect(self.save_url)
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.url_button)
        form.addRow(self.tr("Upload address:"), url_row)
        ca_row = QHBoxLayout()
        self.ca_state = QLabel(box)
        self.ca_state.setObjectName("centre_ca")
        self.ca_state.setWordWrap(True)
        self.ca_button = QPushButton(self.tr("Choose the certificate file..."), box)
        self.ca_button.setObjectName("choose_centre_ca")
        self.ca_button.setAutoDefault(False)
        self.ca_button.clicked.connect(self.choose_ca)
        self.ca_clear_button = QPushButton(self.tr("Use the computer's certificates"), box)
        self.ca_clear_button.setObjectName("clear_centre_ca")
        self.ca_clear_button.setAutoDefault(False)
        self.ca_clear_button.clicked.connect(self.clear_ca)
        ca_row.addWidget(self.ca_state, 1)
        ca_row.addWidget(self.ca_button)
        ca_row.addWidget(self.ca_clear_button)
        form.addRow(self.tr("Centre's certificate:"), ca_row)
        return box

    # -- state -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            self.status = connection_status(self.store)
        except MscError as error:
            self.status = None
            self.show_outcome(False, error_text(error))
            for button in (
                self.save_key_button,
                self.pin_button,
                self.package_button,
                self.url_button,
                self.ca_button,
                self.ca_clear_button,
            ):
                button.setEnabled(False)
            return
        status = self.status
        self.site_fingerprint.setText(
            self.tr("Site {site}: {fingerprint}").format(
                site=status.site_id, fingerprint=status.site_fingerprint
            )
        )
        if status.center_fingerprint is None:
            self.centre_state.setText(
                self.tr(
                    "Not set up yet: nothing can be exported and no allocation list can be loaded. "
                    "Ask the centre for its key file and open it here."
                )
            )
            self.centre_state.setStyleSheet(_WARN)
            self.centre_fingerprint.clear()
            self.centre_fingerprint.setVisible(False)
        else:
            self.centre_state.setText(
                self.tr("Pinned. Every package from the centre is checked against this key:")
            )
            self.centre_state.setStyleSheet(_OK)
            self.centre_fingerprint.setText(status.center_fingerprint)
            self.centre_fingerprint.setVisible(True)
        self.package_button.setEnabled(status.connected)
        self.package_button.setToolTip(
            "" if status.connected else self.tr("Pin the centre's key first (step 2).")
        )
        lists = ", ".join(
            self.tr("stratum {stratum}: {remaining} of {total} entries left").format(
                stratum=item.stratum, remaining=item.remaining, total=item.total
            )
            for item in status.lists
        )
        loaded = any(item.total for item in status.lists)
        self.lists_state.setText(
            self.tr("Allocation lists loaded: {lists}.").format(lists=lists)
            if loaded
            else self.tr("No allocation list is loaded yet: participants cannot be randomized.")
        )
        self.lists_state.setStyleSheet("" if loaded else _WARN)
        self.url.setText(status.upload_url)
        self.ca_state.setText(
            self.tr("kept at this site: {subject}").format(subject=status.ca_subject)
            if status.ca_subject
            else self.tr("the computer's own certificate authorities")
        )
        self.ca_clear_button.setEnabled(status.ca_subject is not None)

    def show_outcome(self, ok: bool, sentence: str) -> None:
        self.message.setStyleSheet(_OK if ok else _ERROR)
        self.message.setText(sentence)

    def _stored(self, sentence: str) -> None:
        self.refresh()
        self.show_outcome(True, sentence)
        self.changed.emit()

    # -- 1. the site's key -----------------------------------------------------------------------

    def choose_key_folder(self) -> None:
        drives = removable_drives()
        start = str(drives[0]) if drives else str(Path.home())
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Save the site's key file to which folder?"), start
        )
        if folder:
            self.save_key_to(Path(folder))

    def save_key_to(self, folder: Path) -> Path | None:
        try:
            path = save_site_key(self.store, folder)
        except MscError as error:
            self.show_outcome(False, error_text(error))
            return None
        self.show_outcome(
            True,
            self.tr(
                "The site's key file is saved as {path}. Give it to the centre and read them "
                "the fingerprint above."
            ).format(path=path),
        )
        return path

    # -- 2. the centre's key ---------------------------------------------------------------------

    def choose_centre_key(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Open the centre's key file"),
            str(Path.home()),
            self.tr("Public key files (*.pub);;All files (*)"),
        )
        if path:
            self.pin_centre_key(Path(path))

    def pin_centre_key(self, path: Path) -> bool:
        """Shows the file's fingerprint to compare by phone; pins it once the user says it
        matches."""
        try:
            fingerprint = center_key_fingerprint(path)
        except MscError as error:
            self.show_outcome(False, error_text(error))
            return False
        status = self.status
        replacing = status is not None and status.center_fingerprint not in (None, fingerprint)
        if status is not None and status.center_fingerprint == fingerprint:
            self.show_outcome(True, self.tr("This key is already pinned."))
            return True
        text = self.tr(
            "Ask the centre to read you its fingerprint by phone. It must be "
            "exactly:\n\n{fingerprint}\n\nPin this key only if every group matches."
        ).format(fingerprint=fingerprint)
        if replacing:
            assert status is not None
            text += "\n\n" + self.tr(
                "A different centre key is pinned now ({pinned}). Replace it only if the centre "
                "has told you it changed its key."
            ).format(pinned=status.center_fingerprint)
        if not confirm(
            self,
            self.tr("Compare the fingerprint"),
            text,
            yes=self.tr("It matches: pin this key"),
            no=self.tr("Cancel"),
        ):
            self.show_outcome(False, self.tr("Not pinned."))
            return False
        try:
            pinned = pin_center_key(self.store, path, replace=replacing)
        except MscError as error:
            self.show_outcome(False, error_text(error))
            return False
        self._stored(
            self.tr(
                "The centre's key {fingerprint} is pinned. Now import the site package (step 3)."
            ).format(fingerprint=pinned)
        )
        return True

    # -- 3. site package and allocation lists ----------------------------------------------------

    def choose_packages(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import the site package or allocation lists"),
            str(Path.home()),
            self.tr("Centre packages (*.mscp *.pkg *.json);;All files (*)"),
        )
        if paths:
            self.import_files([Path(path) for path in paths])

    def import_files(self, paths: Sequence[Path]) -> bool:
        try:
            results = import_packages(self.store, list(paths))
        except MscError as error:
            self.show_outcome(False, error_text(error))
            return False
        lines = "\n".join(localized(result.line()) for result in results)
        if all(result.ok for result in results):
            self._stored(lines)
            return True
        self.refresh()
        self.show_outcome(False, lines)
        return False

    # -- 4. upload address and certificate -------------------------------------------------------

    def save_url(self) -> None:
        try:
            stored = change(self.store, "center_upload_url", self.url.text())
        except MscError as error:
            self.show_outcome(False, error_text(error))
            return
        self._stored(
            self.tr("Upload address saved: {url}").format(url=stored)
            if stored
            else self.tr("Upload address removed: this site sends its bundles on USB sticks.")
        )

    def choose_ca(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("The centre's certificate"),
            str(Path.home()),
            self.tr("Certificates (*.pem *.crt);;All files (*)"),
        )
        if path:
            self.set_ca(Path(path))

    def set_ca(self, path: Path) -> bool:
        try:
            subject = set_center_ca(self.store, path)
        except MscError as error:
            self.show_outcome(False, error_text(error))
            return False
        self._stored(
            self.tr("Uploads now check the centre against the certificate of {subject}.").format(
                subject=subject
            )
        )
        return True

    def clear_ca(self) -> None:
        try:
            clear_center_ca(self.store)
        except MscError as error:
            self.show_outcome(False, error_text(error))
            return
        self._stored(
            self.tr("Uploads check the centre against the computer's own certificate authorities.")
        )


class CentreDialog(QDialog):
    """Tools > Coordinating centre...: the panel with a Close button."""

    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Coordinating centre"))
        layout = QVBoxLayout(self)
        self.panel = CentrePanel(store, self)
        layout.addWidget(self.panel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        for button in self.findChildren(QPushButton):  # Enter saves the address, it never closes
            button.setAutoDefault(False)
        layout.addWidget(buttons)
        self.resize(820, 640)


def open_centre_dialog(parent: QWidget, store: SiteStore) -> CentreDialog:
    dialog = CentreDialog(store, parent)
    dialog.open()
    return dialog
