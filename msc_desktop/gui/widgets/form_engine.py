"""A protocol form on screen: its field editors (widgets/field_editor.py) in groups, and the
validator's verdicts beside them.

`FormView` passes the editors' raw input to a validator callable (the domain's `clean_form`, or a
service's partial variant) as the user types or leaves a field, and shows each `FieldIssue` next
to its field. Nothing here decides whether a value is right.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.field_values import FieldIssue
from msc_desktop.domain.protocol import (
    FieldDef,
    FormDef,
    MomentNotFutureRule,
)
from msc_desktop.gui.i18n import current_language, localized, translate
from msc_desktop.gui.widgets.field_editor import FieldEditor

Validator = Callable[[Mapping[str, object]], Sequence[FieldIssue]]


#: The skip logic: the names of the fields that do not apply to these values (the domain's
#: `not_applicable_fields` with the participant's context).
Skips = Callable[[Mapping[str, object]], frozenset[str]]


ERROR_STYLE = "color: #b00020;"


WARNING_STYLE = "color: #8a5a00;"


#: A field a data query points at (opened from the queries list).
HIGHLIGHT_STYLE = "background: #ffe58a;"


#: After the label of a field a source verification covers.
VERIFIED_MARK = " \u2713"


@dataclass(frozen=True)
class FieldGroup:
    """A titled group of fields on a form (layout only)."""

    title: str
    fields: tuple[str, ...]


class FormView(QWidget):
    """A protocol form: labelled editors in groups, per-field messages, and a summary line."""

    changed = Signal()

    def __init__(
        self,
        form: FormDef,
        validator: Validator,
        *,
        groups: Iterable[FieldGroup] | None = None,
        skips: Skips | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = form
        self.validator = validator
        self.skips = skips
        self.editors: dict[str, FieldEditor] = {}
        self.messages: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._not_applicable: frozenset[str] = frozenset()
        self._read_only = False
        self._field_labels: dict[str, QLabel] = {}
        self._baseline: dict[str, object] = {}
        self.issues: tuple[FieldIssue, ...] = ()
        self.highlighted: str | None = None
        self._labels: list[QLabel] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        for group in groups or (FieldGroup("", form.field_names),):
            box = QGroupBox(group.title, self) if group.title else None
            layout = QFormLayout(box or None)
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for name in group.fields:
                self._add_field(layout, form.field(name))
            if box is not None:
                box.setLayout(layout)
                outer.addWidget(box)
            else:
                holder = QWidget(self)
                holder.setLayout(layout)
                outer.addWidget(holder)
        self.summary = QLabel(self)
        self.summary.setObjectName("form_summary")
        self.summary.setWordWrap(True)
        self.summary.setVisible(False)
        outer.addWidget(self.summary)
        outer.addStretch(1)
        for rule in form.rules:
            if isinstance(rule, MomentNotFutureRule) and rule.time in self.editors:
                self.editors[rule.time].show_offset()
        self._align_labels()
        self._chain_tab_order()
        self._baseline = self.raw_values()

    def _add_field(self, layout: QFormLayout, field: FieldDef) -> None:
        editor = FieldEditor(field, self)
        label = QLabel(field.label.get(current_language()) + (" *" if field.required else ""), self)
        label.setBuddy(editor.focus_widget)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._labels.append(label)
        self._field_labels[field.name] = label
        message = QLabel(self)
        message.setObjectName(f"message_{field.name}")
        message.setWordWrap(True)
        # One line is kept free under every field, so a message appearing moves nothing below it.
        message.setMinimumHeight(message.fontMetrics().lineSpacing())
        column = QWidget(self)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(2)
        column_layout.addWidget(editor)
        column_layout.addWidget(message)
        layout.addRow(label, column)
        editor.edited.connect(lambda name=field.name: self._on_edited(name))
        editor.left.connect(lambda name=field.name: self._on_left(name))
        self.editors[field.name] = editor
        self.messages[field.name] = message

    def _align_labels(self) -> None:
        """One label width for every group, so the fields line up down the whole form."""
        width = max((label.sizeHint().width() for label in self._labels), default=0)
        for label in self._labels:
            label.setMinimumWidth(width)

    def _chain_tab_order(self) -> None:
        widgets = [w for editor in self.editors.values() for w in editor.input_widgets()]
        for first, second in pairwise(widgets):
            QWidget.setTabOrder(first, second)

    # -- values ------------------------------------------------------------------------------

    def raw_values(self) -> dict[str, object]:
        return {name: editor.raw_value() for name, editor in self.editors.items()}

    def filled_values(self) -> dict[str, object]:
        """Only the fields with input (what a partial save sends)."""
        return {name: value for name, value in self.raw_values().items() if not _is_blank(value)}

    def load(self, values: Mapping[str, object]) -> None:
        """Shows stored values and makes them the baseline for unsaved-change detection."""
        for name, editor in self.editors.items():
            editor.set_raw_value(values.get(name))
        self._touched.clear()
        self.refresh_skips()
        self._baseline = self.raw_values()
        self.revalidate()

    def mark_saved(self) -> None:
        self._baseline = self.raw_values()

    def is_dirty(self) -> bool:
        return _normalised(self.raw_values()) != _normalised(self._baseline)

    def changed_saved_fields(self) -> list[str]:
        """Fields that held a saved value which the user has changed or cleared."""
        current = _normalised(self.raw_values())
        baseline = _normalised(self._baseline)
        return [
            name
            for name, value in baseline.items()
            if value is not None and current.get(name) != value
        ]

    @property
    def read_only(self) -> bool:
        return self._read_only

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for name, editor in self.editors.items():
            editor.set_read_only(read_only or name in self._not_applicable)

    def refresh_skips(self) -> None:
        """Skip logic, as the values on screen stand: the fields that do not apply are emptied,
        greyed out and marked "does not apply" (the validator neither requires nor stores them);
        choosing "transient elastography" brings the liver stiffness back."""
        names = self.skips(self.raw_values()) if self.skips is not None else frozenset()
        if names == self._not_applicable:
            return
        self._not_applicable = names
        for name, editor in self.editors.items():
            skipped = name in names
            if skipped:
                editor.set_raw_value(None)
            editor.set_read_only(skipped or self._read_only)
            label = self._field_labels[name]
            field = self.form.field(name)
            text = field.label.get(current_language()) + (
                " *" if field.required and not skipped else ""
            )
            label.setText(text + (" " + self.tr("(does not apply)") if skipped else ""))
            label.setEnabled(not skipped)

    # -- validation --------------------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        self._touched.add(name)
        self.refresh_skips()
        self.revalidate()
        self.changed.emit()

    def _on_left(self, name: str) -> None:
        self._touched.add(name)
        self.revalidate()

    def touch_all(self) -> None:
        self._touched.update(self.editors)

    def revalidate(self) -> tuple[FieldIssue, ...]:
        """Runs the validator and shows the messages of the fields the user has touched."""
        self.issues = tuple(self.validator(self.raw_values()))
        self.show_issues(self.issues)
        return self.issues

    def show_issues(self, issues: Iterable[FieldIssue]) -> None:
        by_field: dict[str, list[FieldIssue]] = {}
        for issue in issues:
            by_field.setdefault(issue.field, []).append(issue)
        for name, label in self.messages.items():
            shown = by_field.get(name, []) if name in self._touched else []
            label.setText("")
            if shown:
                errors = [i for i in shown if i.severity == "error"]
                label.setText("\n".join(localized(i.message) for i in (errors or shown)))
                label.setStyleSheet(ERROR_STYLE if errors else WARNING_STYLE)
        orphans = [i for i in by_field.items() if i[0] not in self.messages]
        if orphans:
            self.summary.setText(
                "\n".join(localized(i.message) for _, items in orphans for i in items)
            )
            self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setVisible(bool(orphans))

    def errors(self) -> tuple[FieldIssue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    def warnings(self) -> tuple[FieldIssue, ...]:
        return tuple(i for i in self.issues if i.severity == "warning")

    def check_before_save(self) -> tuple[FieldIssue, ...]:
        """Shows every message, focuses the first field in error; returns the errors."""
        self.touch_all()
        self.revalidate()
        errors = self.errors()
        if errors and errors[0].field in self.editors:
            self.editors[errors[0].field].focus_widget.setFocus()
        return errors

    def focus_first_entry(self) -> None:
        """Puts the cursor in the first empty field that takes input (else the first that does)."""
        editable = [editor for editor in self.editors.values() if editor.takes_input()]
        empty = [editor for editor in editable if _is_blank(editor.raw_value())]
        if editable:
            (empty or editable)[0].focus_widget.setFocus()

    def field_label(self, name: str) -> str:
        return (
            self.form.field(name).label.get(current_language())
            if name in self.form.field_names
            else name
        )

    def highlight(self, name: str) -> bool:
        """Marks field `name` (a queried item), brings it into view and puts the cursor in it;
        False when the form has no such field. Only one field is highlighted at a time."""
        self.clear_highlight()
        editor = self.editors.get(name)
        if editor is None:
            return False
        self.highlighted = name
        editor.setStyleSheet(HIGHLIGHT_STYLE)
        self._field_labels[name].setStyleSheet(HIGHLIGHT_STYLE)
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(editor)
        editor.focus_widget.setFocus()
        return True

    def clear_highlight(self) -> None:
        if self.highlighted is not None:
            self.editors[self.highlighted].setStyleSheet("")
            self._field_labels[self.highlighted].setStyleSheet("")
        self.highlighted = None

    def show_verified(self, verified: Mapping[str, str]) -> None:
        """Marks the fields a source verification still covers (name -> "when, by whom") with a
        tick and that text as their tooltip; the other fields lose any mark."""
        for name, label in self._field_labels.items():
            text = label.text().removesuffix(VERIFIED_MARK)
            label.setText(text + (VERIFIED_MARK if name in verified else ""))
            label.setToolTip(
                self.tr("Verified against source: {who}").format(who=verified[name])
                if name in verified
                else ""
            )


def describe_issues(view: FormView, issues: Sequence[FieldIssue]) -> str:
    """One line per issue, naming the field, for a save-refused or please-confirm dialog."""
    return "\n".join(
        translate("FormView", "- {field}: {message}").format(
            field=view.field_label(issue.field), message=localized(issue.message)
        )
        for issue in issues
    )


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _normalised(values: Mapping[str, object]) -> dict[str, object]:
    result: dict[str, object] = {}
    for name, value in values.items():
        if _is_blank(value):
            result[name] = None
        elif isinstance(value, Mapping):
            result[name] = (str(value.get("value", "")).strip(), value.get("unit"))
        elif isinstance(value, str):
            result[name] = value.strip()
        else:
            result[name] = value
    return result
