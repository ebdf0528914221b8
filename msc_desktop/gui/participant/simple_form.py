"""The registration and consent tabs: a banner, one protocol form and a save button; once saved,
the form is shown read-only until "Edit" opens it for a correction."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.field_values import FieldIssue
from msc_desktop.domain.protocol import FormDef
from msc_desktop.gui.participant.shared import BANNER_STYLE
from msc_desktop.gui.widgets.dialogs import confirm
from msc_desktop.gui.widgets.form_engine import FieldGroup, FormView


class SimpleFormTab(QWidget):
    """A banner, one protocol form and a save button: the registration and consent tabs."""

    def __init__(
        self,
        form: FormDef,
        validator: Callable[[Mapping[str, object]], list[FieldIssue]],
        *,
        groups: list[FieldGroup] | None,
        save_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.banner = QLabel(self)
        self.banner.setObjectName(f"{form.form_id}_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setVisible(False)
        layout.addWidget(self.banner)
        self.form = FormView(form, validator, groups=groups, parent=self)
        self.form.setMaximumWidth(820)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.mode_label = QLabel(self)
        self.mode_label.setObjectName(f"{form.form_id}_mode")
        self.mode_label.setStyleSheet("color: #555;")
        row.addWidget(self.mode_label)
        row.addStretch(1)
        self.edit_button = QPushButton(self.tr("Edit"), self)
        self.edit_button.setObjectName(f"edit_{form.form_id}")
        self.edit_button.setToolTip(
            self.tr("Correct the saved data; the reason for the change is asked when you save.")
        )
        self.edit_button.setVisible(False)
        self.edit_button.clicked.connect(self.start_correction)
        self.cancel_button = QPushButton(self.tr("Cancel edit"), self)
        self.cancel_button.setObjectName(f"cancel_edit_{form.form_id}")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_correction)
        self.save_text = save_text
        self.save_button = QPushButton(save_text, self)
        self.save_button.setObjectName(f"save_{form.form_id}")
        row.addWidget(self.edit_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.saved_values: Mapping[str, object] | None = None

    def set_blocked(self, reason: str | None, *, read_only: bool) -> None:
        """Shows `reason` above the form; a blocked or read-only form takes no input."""
        self.banner.setText(reason or "")
        self.banner.setVisible(bool(reason))
        self.form.setEnabled(not (reason and not read_only))
        self.form.set_read_only(read_only or bool(reason))
        self.save_button.setVisible(not read_only and not reason)
        self.save_button.setText(self.save_text)
        self.mode_label.setText("")
        self.edit_button.setVisible(False)
        self.cancel_button.setVisible(False)
        self.saved_values = None

    def show_saved(self, values: Mapping[str, object], entry_problem: str | None) -> None:
        """Saved data, read-only; "Edit" is offered to users who may enter data."""
        self.form.load(values)
        self.set_blocked(None, read_only=True)
        self.saved_values = values
        self.edit_button.setVisible(entry_problem is None)
        if entry_problem is None:
            self.mode_label.setText(
                self.tr(
                    "Saved; read-only. Edit to correct it (the reason for the change is asked)."
                )
            )

    def start_correction(self) -> None:
        self.form.set_read_only(False)
        self.edit_button.setVisible(False)
        self.cancel_button.setVisible(True)
        self.save_button.setText(self.tr("Save correction..."))
        self.mode_label.setText(
            self.tr("Correcting saved data: change the entries, then save with a reason.")
        )
        self.save_button.setVisible(True)
        first = next(iter(self.form.editors.values()))
        first.focus_widget.setFocus()

    def cancel_correction(self) -> None:
        """Back to the saved data; corrections already typed are dropped only when the user says
        so."""
        assert self.saved_values is not None
        if self.form.is_dirty() and not confirm(
            self,
            self.tr("Cancel the correction"),
            self.tr(
                "The corrections typed here are not saved. Drop them and show the saved data again?"
            ),
            yes=self.tr("Drop the corrections"),
            no=self.tr("Keep editing"),
        ):
            return
        self.show_saved(self.saved_values, None)
