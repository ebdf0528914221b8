"""Unexpected errors: keep what was typed, log the details, tell the user what to do.

`CrashHandler.install()` replaces `sys.excepthook` (PySide6 routes exceptions raised in slots
there and keeps the event loop running). For an exception that is not an `MscError` it:
1. saves every form with unsaved input as an encrypted draft (store/drafts.py), when a store is
   unlocked and not idle-locked;
2. writes the details to the log (msc_desktop/logs.py: no participant data) under an incident
   number;
3. shows `CrashDialog`: what happened, that the input was kept, what to do, the incident number,
   with "Continue working" and "Quit".
An `MscError` that escaped a view is a plain message (its text is written for people).
After the next sign-in, `offer_drafts` puts a kept draft back into its form.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.protocol import Protocol
from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import current_language, error_text, format_datetime, translate
from msc_desktop.gui.widgets.form_engine import FormView
from msc_desktop.logs import log_path, log_unexpected, setup_logging
from msc_desktop.store.drafts import Draft, discard_draft, drafts_of_user, save_draft
from msc_desktop.store.site import SiteStore

if TYPE_CHECKING:
    from msc_desktop.gui.main_window import MainWindow

log = logging.getLogger("msc_desktop.gui.crash")


class CrashDialog(QDialog):
    """What went wrong, in words a nurse can act on; `quit_requested` is set by the Quit button."""

    def __init__(
        self, incident: str, drafts_kept: int, log_file: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("crash_dialog")
        self.setWindowTitle(self.tr("MSC Desktop: something went wrong"))
        self.quit_requested = False
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("<h3>Something went wrong in the app</h3>"), self)
        if drafts_kept:
            kept = self.tr(
                "What you typed in the open form was kept as an encrypted draft. It is offered "
                "back the next time you sign in, so nothing you typed is lost."
            )
        else:
            kept = self.tr(
                "No unsaved input was open. Everything you saved before is safe in the database."
            )
        steps = self.tr(
            "<b>What to do:</b><ol>"
            "<li>Click <i>Continue working</i> and check the screen you were on.</li>"
            "<li>If the same thing happens again, click <i>Quit</i>, start the app again and "
            "sign in.</li>"
            "<li>If it keeps happening, tell your site administrator and give the incident "
            "number below.</li>"
            "</ol>"
        )
        details = self.tr(
            "Incident number: <b>{incident}</b><br>The details are in the log "
            "file:<br><tt>{path}</tt>"
        )
        body = QLabel(
            f"{kept}<br><br>{steps}{details.format(incident=incident, path=log_file)}", self
        )
        body.setObjectName("crash_text")
        body.setWordWrap(True)
        self.incident_label = body
        layout.addWidget(heading)
        layout.addWidget(body)
        buttons = QDialogButtonBox(self)
        self.continue_button = buttons.addButton(
            self.tr("Continue working"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.quit_button = buttons.addButton(
            self.tr("Quit"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.accept)
        self.quit_button.clicked.connect(self._quit)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _quit(self) -> None:
        self.quit_requested = True
        self.reject()


def participant_of(view: FormView) -> str:
    """The id of the participant a form belongs to ("" for one not registered yet)."""
    widget: QWidget | None = view.parentWidget()
    while widget is not None:
        if hasattr(widget, "detail"):
            detail = widget.detail
            return str(detail.ref.id) if detail is not None else ""
        widget = widget.parentWidget()
    return ""


def dirty_forms() -> list[FormView]:
    return [
        widget
        for widget in QApplication.allWidgets()
        if isinstance(widget, FormView) and widget.isEnabled() and widget.is_dirty()
    ]


class CrashHandler:
    """Installed once per application; `current_store` gives the unlocked store, if any."""

    def __init__(self, data_dir: Path, current_store: Callable[[], SiteStore | None]) -> None:
        self.data_dir = data_dir
        self.current_store = current_store
        self.show_dialog = True
        self._handling = False
        self._previous_hook = sys.excepthook

    def install(self) -> None:
        setup_logging(self.data_dir)
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = threading.__excepthook__

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log_unexpected(args.exc_type, args.exc_value, args.exc_traceback)

    def keep_drafts(self) -> int:
        """Saves every dirty form as a draft; returns how many were kept."""
        store = self.current_store()
        if store is None or store.is_idle_locked():
            return 0
        kept = 0
        for view in dirty_forms():
            try:
                save_draft(store, view.form.form_id, participant_of(view), view.raw_values())
            except MscError as error:
                log.warning("a draft could not be kept: %s", type(error).__name__)
                continue
            kept += 1
        return kept

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hook(exc_type, exc, tb)
            return
        if isinstance(exc, MscError):
            log.warning("a %s reached the event loop", exc_type.__name__)
            if self.show_dialog:
                QMessageBox.warning(
                    QApplication.activeWindow(),
                    translate("CrashHandler", "MSC Desktop"),
                    error_text(exc),
                )
            return
        if self._handling:
            log_unexpected(exc_type, exc, tb)
            return
        self._handling = True
        try:
            kept = self.keep_drafts()
            incident = log_unexpected(exc_type, exc, tb)
            if not self.show_dialog:
                return
            dialog = CrashDialog(
                incident, kept, log_path(self.data_dir), QApplication.activeWindow()
            )
            dialog.exec()
            if dialog.quit_requested:
                for window in QApplication.topLevelWidgets():
                    if hasattr(window, "close_without_asking"):
                        window.close_without_asking = True
                QApplication.quit()
        finally:
            self._handling = False


# -- after the next sign-in ----------------------------------------------------------------------


def _draft_title(draft: Draft, protocol: Protocol) -> str:
    try:
        form = protocol.form(draft.form_id).title.get(current_language())
    except KeyError:
        form = draft.form_id
    return translate("CrashHandler", "{form} (kept {when})").format(
        form=form, when=format_datetime(draft.saved_at)
    )


def restore_draft(window: MainWindow, draft: Draft) -> bool:
    """Opens the draft's participant (or a new registration) and puts the input back."""
    if draft.participant_id:
        window.show_participant(draft.participant_id)
    else:
        window.register_participant()
    page = window.participant_page
    for view in page.findChildren(FormView):
        if view.form.form_id == draft.form_id and view.isEnabled():
            for name, value in draft.values.items():
                if name in view.editors:
                    view.editors[name].set_raw_value(value)
            view.revalidate()
            _show_tab_holding(page, view)
            return True
    return False


def _show_tab_holding(page: QWidget, view: QWidget) -> None:
    for tabs in page.findChildren(QTabWidget):
        for index in range(tabs.count()):
            holder = tabs.widget(index)
            if holder is not None and holder.isAncestorOf(view):
                tabs.setCurrentIndex(index)
                return


def offer_drafts(window: MainWindow) -> None:
    """Asks whether to put the newest kept draft back; the others wait for the next sign-in."""
    try:
        drafts = drafts_of_user(window.store)
    except MscError:
        return
    if not drafts:
        return
    newest = drafts[-1]
    box = QMessageBox(
        QMessageBox.Icon.Question,
        translate("CrashHandler", "Unsaved input was kept"),
        translate(
            "CrashHandler", "When the app last stopped unexpectedly, this input was not saved yet:"
        )
        + f"\n\n{_draft_title(newest, window.store.protocol)}\n\n"
        + translate(
            "CrashHandler",
            "Put it back into the form now? It is saved only when you click the form's save "
            "button.",
        ),
        parent=window,
    )
    restore = box.addButton(
        translate("CrashHandler", "Put it back"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(translate("CrashHandler", "Discard it"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is restore:
        restore_draft(window, newest)
    discard_draft(window.store, newest.form_id, newest.participant_id)
