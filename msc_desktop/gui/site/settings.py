"""The settings dialog, drawn from the schema in store/settings.py.

One editor per setting (spin box, list, folder picker, address line, or the list of this
computer's print queues). Settings only an administrator may change are shown to everyone but
editable by administrators only. Saving
passes each changed value through `settings.change`, which validates and audits it; the first
refusal is shown under the form and nothing after it is saved. A new language applies to every
window opened from then on (sign out and in again to see it everywhere).
"""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import LANGUAGES, error_text, install_language, translate
from msc_desktop.gui.widgets.zone_box import ZoneBox
from msc_desktop.store import settings
from msc_desktop.store.settings import Kind, SettingSpec
from msc_desktop.store.site import SiteStore

_ERROR = "color: #b00020;"


def setting_label(name: str) -> str:
    labels = {
        "language": translate("Settings", "Language"),
        "idle_timeout_minutes": translate("Settings", "Lock after inactivity (minutes)"),
        "paper_size": translate("Settings", "Paper size"),
        "backup_folder": translate("Settings", "Backup folder"),
        "backup_schedule": translate("Settings", "Automatic backup"),
        "backup_keep": translate("Settings", "Backups to keep"),
        "center_upload_url": translate("Settings", "Coordinating centre upload address"),
        "time_zone": translate("Settings", "Time zone of the site"),
        "printer": translate("Settings", "Printer for sheets"),
    }
    return labels[name]


def choice_label(name: str, code: str) -> str:
    if name == "language":
        return LANGUAGES[code]
    labels = {
        "a4": translate("Settings", "A4"),
        "letter": translate("Settings", "US Letter"),
        "off": translate("Settings", "Off"),
        "daily": translate("Settings", "Daily"),
        "weekly": translate("Settings", "Weekly"),
    }
    return labels[code]


def setting_help(name: str) -> str:
    helps = {
        "language": translate(
            "Settings", "Used on this computer for every user, also before sign-in."
        ),
        "idle_timeout_minutes": translate(
            "Settings", "The screen locks when nobody has typed or clicked for this long."
        ),
        "paper_size": translate("Settings", "For worksheets, blank forms and SAE reports."),
        "backup_folder": translate(
            "Settings",
            "Choose a second disk or a USB stick. Empty: the backups folder inside the data "
            "folder.",
        ),
        "backup_schedule": translate(
            "Settings", "A backup is written at sign-in and every hour when one is due."
        ),
        "backup_keep": translate(
            "Settings", "Older backups of this site in the folder are deleted."
        ),
        "center_upload_url": translate(
            "Settings", "Given by the coordinating centre, e.g. https://centre.example.org:8443"
        ),
        "time_zone": translate(
            "Settings",
            "Clinical times are entered in this zone. A change applies to times entered "
            "from then on; times already saved keep their own offset.",
        ),
        "printer": translate(
            "Settings",
            "Chosen first when a sheet is printed on this computer; the last printer used is "
            "remembered.",
        ),
    }
    return helps[name]


class SettingsDialog(QDialog):
    """Edits every setting; `saved` lists the names changed by the last save."""

    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.store = store
        self.setWindowTitle(self.tr("Settings"))
        self.editors: dict[str, QWidget] = {}
        self.saved: list[str] = []
        self.language_changed = False
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for spec in settings.SETTINGS:
            editor = self._editor(spec)
            editable = settings.may_change(store.user.role, spec.name)
            editor.setEnabled(editable)
            self.editors[spec.name] = editor
            help_label = QLabel(setting_help(spec.name), self)
            help_label.setWordWrap(True)
            help_label.setStyleSheet("color: #555;")
            holder = QWidget(self)
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 6)
            column.addWidget(editor)
            column.addWidget(help_label)
            form.addRow(setting_label(spec.name), holder)
        layout.addLayout(form)
        if not settings.may_change(store.user.role, "paper_size"):
            note = QLabel(
                self.tr("Only a site administrator can change the settings that are greyed out."),
                self,
            )
            note.setObjectName("admin_only_note")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.message = QLabel(self)
        self.message.setObjectName("settings_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(
            self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
        # Qt opens a window at most 2/3 of the screen high, which squeezes the help lines at
        # 1366x768.
        self.resize(640, max(layout.totalHeightForWidth(640), 0) or self.sizeHint().height())

    def _editor(self, spec: SettingSpec) -> QWidget:
        current = settings.site_value(self.store, spec.name)
        if spec.kind is Kind.INTEGER:
            spin = QSpinBox(self)
            spin.setRange(spec.minimum, spec.maximum)
            spin.setValue(int(current))
            spin.setObjectName(f"setting_{spec.name}")
            return spin
        if spec.kind is Kind.CHOICE:
            combo = QComboBox(self)
            for code in spec.choices:
                combo.addItem(choice_label(spec.name, code), code)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.setObjectName(f"setting_{spec.name}")
            return combo
        if spec.kind is Kind.TIME_ZONE:
            zones = ZoneBox(current, self)
            zones.setObjectName(f"setting_{spec.name}")
            return zones
        if spec.kind is Kind.PRINTER:
            printers = QComboBox(self)
            printers.addItem(translate("Settings", "The computer's default printer"), "")
            for name in sorted(QPrinterInfo.availablePrinterNames(), key=str.lower):
                printers.addItem(name, name)
            if current and printers.findData(current) < 0:
                printers.addItem(
                    translate("Settings", "{printer} (not installed now)").format(printer=current),
                    current,
                )
            printers.setCurrentIndex(max(0, printers.findData(current)))
            printers.setObjectName(f"setting_{spec.name}")
            return printers
        line = QLineEdit(current, self)
        line.setObjectName(f"setting_{spec.name}")
        if spec.kind is Kind.URL:
            line.setPlaceholderText("https://")
            return line
        line.setPlaceholderText(translate("Settings", "the backups folder inside the data folder"))
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(line, 1)
        choose = QPushButton(self.tr("Choose..."), row)
        choose.clicked.connect(lambda: self._choose_folder(line))
        layout.addWidget(choose)
        row.setProperty("line", line)
        self.folder_line = line
        return row

    def _choose_folder(self, line: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Backup folder"), line.text())
        if folder:
            line.setText(folder)

    def value_of(self, name: str) -> str:
        editor = self.editors[name]
        if isinstance(editor, QSpinBox):
            return str(editor.value())
        if isinstance(editor, ZoneBox):
            return editor.zone()
        if isinstance(editor, QComboBox):
            return str(editor.currentData())
        if isinstance(editor, QLineEdit):
            return editor.text()
        return self.folder_line.text()

    def save(self) -> None:
        """Stores the changed values in schema order; stops at the first refusal."""
        self.saved = []
        for spec in settings.SETTINGS:
            if not settings.may_change(self.store.user.role, spec.name):
                continue
            value = self.value_of(spec.name)
            if self._unchanged(spec, value):
                continue
            try:
                settings.change(self.store, spec.name, value)
            except MscError as error:
                self.message.setText(
                    self.tr("{setting}: {error}").format(
                        setting=setting_label(spec.name), error=error_text(error)
                    )
                )
                self.message.setStyleSheet(_ERROR)
                self.editors[spec.name].setFocus()
                return
            self.saved.append(spec.name)
        if "language" in self.saved:
            install_language(settings.site_value(self.store, "language"))
            self.language_changed = True
        self.accept()

    def _unchanged(self, spec: SettingSpec, value: str) -> bool:
        """True when `value` is valid and equal to what is stored (an invalid one goes on to be
        refused)."""
        try:
            return spec.parse(value) == settings.site_value(self.store, spec.name)
        except MscError:
            return False
