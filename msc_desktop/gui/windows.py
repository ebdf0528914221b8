"""Top-level windows handed back to Qt when the application replaces them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def retire(window: QWidget | None) -> None:
    """Closes a top-level window and has Qt delete it once control is back in the event loop.

    The window being replaced is usually the one delivering the event that replaces it (Enter in
    the unlock screen's password field, Finish in the wizard, Sign out in the main window's menu).
    Dropping the last Python reference would delete it at once, freeing the widget while Qt is
    still inside its key or mouse handler: the crash on Enter. `deleteLater` hands ownership to
    Qt, so callers may forget the window right after this call.
    """
    if window is not None:
        window.close()
        window.deleteLater()
