"""The registry: the one place that assembles the top-level windows, their menus and actions.

Every menu action of the main window is one line of `ACTIONS` (id, menu, label, shortcut, the role
action needed to use it, handler); `build_menus` makes the menu bar from it. The controller opens
windows only through `open_setup_wizard` (with its first-run bar) and `open_main_window` (with its
menus and site tools), so a new screen adds its module and a line here. An action whose role action
the user lacks is shown disabled with the store's sentence as its tooltip, or hidden
(`hidden_unless_allowed`). Labels keep the translation context of the screen they belong to, so
their translations stay put.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence

from msc_desktop.gui.first_run import KEPT_FIELDS, FirstRunBar
from msc_desktop.gui.i18n import QT_TRANSLATE_NOOP, translate
from msc_desktop.gui.main_window import MainWindow
from msc_desktop.gui.setup_wizard import SetupWizard
from msc_desktop.gui.site.centre import open_centre_dialog
from msc_desktop.gui.site.protocol_versions import open_protocol_versions
from msc_desktop.gui.site.tools import SiteTools, open_backups, open_settings
from msc_desktop.gui.site.users import change_my_password, open_users_dialog
from msc_desktop.gui.widgets.dialogs import permission_problem
from msc_desktop.gui.widgets.pdf_preview import preview_blank_forms
from msc_desktop.gui.windows import retire
from msc_desktop.store.roles import Action, may

if TYPE_CHECKING:
    from msc_desktop.gui.controller import AppController
    from msc_desktop.store.site import SiteStore

Shortcut = QKeySequence.StandardKey | str | None


@dataclass(frozen=True)
class MenuAction:
    id: str
    menu: str
    context: str
    label: str
    handler: Callable[[MainWindow], object]
    shortcut: Shortcut = None
    allowed: Action | None = None
    hidden_unless_allowed: bool = False
    separator_before: bool = False


# The menus in their order on the menu bar: id, translation context, title.
MENUS = (
    ("file", "MainWindow", QT_TRANSLATE_NOOP("MainWindow", "&File")),
    ("view", "MainWindow", QT_TRANSLATE_NOOP("MainWindow", "&View")),
    ("tools", "SiteTools", QT_TRANSLATE_NOOP("SiteTools", "&Tools")),
    ("help", "MainWindow", QT_TRANSLATE_NOOP("MainWindow", "&Help")),
)

_KEYS = QKeySequence.StandardKey

ACTIONS = (
    MenuAction(
        "register",
        "file",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "&Register participant..."),
        lambda w: w.register_participant(),
        _KEYS.New,
        Action.ENTER_DATA,
    ),
    MenuAction(
        "save",
        "file",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "&Save the form"),
        lambda w: w.save_form(),
        _KEYS.Save,
    ),
    MenuAction(
        "save_next",
        "file",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "Save and go to the &next form"),
        lambda w: w.save_and_next(),
        "Ctrl+Shift+S",
    ),
    MenuAction(
        "load_list",
        "file",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "Load &allocation list..."),
        lambda w: w.load_allocation_list(),
        None,
        Action.MANAGE_SITE,
    ),
    MenuAction(
        "blank_forms",
        "file",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "Print &blank paper forms..."),
        lambda w: preview_blank_forms(w, w.store),
    ),
    MenuAction(
        "sync",
        "file",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "S&ync with coordinating centre..."),
        lambda w: w.open_sync(),
    ),
    MenuAction(
        "users",
        "file",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "&Users..."),
        lambda w: open_users_dialog(w, w.store),
        None,
        Action.MANAGE_USERS,
    ),
    MenuAction(
        "password",
        "file",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "Change my &password..."),
        lambda w: change_my_password(w, w.store),
    ),
    MenuAction(
        "lock",
        "file",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "&Lock now"),
        lambda w: w.lock(),
        "Ctrl+L",
    ),
    MenuAction(
        "sign_out",
        "file",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "Sign &out"),
        lambda w: w.sign_out(),
        separator_before=True,
    ),
    MenuAction(
        "quit",
        "file",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "&Quit"),
        lambda w: w.close(),
        _KEYS.Quit,
    ),
    MenuAction(
        "all_participants",
        "view",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "&All participants"),
        lambda w: w.show_list(0),
        "Ctrl+1",
    ),
    MenuAction(
        "due",
        "view",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "&Due today / overdue"),
        lambda w: w.show_list(1),
        "Ctrl+2",
    ),
    MenuAction(
        "refresh",
        "view",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "&Refresh"),
        lambda w: w.list_page.reload(),
        _KEYS.Refresh,
    ),
    MenuAction(
        "find",
        "view",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "&Find participant"),
        lambda w: w.focus_filter(),
        _KEYS.Find,
    ),
    MenuAction(
        "queries",
        "view",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "Data &queries from the centre..."),
        lambda w: w.show_queries(),
        "Ctrl+Shift+Q",
    ),
    MenuAction(
        "open_saes",
        "view",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "Open &SAEs"),
        lambda w: w.show_list(w.sae_index),
        "Ctrl+3",
    ),
    MenuAction(
        "account_events",
        "view",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "Account &events..."),
        lambda w: w.show_account_events(),
        None,
        Action.VIEW_ACCOUNT_EVENTS,
        hidden_unless_allowed=True,
    ),
    MenuAction(
        "settings",
        "tools",
        "SiteTools",
        QT_TRANSLATE_NOOP("SiteTools", "&Settings..."),
        open_settings,
    ),
    MenuAction(
        "backups", "tools", "SiteTools", QT_TRANSLATE_NOOP("SiteTools", "&Backups..."), open_backups
    ),
    MenuAction(
        "centre",
        "tools",
        "SiteTools",
        QT_TRANSLATE_NOOP("SiteTools", "&Coordinating centre..."),
        lambda w: open_centre_dialog(w, w.store),
        None,
        Action.MANAGE_SITE,
    ),
    MenuAction(
        "protocol",
        "tools",
        "SiteTools",
        QT_TRANSLATE_NOOP("SiteTools", "&Protocol versions..."),
        lambda w: open_protocol_versions(w, w.store, w.clock),
        None,
        Action.MANAGE_SITE,
    ),
    MenuAction(
        "about",
        "help",
        "MainWindow",
        QT_TRANSLATE_NOOP("MainWindow", "&About"),
        lambda w: w.about(),
    ),
)


def build_menus(window: MainWindow) -> dict[str, QAction]:
    """The window's menu bar from `MENUS` and `ACTIONS`; returns each QAction by its id."""
    menus = {
        menu_id: window.menuBar().addMenu(translate(context, title))
        for menu_id, context, title in MENUS
    }
    built: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(translate(spec.context, spec.label), window)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        action.triggered.connect(lambda _checked=False, spec=spec: spec.handler(window))
        if spec.allowed is not None:
            if spec.hidden_unless_allowed:
                action.setVisible(may(window.store.user.role, spec.allowed))
            else:
                problem = permission_problem(window.store, spec.allowed)
                action.setEnabled(problem is None)
                action.setToolTip(problem or "")
        if spec.separator_before:
            menus[spec.menu].addSeparator()
        menus[spec.menu].addAction(action)
        built[spec.id] = action
    return built


def build_main_window(store: SiteStore, *, clock: Callable[[], date] = date.today) -> MainWindow:
    """The main window of `store`'s session with its menu bar (`window.menu_actions`)."""
    window = MainWindow(store, clock=clock)
    window.menu_actions = build_menus(window)
    return window


def open_main_window(controller: AppController, store: SiteStore) -> MainWindow:
    """Shows the main window; its site tools start once it is drawn (backups, kept drafts)."""
    window = build_main_window(store, clock=controller.clock)
    window.signed_out.connect(controller.signed_out)
    window.show()
    tools = SiteTools(controller, window)
    QTimer.singleShot(0, tools, tools.after_sign_in)
    return window


def open_setup_wizard(controller: AppController) -> SetupWizard:
    """The set-up wizard with the first-run bar (language, restore a site) at its top."""
    wizard = SetupWizard(controller.data_dir)
    wizard.finished.connect(controller.open_main_window)
    bar = FirstRunBar(controller, wizard)
    bar.language_chosen.connect(lambda: redraw_setup_wizard(controller))
    layout = wizard.layout()
    if layout is not None and hasattr(layout, "insertWidget"):
        layout.insertWidget(0, bar)
    return wizard


def redraw_setup_wizard(controller: AppController) -> None:
    """A new wizard in the current language with the old one's typed fields, in its place."""
    old = controller.setup
    if old is None or old.pages.currentIndex() != 0:
        return
    new = open_setup_wizard(controller)
    for name in KEPT_FIELDS:
        getattr(new, name).setText(getattr(old, name).text())
    new.setGeometry(old.geometry())
    controller.setup = new
    new.show()
    retire(old)
