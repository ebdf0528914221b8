"""The main window: participant lists and the open SAEs, the participant page, status bar and
idle lock.

Idle lock: every key press or mouse click marks activity on the store; a timer checks the store's
idle rule and, when it says locked, the lock page replaces the work area. The work widgets stay
as they are underneath, so nothing typed is lost; the password brings them back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
)

from msc_desktop.errors import MscError, SyncError
from msc_desktop.files import read_limited
from msc_desktop.gui.about import APP_NAME, app_version
from msc_desktop.gui.i18n import current_language, localized, role_label
from msc_desktop.gui.participant.audit import AccountEventsDialog
from msc_desktop.gui.participant.lists import ParticipantListPage
from msc_desktop.gui.participant.page import ParticipantPage
from msc_desktop.gui.participant.queries import QueriesDialog
from msc_desktop.gui.participant.sae_queue import SaeQueueView
from msc_desktop.gui.sync.panel import open_sync_panel
from msc_desktop.gui.unlock import LockPage
from msc_desktop.gui.widgets.dialogs import show_error
from msc_desktop.store.services.queries import QueryView, open_query_count
from msc_desktop.store.site import SiteStore
from msc_desktop.store.site_kind import is_demo_site
from msc_desktop.sync.packages import MAX_PACKAGE_BYTES
from msc_desktop.sync.site_import import import_package_bytes

IDLE_CHECK_MS = 1000
_ACTIVITY_EVENTS = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel}
)


class MainWindow(QMainWindow):
    """Everything after unlock. `signed_out` asks the controller to show the unlock screen."""

    signed_out = Signal()
    # Backups > Restore accepted a backup (a RestoreDialog); the site tools do the swap.
    restore_requested = Signal(object)
    #: A save left a one-line notice (a source verification cleared); from any thread.
    notice = Signal(str)

    def __init__(self, store: SiteStore, *, clock: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.store: SiteStore = store
        self.clock: Callable[[], date] = clock
        self.title = self.tr("{app}: site {site} {name}").format(
            app=APP_NAME, site=store.site_id, name=store.site_name
        )
        if is_demo_site(store):
            self.title = self.tr("DEMO {title} (demo site: not for a real study)").format(
                title=self.title
            )
        self.setWindowTitle(self.title)
        self.list_page: ParticipantListPage = ParticipantListPage(store, clock=clock, parent=self)
        self.participant_page = ParticipantPage(store, clock=clock, parent=self)
        self.work = QStackedWidget(self)
        self.work.addWidget(self.list_page)
        self.work.addWidget(self.participant_page)
        self.close_without_asking = False
        self.lock_page = LockPage(self)
        self.root = QStackedWidget(self)
        self.root.addWidget(self.work)
        self.root.addWidget(self.lock_page)
        self.setCentralWidget(self.root)
        # Each menu action by its id; the registry (gui/actions.py) builds the menu bar.
        self.menu_actions: dict[str, QAction] = {}
        self._build_status_bar()
        self.sae_view: SaeQueueView = SaeQueueView(store, self.list_page.tabs)
        self.sae_index: int = self.list_page.tabs.addTab(self.sae_view, self.tr("Open SAEs"))
        self.sae_view.open_participant.connect(self.open_adverse_events)
        self.participant_page.data_changed.connect(self.reload_saes)
        self.hidden_by_lock: list[QDialog] = []
        self.reload_saes()
        self.list_page.open_participant.connect(self.show_participant)
        self.list_page.register_requested.connect(self.register_participant)
        self.participant_page.back_requested.connect(self.show_list)
        self.participant_page.data_changed.connect(self.list_page.reload)
        self.participant_page.data_changed.connect(self.refresh_query_count)
        self.lock_page.unlocked.connect(self.unlock)
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(IDLE_CHECK_MS)
        self._idle_timer.timeout.connect(self.check_idle)
        self._idle_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.resize(1366, 740)
        self.notice.connect(self.show_notice)
        store.on_notice = lambda message: self.notice.emit(localized(message))
        self.list_page.reload()
        self.refresh_query_count()

    def _build_status_bar(self) -> None:
        user = self.store.user
        self.user_label = QLabel(
            self.tr("Signed in: {name} ({user}), {role}").format(
                name=user.full_name, user=user.user_id, role=role_label(user.role)
            ),
            self,
        )
        self.user_label.setObjectName("status_user")
        self.site_label = QLabel(
            self.tr("Site {site}: {name}").format(
                site=self.store.site_id, name=self.store.site_name
            ),
            self,
        )
        self.queries_label = QPushButton(self)
        self.queries_label.setObjectName("status_queries")
        self.queries_label.setFlat(True)
        self.queries_label.setToolTip(self.tr("Show the centre's data queries"))
        self.queries_label.clicked.connect(self.show_queries)
        self.statusBar().addPermanentWidget(self.queries_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.site_label)

    def refresh_query_count(self) -> None:
        """The number of queries waiting for an answer, in the status bar."""
        try:
            count = open_query_count(self.store)
        except MscError:
            return
        self.queries_label.setText(self.tr("Open queries: {count}").format(count=count))
        self.queries_label.setStyleSheet("font-weight: bold; color: #8a5a00;" if count else "")

    def show_notice(self, text: str) -> None:
        """A one-line notice a save left (a source verification cleared), in the status bar."""
        self.statusBar().showMessage(text, 30000)

    def show_queries(self) -> QueriesDialog | None:
        """The site's queries; showing one's item opens its participant with the item
        highlighted."""
        if self.is_locked:
            return None
        dialog = QueriesDialog(self.store, clock=self.clock, parent=self)
        dialog.open_item.connect(self.show_query_item)
        dialog.answered.connect(self.after_answer)
        dialog.open()
        return dialog

    def after_answer(self) -> None:
        self.refresh_query_count()
        self.list_page.reload()
        if (
            self.work.currentWidget() is self.participant_page
            and self.participant_page.detail is not None
        ):
            self.participant_page.open(self.participant_page.detail.ref.id)

    def show_query_item(self, view: QueryView) -> None:
        if view.participant_id is None:
            return
        self.show_participant(view.participant_id)
        if (
            self.participant_page.detail is not None
            and self.participant_page.detail.ref.id == view.participant_id
        ):
            self.participant_page.show_query_item(view)

    def reload_saes(self) -> None:
        """The open-SAE tab, its count (and how many are overdue) in its title."""
        try:
            count = self.sae_view.reload()
        except MscError as error:
            show_error(self, error, self.tr("Cannot show the open SAEs"))
            return
        overdue = sum(
            1
            for v in self.sae_view.model.visible_rows()
            if v.clock is not None and v.clock.state == "overdue"
        )
        if overdue:
            title = self.tr("Open SAEs ({count}, {overdue} overdue)").format(
                count=count, overdue=overdue
            )
        else:
            title = self.tr("Open SAEs ({count})").format(count=count)
        self.list_page.tabs.setTabText(self.sae_index, title)

    def open_adverse_events(self, participant_id: str) -> None:
        self.show_participant(participant_id)
        page = self.participant_page
        if page.detail is not None and page.detail.ref.id == participant_id:
            page.tabs.setCurrentWidget(page.follow_up.adverse_events)

    def show_account_events(self) -> AccountEventsDialog | None:
        try:
            dialog = AccountEventsDialog(self.store, self)
        except MscError as error:
            show_error(self, error, self.tr("Cannot show the account events"))
            return None
        dialog.open()
        return dialog

    # -- navigation ----------------------------------------------------------------------------

    def show_list(self, tab: int | None = None) -> None:
        if (
            self.work.currentWidget() is self.participant_page
            and not self.participant_page.may_leave()
        ):
            return
        self.work.setCurrentWidget(self.list_page)
        if tab is not None:
            self.list_page.tabs.setCurrentIndex(tab)
        self.list_page.filter.setFocus()

    def focus_filter(self) -> None:
        self.show_list()
        self.list_page.filter.setFocus()
        self.list_page.filter.selectAll()

    def show_participant(self, participant_id: str) -> None:
        if (
            self.work.currentWidget() is self.participant_page
            and not self.participant_page.may_leave()
        ):
            return
        self.participant_page.open(participant_id)
        self.work.setCurrentWidget(self.participant_page)

    def register_participant(self) -> None:
        if (
            self.work.currentWidget() is self.participant_page
            and not self.participant_page.may_leave()
        ):
            return
        self.participant_page.start_registration()
        self.work.setCurrentWidget(self.participant_page)

    def save_form(self) -> None:
        """Ctrl+S: saves the form on screen, as its save button would."""
        if not self.is_locked and self.work.currentWidget() is self.participant_page:
            self.participant_page.save_current()

    def save_and_next(self) -> None:
        """Ctrl+Shift+S: saves the form on screen, then opens the next form of the visit."""
        if not self.is_locked and self.work.currentWidget() is self.participant_page:
            self.participant_page.save_and_next()

    # -- idle lock -----------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.root.currentWidget() is self.lock_page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY_EVENTS and not self.is_locked:
            if self.store.is_idle_locked():
                self.lock(idle=True)
            else:
                self.store.touch()
        return False

    def check_idle(self) -> None:
        if not self.is_locked and self.store.is_idle_locked():
            self.lock(idle=True)

    def lock(self, *, idle: bool = False) -> None:
        """Hides the work behind the lock page (Ctrl+L, or the store's idle rule)."""
        if self.is_locked:
            return
        self.lock_page.prepare(self.store, idle=idle)
        self.root.setCurrentWidget(self.lock_page)
        self.hidden_by_lock = [d for d in self.findChildren(QDialog) if d.isVisible()]
        for dialog in self.hidden_by_lock:  # an infusion or AE form left open comes back as it was
            dialog.hide()
        self.setWindowTitle(self.tr("{title} (locked)").format(title=self.title))
        self.menuBar().setEnabled(False)
        self.lock_page.password.setFocus()

    def unlock(self) -> None:
        self.root.setCurrentWidget(self.work)
        for dialog in self.hidden_by_lock:
            dialog.show()
        self.hidden_by_lock = []
        self.setWindowTitle(self.title)
        self.menuBar().setEnabled(True)

    # -- leaving -------------------------------------------------------------------------------

    def sign_out(self) -> None:
        if self.is_locked or not self.participant_page.may_leave():
            return
        self._release()
        self.close_without_asking = True
        self.close()
        self.signed_out.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_without_asking:
            unsaved = self.participant_page.unsaved_forms() if self.is_locked else []
            if unsaved or (not self.is_locked and not self.participant_page.may_leave()):
                event.ignore()
                return
        self._release()
        event.accept()

    def _release(self) -> None:
        self.store.on_notice = None
        self._idle_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def open_sync(self) -> None:
        panel = open_sync_panel(self, self.store)
        panel.finished.connect(self.refresh_query_count)

    def load_allocation_list(self) -> None:
        """Loads the centre's signed allocation list (or site package) from a file."""
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Load the centre's signed allocation list")
        )
        if path:
            self.load_allocation_file(Path(path))

    def load_allocation_file(self, path: Path) -> None:
        try:
            message = import_package_bytes(
                self.store, read_limited(path, MAX_PACKAGE_BYTES, SyncError)
            )
        except MscError as error:
            show_error(self, error, self.tr("Not loaded"))
            return
        QMessageBox.information(
            self,
            self.tr("Allocation list"),
            self.tr("Centre file read: {outcome}.").format(outcome=localized(message)),
        )
        self.participant_page.screening.refresh_live()
        self.refresh_query_count()

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About {app}").format(app=APP_NAME),
            f"{APP_NAME} {app_version()}\n"
            + self.tr("{trial} ({registry}): {title}.").format(
                trial=self.store.protocol.protocol_id,
                registry=self.store.protocol.registry_id,
                title=self.store.protocol.title.get(current_language()),
            ),
        )
