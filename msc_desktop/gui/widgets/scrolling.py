"""The scroll area the forms and side panels sit in: no frame of its own, its content as wide as
the area (only the height scrolls while the content fits the width)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def frameless_scroll(parent: QWidget, content: QWidget | None = None) -> QScrollArea:
    """A frameless scroll area resizing its content; `content` may also be set later."""
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    if content is not None:
        scroll.setWidget(content)
    return scroll
