"""GUI test helpers: answer modal dialogs, fill forms, load allocation lists, find English left on a
translated screen (imports Qt)."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QTabWidget,
    QWidget,
)

from msc_desktop.domain.randomization import build_allocation_list
from msc_desktop.gui.widgets.form_engine import FormView
from msc_desktop.store.site import SiteStore
from tests.lists import load_signed_list

TODAY = date(2026, 11, 20)


class ModalAnswers:
    """Queues answers for the modal dialogs a click will open, in order.

    Each answer is a callable that receives the modal widget and must close it (or the test would
    hang); a handler that raises closes the dialog and the failure is reported after the click.
    """

    def __init__(self) -> None:
        self.pending: list[Callable[[QWidget], None]] = []
        self.seen: list[str] = []
        self.failures: list[BaseException] = []
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def expect(self, *answers: Callable[[QWidget], None]) -> None:
        self.pending.extend(answers)

    def _poll(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or not modal.isVisible():
            return
        self.seen.append(_modal_text(modal))
        if not self.pending:
            self.failures.append(AssertionError(f"unexpected dialog: {_modal_text(modal)}"))
            _close(modal)
            return
        answer = self.pending.pop(0)
        try:
            answer(modal)
        except (
            AssertionError,
            AttributeError,
            KeyError,
            TypeError,
        ) as error:  # reported by check()
            self.failures.append(error)
            _close(modal)

    def check(self) -> None:
        assert not self.failures, self.failures
        assert not self.pending, f"dialogs never shown for {len(self.pending)} queued answers"

    def stop(self) -> None:
        self._timer.stop()


def _modal_text(modal: QWidget) -> str:
    if isinstance(modal, QMessageBox):
        return f"{modal.windowTitle()}: {modal.text()}"
    return modal.windowTitle()


def _close(modal: QWidget) -> None:
    if isinstance(modal, QDialog):
        modal.reject()
    else:
        modal.close()


def click_button(text: str) -> Callable[[QWidget], None]:
    """Answers a message box by the text of one of its buttons."""

    def answer(modal: QWidget) -> None:
        assert isinstance(modal, QMessageBox), f"expected a message box, got {modal!r}"
        for button in modal.buttons():
            if button.text().replace("&", "") == text:
                button.click()
                return
        raise AssertionError(f"no button {text!r} in {[b.text() for b in modal.buttons()]}")

    return answer


def ok() -> Callable[[QWidget], None]:
    def answer(modal: QWidget) -> None:
        assert isinstance(modal, QMessageBox)
        modal.button(QMessageBox.StandardButton.Ok).click()

    return answer


def fill(view: FormView, values: Mapping[str, object]) -> None:
    """Types, picks and chooses `values` in a form's widgets the way a user would."""
    for name, value in values.items():
        editor = view.editors[name]
        kind = editor.field.kind
        if isinstance(value, Mapping):
            if len(editor.field.units) > 1:
                editor.set_unit(str(value["unit"]))
            editor.set_text_input(str(value["value"]))
        elif kind in ("choice", "yesno", "tristate"):
            editor.choose(str(value))
        else:
            editor.set_text_input(str(value))


def load_allocation_lists(admin: SiteStore, *, seed: str = "gui-tests") -> None:
    """One list per stratum, built the way the centre builds them (the same seed, the same arms)
    and signed by the test centre."""
    for stratum in ("B", "C"):
        allocation = build_allocation_list(
            admin.site_id, stratum, 20, created_at="2026-11-01T08:00:00Z", seed=f"{seed}-{stratum}"
        )
        load_signed_list(admin, stratum, allocation.arms)


# Words that stay in Latin letters in the Chinese interface: names, codes, formats, test data.
KEPT_WORDS = {
    "msc",
    "desktop",
    "xjmsc0001",
    "nct03209986",
    "pdf",
    "usb",
    "mscbak",
    "txt",
    "https",
    "example",
    "org",
    "letter",
    "wang",
    "ctrl",
    "shift",
    "alt",
    "sae",
    "yyyy",
    "logs",
    "log",
    "tmp",
    "backups",
    "replaced",
    "pytest",
    "smoke",
    "new",
    "language",
    "english",
    "csv",
    "utc",
    "scr",
    "ctcae",
    "ich",
    "e2a",
    "meld",
    "odm",
}
ZONE_NAMES = frozenset(zoneinfo.available_timezones())
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]{2,}")


def visible_texts(root: QWidget) -> list[str]:
    """Every text a user can read in `root`: labels, buttons, titles, menus, lists, placeholders."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel):
            texts.append(re.sub(r"<[^>]+>|&\w+;", " ", widget.text()))  # tags and entities (&nbsp;)
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QMenu):
            texts.append(widget.title())
            texts.extend(action.text() for action in widget.actions())
        elif isinstance(widget, QTabWidget):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            texts.extend(
                str(model.headerData(i, Qt.Orientation.Horizontal) or "")
                for i in range(model.columnCount())
            )
        if widget.toolTip():
            texts.append(widget.toolTip())
    return [t for t in texts if t]


def english_left(root: QWidget, *data: str) -> list[str]:
    """Texts that still hold an English word (paths, time zone names and the test's own data removed
    first: an IANA zone name such as Asia/Shanghai is an identifier, shown as it is)."""
    left = []
    for text in visible_texts(root):
        stripped = " ".join(" " if word in ZONE_NAMES else word for word in text.split(" "))
        for value in data:
            stripped = stripped.replace(value, " ")
        stripped = re.sub(r"/\S+", " ", stripped)
        words = [w for w in LATIN_WORD.findall(stripped) if w.lower() not in KEPT_WORDS]
        if words:
            left.append(text)
    return left
