"""One entry widget per `FieldDef` kind, built from the protocol's form declaration.

Text, int, decimal and vital (a line edit with the unit beside it; a number's placeholder says
the decimals the protocol allows in its unit), date and datetime (a line edit with the expected
format; a date with a calendar and Today, a clinical time with the clinic's UTC offset beside
it), choice (a drop-down), yesno and tristate (radio buttons), lab (value and a unit chooser
with the units the protocol accepts). An editor only collects raw input; nothing here decides
whether a value is right.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from msc_desktop.domain.clinic_time import clinic_zone, offset_text, zone_label
from msc_desktop.domain.protocol import (
    FieldDef,
    Protocol,
)
from msc_desktop.gui.i18n import QT_TRANSLATE_NOOP, current_language, translate

_PLACEHOLDERS = {
    "date": "YYYY-MM-DD",
    "datetime": "YYYY-MM-DD HH:MM",
    "int": QT_TRANSLATE_NOOP("FormView", "whole number"),
    "decimal": QT_TRANSLATE_NOOP("FormView", "number"),
    "vital": QT_TRANSLATE_NOOP("FormView", "number"),
    "lab": QT_TRANSLATE_NOOP("FormView", "value"),
}


_ANSWER_LABELS = {
    "Y": QT_TRANSLATE_NOOP("FormView", "Yes"),
    "N": QT_TRANSLATE_NOOP("FormView", "No"),
    "U": QT_TRANSLATE_NOOP("FormView", "Not known"),
}


#: Units written with words are shown translated; the others (mg/dL, kg...) are the same in every
#: language.
_UNIT_TEXTS = {
    "ratio": QT_TRANSLATE_NOOP("Units", "ratio"),
    "beats/min": QT_TRANSLATE_NOOP("Units", "beats/min"),
    "breaths/min": QT_TRANSLATE_NOOP("Units", "breaths/min"),
    "cells/mL": QT_TRANSLATE_NOOP("Units", "cells/mL"),
}


#: Text fields this long or longer (narratives) get a box of several lines.
MULTI_LINE_LENGTH = 500


_ARROW_STEPS = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}


def code_label(protocol: Protocol, form_id: str, field_name: str, code: str | None) -> str:
    """A stored choice code (sex "F", AE outcome "FATAL"...) as the protocol words it in the
    interface language; "" for no code, the code itself when the protocol has no such choice."""
    if not code:
        return ""
    for choice in protocol.form(form_id).field(field_name).choices:
        if choice.code == code:
            return choice.label.get(current_language())
    return code


def unit_text(unit: str) -> str:
    """A protocol unit as shown in the interface language (stored values keep the unit's code)."""
    return translate("Units", _UNIT_TEXTS[unit]) if unit in _UNIT_TEXTS else unit


class FieldEditor(QWidget):
    """The input widgets of one field; emits `edited` on every change and `left` on focus out."""

    edited = Signal()
    left = Signal()

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._line: QLineEdit | None = None
        self._text: QPlainTextEdit | None = None
        self._combo: QComboBox | None = None
        self._unit: QComboBox | None = None
        self._buttons: QButtonGroup | None = None
        self._radios: dict[str, QRadioButton] = {}
        kind = field.kind
        if kind == "choice":
            self._combo = QComboBox(self)
            self._combo.addItem(self.tr("(choose)"), None)
            for choice in field.choices:
                self._combo.addItem(choice.label.get(current_language()), choice.code)
            self._combo.currentIndexChanged.connect(self.edited)
            self._combo.installEventFilter(self)
            layout.addWidget(self._combo)
            layout.addStretch(1)
        elif kind in ("yesno", "tristate"):
            self._buttons = QButtonGroup(self)
            for code in field.choice_codes:
                radio = QRadioButton(translate("FormView", _ANSWER_LABELS.get(code, code)), self)
                radio.setObjectName(f"{field.name}_{code}")
                self._buttons.addButton(radio)
                self._radios[code] = radio
                radio.installEventFilter(self)
                layout.addWidget(radio)
            self._buttons.buttonToggled.connect(self._answer_toggled)
            layout.addStretch(1)
        elif kind == "text" and (field.max_length or 0) >= MULTI_LINE_LENGTH:
            self._text = QPlainTextEdit(self)
            self._text.setTabChangesFocus(True)
            self._text.setFixedHeight(self._text.fontMetrics().lineSpacing() * 4 + 12)
            self._text.textChanged.connect(self.edited)
            self._text.installEventFilter(self)
            layout.addWidget(self._text, 1)
        else:
            self._line = QLineEdit(self)
            self._line.setPlaceholderText(translate("FormView", _PLACEHOLDERS.get(kind, "")))
            if field.max_length is not None:
                self._line.setMaxLength(field.max_length)
            self._line.textEdited.connect(self.edited)
            self._line.installEventFilter(self)
            layout.addWidget(self._line, 1)
            if kind == "lab" and len(field.units) > 1:
                self._unit = QComboBox(self)
                self._unit.setObjectName(f"{field.name}_unit")
                for unit in field.units:
                    self._unit.addItem(unit_text(unit), unit)
                self._unit.setToolTip(self.tr("The unit the laboratory reported"))
                self._unit.setMinimumWidth(90)
                self._unit.currentIndexChanged.connect(self.edited)
                self._unit.currentIndexChanged.connect(self._show_decimals)
                layout.addWidget(self._unit)
            elif field.units:
                unit_label = QLabel(unit_text(field.units[0]), self)
                unit_label.setMinimumWidth(70)
                layout.addWidget(unit_label)
            if kind in ("lab", "vital", "int", "decimal"):
                self._show_decimals()
                self._line.setMaximumWidth(140)
                layout.addStretch(1)
            if kind == "datetime":
                self._line.setMinimumWidth(
                    self._line.fontMetrics().horizontalAdvance("YYYY-MM-DD HH:MM") + 24
                )
                self.show_offset()
            if kind == "date":
                self._line.setMinimumWidth(
                    self._line.fontMetrics().horizontalAdvance("0000-00-00") + 20
                )
                self._line.setMaximumWidth(140)
                self._add_date_helpers(layout)
                layout.addStretch(1)
        self.setObjectName(f"field_{field.name}")

    def _show_decimals(self) -> None:
        """The placeholder says how many decimals the protocol takes in the chosen unit (bilirubin:
        2 in mg/dL, 1 in umol/L), so nobody is invited to type more."""
        assert self._line is not None
        unit = self._unit.currentData() if self._unit is not None else None
        decimals = self.field.allowed_decimals(unit)
        if decimals is None:
            return
        if decimals == 0:
            self._line.setPlaceholderText(translate("FormView", "whole number"))
        elif decimals == 1:
            self._line.setPlaceholderText(translate("FormView", "number, one decimal at most"))
        else:
            self._line.setPlaceholderText(
                translate("FormView", "number, up to {decimals} decimals").format(decimals=decimals)
            )

    def show_offset(self) -> None:
        """Shows the site's time zone and its UTC offset after the field: the time typed is the
        clinic's clock."""
        zone = QLabel(f"{zone_label()} {offset_text(datetime.now(clinic_zone()))}", self)
        zone.setObjectName(f"{self.field.name}_offset")
        zone.setToolTip(self.tr("The time on the clinic's clock, in the site's time zone"))
        layout = self.layout()
        assert isinstance(layout, QHBoxLayout)
        layout.addWidget(zone)

    def _add_date_helpers(self, layout: QHBoxLayout) -> None:
        """A calendar to pick from (the button, or Alt+Down in the field) and a Today button."""
        self._calendar_menu: QMenu | None = None
        self._calendar: QCalendarWidget | None = None
        self.calendar_button = QToolButton(self)
        self.calendar_button.setObjectName(f"{self.field.name}_pick")
        self.calendar_button.setText("\u25be")
        self.calendar_button.setToolTip(self.tr("Choose on a calendar (Alt+Down in the field)"))
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.today_button = QPushButton(self.tr("Today"), self)
        self.today_button.setObjectName(f"{self.field.name}_today")
        self.today_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.today_button.setAutoDefault(False)
        self.today_button.clicked.connect(lambda: self._pick_date(QDate.currentDate()))
        layout.addWidget(self.calendar_button)
        layout.addWidget(self.today_button)

    def open_calendar(self) -> QCalendarWidget:
        """Shows the calendar under the field, on the date typed (else today); made on first use."""
        assert self._line is not None
        if self._calendar_menu is None:
            self._calendar_menu = QMenu(self)
            made = QCalendarWidget(self._calendar_menu)
            made.setObjectName(f"{self.field.name}_calendar")
            made.setGridVisible(True)
            made.clicked.connect(self._pick_date)
            made.activated.connect(self._pick_date)
            holder = QWidgetAction(self._calendar_menu)
            holder.setDefaultWidget(made)
            self._calendar_menu.addAction(holder)
            self._calendar = made
        calendar, menu = self._calendar, self._calendar_menu
        assert calendar is not None
        shown = QDate.fromString(self._line.text().strip(), Qt.DateFormat.ISODate)
        calendar.setSelectedDate(shown if shown.isValid() else QDate.currentDate())
        menu.popup(self._line.mapToGlobal(self._line.rect().bottomLeft()))
        calendar.setFocus()
        return calendar

    def _pick_date(self, day: QDate) -> None:
        assert self._line is not None
        if self._calendar_menu is not None:
            self._calendar_menu.hide()
        self._line.setText(day.toString(Qt.DateFormat.ISODate))
        self._line.setFocus()
        self.edited.emit()

    def _answer_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self.edited.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.left.emit()
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and watched is self._line
            and self.field.kind == "date"
            and event.key() == Qt.Key.Key_Down
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            self.open_calendar()
            return True
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and watched in self._radios.values()
        ):
            step = _ARROW_STEPS.get(Qt.Key(event.key()))
            if step is not None:
                self._step_answer(watched, step)
                return True
        return False

    def _step_answer(self, current: QObject, step: int) -> None:
        """Arrow keys choose the next or previous answer, as in any radio group."""
        radios = list(self._radios.values())
        index = next(i for i, radio in enumerate(radios) if radio is current)
        target = radios[(index + step) % len(radios)]
        target.setChecked(True)
        target.setFocus()

    @property
    def focus_widget(self) -> QWidget:
        if self._line is not None:
            return self._line
        if self._text is not None:
            return self._text
        if self._combo is not None:
            return self._combo
        return next(iter(self._radios.values()))

    def input_widgets(self) -> list[QWidget]:
        """The widgets that take keyboard focus, in tab order."""
        widgets: list[QWidget] = [
            w for w in (self._line, self._text, self._combo, self._unit) if w is not None
        ]
        widgets.extend(self._radios.values())
        return widgets

    def raw_value(self) -> object:
        """What the user entered, as the validator takes it (None or "" when nothing)."""
        if self._combo is not None:
            data: object = self._combo.currentData()
            return data
        if self._buttons is not None:
            for code, radio in self._radios.items():
                if radio.isChecked():
                    return code
            return None
        if self._text is not None:
            return self._text.toPlainText()
        assert self._line is not None
        text = self._line.text()
        if self._unit is not None:
            return {"value": text, "unit": self._unit.currentData()} if text.strip() else ""
        if self.field.kind == "lab" and text.strip() and self.field.units:
            return {"value": text, "unit": self.field.units[0]}
        return text

    def set_raw_value(self, value: object) -> None:
        """Shows a stored value (as the services return it: text, code, or {"value", "unit"})."""
        if self._combo is not None:
            index = self._combo.findData(value) if value is not None else 0
            self._combo.setCurrentIndex(max(index, 0))
        elif self._buttons is not None:
            self._buttons.setExclusive(False)
            for code, radio in self._radios.items():
                radio.setChecked(code == value)
            self._buttons.setExclusive(True)
        elif self._text is not None:
            self._text.blockSignals(True)
            self._text.setPlainText("" if value is None else str(value))
            self._text.blockSignals(False)
        else:
            assert self._line is not None
            if isinstance(value, Mapping):
                self._line.setText(str(value.get("value", "")))
                if self._unit is not None:
                    self._unit.setCurrentIndex(
                        max(self._unit.findData(str(value.get("unit", ""))), 0)
                    )
            else:
                self._line.setText("" if value is None else str(value))

    def set_text_input(self, text: str) -> None:
        """Types `text` into a line-edit field as a user would (fires `edited`)."""
        if self._text is not None:
            self._text.setPlainText(text)
            return
        assert self._line is not None, f"{self.field.name} is not a text-like field"
        self._line.setText(text)
        self.edited.emit()

    def set_unit(self, unit: str) -> None:
        assert self._unit is not None, f"{self.field.name} has no unit chooser"
        self._unit.setCurrentIndex(self._unit.findData(unit))

    def choose(self, code: str) -> None:
        """Picks a choice or answer code as a user would."""
        if self._combo is not None:
            self._combo.setCurrentIndex(self._combo.findData(code))
        else:
            self._radios[code].setChecked(True)

    def takes_input(self) -> bool:
        widget = self.focus_widget
        return widget.isEnabled() and not (isinstance(widget, QLineEdit) and widget.isReadOnly())

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.input_widgets():
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(read_only)
            else:
                widget.setEnabled(not read_only)
        if self.field.kind == "date":
            self.calendar_button.setEnabled(not read_only)
            self.today_button.setEnabled(not read_only)
