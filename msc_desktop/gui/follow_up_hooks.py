"""Hooks the follow-up screens into the main window: the site's open-SAE list beside the
participant lists (overdue first, its count in the tab title), what its View menu entries and the
account events' (gui/actions.py) open; and the idle lock also hides the follow-up dialogs (an
infusion or AE form left open), which come back as they were once the password is entered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import translate
from msc_desktop.gui.participant.adverse_events import SaeQueueView
from msc_desktop.gui.participant.audit import AccountEventsDialog
from msc_desktop.gui.widgets.dialogs import show_error

if TYPE_CHECKING:
    from msc_desktop.gui.main_window import MainWindow


class FollowUpHooks:
    """Keeps the SAE tab in step with every save; `window.follow_up_hooks` holds it."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        tabs = window.list_page.tabs
        self.sae_view = SaeQueueView(window.store, tabs)
        self.sae_index = tabs.addTab(self.sae_view, translate("FollowUpHooks", "Open SAEs"))
        self.sae_view.open_participant.connect(self.open_adverse_events)
        window.participant_page.data_changed.connect(self.reload)
        self.hidden_by_lock: list[QDialog] = []
        window.root.currentChanged.connect(self._lock_changed)
        self.reload()

    def _lock_changed(self, _index: int) -> None:
        if self.window.is_locked:
            self.hidden_by_lock = [d for d in self.window.findChildren(QDialog) if d.isVisible()]
            for dialog in self.hidden_by_lock:
                dialog.hide()
        else:
            for dialog in self.hidden_by_lock:
                dialog.show()
            self.hidden_by_lock = []

    def reload(self) -> None:
        try:
            count = self.sae_view.reload()
        except MscError as error:
            show_error(self.window, error, translate("FollowUpHooks", "Cannot show the open SAEs"))
            return
        overdue = sum(1 for v in self.sae_view.model.visible_rows() if v.clock is not None and v.clock.state == "overdue")
        if overdue:
            title = translate("FollowUpHooks", "Open SAEs ({count}, {overdue} overdue)").format(count=count, overdue=overdue)
        else:
            title = translate("FollowUpHooks", "Open SAEs ({count})").format(count=count)
        self.window.list_page.tabs.setTabText(self.sae_index, title)

    def open_adverse_events(self, participant_id: str) -> None:
        self.window.show_participant(participant_id)
        page = self.window.participant_page
        if page.detail is not None and page.detail.ref.id == participant_id:
            page.tabs.setCurrentWidget(page.follow_up.adverse_events)

    def show_account_events(self) -> AccountEventsDialog | None:
        try:
            dialog = AccountEventsDialog(self.window.store, self.window)
        except MscError as error:
            show_error(self.window, error, translate("FollowUpHooks", "Cannot show the account events"))
            return None
        dialog.open()
        return dialog

