"""Electronic signatures given inside a dialog: who signs, the sentence each one signs (its
meaning), and the user name and password each person re-enters. The caller gives the texts."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget


class SignatureBox(QGroupBox):
    """A titled form of signers and their entries; boxes added to it (an override) nest inside."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.form = QFormLayout(self)

    def add_signer(self, heading: str, meaning: str) -> None:
        """A signer's heading (rich text; may be empty) over the quoted sentence they sign."""
        quoted = f"<i>\u201c{meaning}\u201d</i>"
        self.form.addRow(QLabel(f"{heading}<br>{quoted}" if heading else quoted, self))

    def add_entry(self, label: str, name: str, *, secret: bool = False) -> QLineEdit:
        """A labelled line (`name` its object name); `secret` hides what is typed (a password)."""
        line = QLineEdit(self)
        line.setObjectName(name)
        if secret:
            line.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(label, line)
        return line

    def add_box(self, box: QWidget) -> None:
        self.form.addRow(box)

    def typed(self) -> bool:
        """Whether anything is typed in this box, or in a box added to it."""
        return any(line.text() for line in self.findChildren(QLineEdit))
