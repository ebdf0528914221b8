"""Protocol versions for the administrator: what each amendment changes, and the date it takes
effect.

The versions come from the centre's site packages (imported in the sync panel or with "Load
allocation list"); this screen shows each one's changes as the domain lists them
(domain/amendments.py: new and retired visits and items, moved visits, changed ranges, new
answers) in the interface language, and activates a version from a date the administrator picks.
Every rule (today or later, versions in their order, never moving a version already in effect)
is the service's (store/services/protocol_versions.py); its refusal is shown in the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.amendments import describe
from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import error_text, format_date, format_datetime, localized, translate
from msc_desktop.gui.widgets.dialogs import confirm, permission_problem, show_error
from msc_desktop.store.roles import Action
from msc_desktop.store.services.protocol_versions import (
    VersionState,
    activate,
    protocol_in_effect,
    protocol_versions,
)
from msc_desktop.store.site import SiteStore

_ERROR_STYLE = "color: #b00020;"


class ProtocolVersionsDialog(QDialog):
    """The versions received, the selected one's changes, and its activation date."""

    def __init__(
        self, store: SiteStore, clock: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.setWindowTitle(self.tr("Protocol versions"))
        layout = QVBoxLayout(self)
        self.in_use = QLabel(self)
        self.in_use.setObjectName("protocol_in_use")
        self.in_use.setWordWrap(True)
        layout.addWidget(self.in_use)
        panes = QHBoxLayout()
        self.versions = QListWidget(self)
        self.versions.setObjectName("protocol_versions")
        self.versions.setMaximumWidth(300)
        panes.addWidget(self.versions)
        right = QVBoxLayout()
        self.heading = QLabel(self)
        self.heading.setObjectName("protocol_changes_heading")
        self.heading.setWordWrap(True)
        right.addWidget(self.heading)
        self.changes = QListWidget(self)
        self.changes.setObjectName("protocol_changes")
        self.changes.setWordWrap(True)
        right.addWidget(self.changes)
        panes.addLayout(right, 1)
        layout.addLayout(panes, 1)
        when = QHBoxLayout()
        when.addWidget(QLabel(self.tr("Takes effect on:"), self))
        self.effective = QDateEdit(self)
        self.effective.setObjectName("protocol_effective_from")
        self.effective.setCalendarPopup(True)
        self.effective.setDisplayFormat("yyyy-MM-dd")
        when.addWidget(self.effective)
        self.activate_button = QPushButton(self.tr("&Activate from this date"), self)
        self.activate_button.setObjectName("protocol_activate")
        self.activate_button.clicked.connect(self.activate_selected)
        when.addWidget(self.activate_button)
        when.addStretch(1)
        layout.addLayout(when)
        self.message = QLabel(self)
        self.message.setObjectName("dialog_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_ERROR_STYLE)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.manage_problem = permission_problem(store, Action.MANAGE_SITE)
        self.states: list[VersionState] = []
        self.versions.currentRowChanged.connect(self.show_version)
        self.resize(980, 520)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        today = self.clock()
        self.states = protocol_versions(self.store, today=today)
        current = protocol_in_effect(self.store, today=today).version
        self.in_use.setText(
            self.tr(
                "New forms are entered under protocol version {version} today. "
                "Forms keep the version they were entered under."
            ).format(version=current)
        )
        self.versions.blockSignals(True)
        self.versions.clear()
        for state in self.states:
            self.versions.addItem(self._summary(state))
        self.versions.blockSignals(False)
        if not self.states:
            self.heading.clear()
            self.changes.clear()
            self.changes.addItem(
                self.tr(
                    "No protocol version has been received from the coordinating "
                    "centre. New versions arrive in its site packages."
                )
            )
            self.effective.setEnabled(False)
            self.activate_button.setEnabled(False)
            return
        row = next(
            (n for n, state in enumerate(self.states) if state.version == select),
            len(self.states) - 1,
        )
        self.versions.setCurrentRow(row)
        self.show_version(row)

    def _summary(self, state: VersionState) -> str:
        if state.effective_from is None:
            return self.tr("Version {version}: not active").format(version=state.version)
        if state.in_effect:
            return self.tr("Version {version}: in effect since {date}").format(
                version=state.version, date=format_date(state.effective_from)
            )
        if state.effective_from > self.clock():
            return self.tr("Version {version}: takes effect on {date}").format(
                version=state.version, date=format_date(state.effective_from)
            )
        return self.tr("Version {version}: in effect from {date}, since replaced").format(
            version=state.version, date=format_date(state.effective_from)
        )

    @property
    def selected(self) -> VersionState | None:
        row = self.versions.currentRow()
        return self.states[row] if 0 <= row < len(self.states) else None

    def show_version(self, _row: int = -1) -> None:
        state = self.selected
        self.changes.clear()
        self.message.clear()
        if state is None:
            return
        self.heading.setText(
            self.tr(
                "What version {version} changes from version {previous} (received "
                "from the coordinating centre {received}):"
            ).format(
                version=state.version,
                previous=state.changes.old_version,
                received=format_datetime(state.received_at),
            )
        )
        for line in describe(state.changes):
            self.changes.addItem(localized(line))
        today = self.clock()
        settled = state.effective_from is not None and state.effective_from <= today
        chosen = state.effective_from or today
        self.effective.setMinimumDate(QDate(today.year, today.month, today.day))
        self.effective.setDate(QDate(chosen.year, chosen.month, chosen.day))
        allowed = self.manage_problem is None and not settled
        self.effective.setEnabled(allowed)
        self.activate_button.setEnabled(allowed)
        self.activate_button.setToolTip(self.manage_problem or "")

    def activate_selected(self) -> None:
        state = self.selected
        if state is None:
            return
        picked = self.effective.date()
        on = date(picked.year(), picked.month(), picked.day())
        question = self.tr(
            "From {date}, every new form is entered under protocol version {version}. "
            "Forms entered before keep the version they were entered under. Activate it?"
        ).format(date=format_date(on), version=state.version)
        if not confirm(
            self, self.tr("Activate protocol version"), question, yes=self.tr("Activate")
        ):
            return
        try:
            activate(self.store, state.version, on, today=self.clock())
        except MscError as error:
            self.message.setText(error_text(error))
            return
        self.reload(select=state.version)


def open_protocol_versions(
    parent: QWidget, store: SiteStore, clock: Callable[[], date]
) -> ProtocolVersionsDialog | None:
    """Shows the protocol versions to an administrator; anyone else is told why not."""
    title = translate("ProtocolVersionsDialog", "Protocol versions")
    problem = permission_problem(store, Action.MANAGE_SITE)
    if problem is not None:
        QMessageBox.warning(parent, title, problem)
        return None
    try:
        dialog = ProtocolVersionsDialog(store, clock, parent)
    except MscError as error:
        show_error(parent, error, title)
        return None
    dialog.exec()
    return dialog
