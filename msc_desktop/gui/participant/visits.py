"""The visits tab: the visit schedule on the left, the visit form on the right.

The schedule (target dates, windows, states) comes from `visits.schedule`; the scores and the
standard values of the labs come from the domain (`clean_form`, `compute_scores`) as the values are
typed, and are set against the baseline (participant/baseline.py). End of study opens from here.

It stays one module over 400 lines: the schedule and the visit form are one tab, and opening,
saving, marking missed and the change from baseline all work on the same table and form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.endpoint import compute_scores
from msc_desktop.domain.events import blocking_reasons
from msc_desktop.domain.field_values import FieldIssue
from msc_desktop.domain.forms import clean_form
from msc_desktop.domain.protocol import FormDef, Protocol
from msc_desktop.domain.schedule import ScheduledVisit
from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import (
    QT_TRANSLATE_NOOP,
    format_date,
    localized,
    translate,
)
from msc_desktop.gui.participant.baseline import baseline_table, standard_values
from msc_desktop.gui.participant.disposition import DispositionDialog
from msc_desktop.gui.participant.shared import (
    BANNER_STYLE,
    ENDED,
    ParticipantTab,
    consent_context,
    participant_state,
)
from msc_desktop.gui.widgets.dialogs import ask_reason, confirm, permission_problem, show_error
from msc_desktop.gui.widgets.form_engine import FieldGroup, FormView
from msc_desktop.gui.widgets.saving import save_form
from msc_desktop.gui.widgets.scrolling import frameless_scroll
from msc_desktop.gui.widgets.tables import fit_columns, read_only_rows
from msc_desktop.store.roles import Action
from msc_desktop.store.services.participants import ParticipantDetail
from msc_desktop.store.services.protocol_versions import protocol_in_effect
from msc_desktop.store.services.screening import SCREENING_VISIT
from msc_desktop.store.services.visits import (
    VisitRecord,
    mark_missed,
    save_visit,
    schedule,
    window_deviation,
)
from msc_desktop.store.site import SiteStore

STATE_TINTS = {
    "done": "#e3f1e5",
    "out_of_window": "#fff4d6",
    "missed": "#eeeeee",
    "due": "#fff4d6",
    "overdue": "#fde2e1",
    "upcoming": "#ffffff",
}


STATE_TEXT = {
    "done": QT_TRANSLATE_NOOP("Visits", "done"),
    "out_of_window": QT_TRANSLATE_NOOP("Visits", "out of window"),
    "missed": QT_TRANSLATE_NOOP("Visits", "missed"),
    "due": QT_TRANSLATE_NOOP("Visits", "due"),
    "overdue": QT_TRANSLATE_NOOP("Visits", "OVERDUE"),
    "upcoming": QT_TRANSLATE_NOOP("Visits", "upcoming"),
}


_VISIT = QT_TRANSLATE_NOOP("VisitGroups", "Visit")


_VITALS = QT_TRANSLATE_NOOP("VisitGroups", "Weight and vital signs")


_LABS = QT_TRANSLATE_NOOP("VisitGroups", "Laboratory (enter the unit the laboratory reported)")


_OTHER = QT_TRANSLATE_NOOP("VisitGroups", "Ascites, encephalopathy, bleeding")


def visit_groups(form: FormDef) -> list[FieldGroup]:
    groups: dict[str, list[str]] = {_VISIT: [], _VITALS: [], _LABS: [], _OTHER: []}
    for field in form.fields:
        if field.kind in ("date", "datetime") or field.name == "visit_code":
            groups[_VISIT].append(field.name)
        elif field.kind == "vital":
            groups[_VITALS].append(field.name)
        elif field.kind == "lab":
            groups[_LABS].append(field.name)
        else:
            groups[_OTHER].append(field.name)
    return [
        FieldGroup(translate("VisitGroups", title), tuple(names))
        for title, names in groups.items()
        if names
    ]


class VisitsTab(ParticipantTab):
    """The schedule on the left, the visit form on the right; `saved` after any change."""

    def __init__(
        self, store: SiteStore, *, clock: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(store, clock=clock, parent=parent)
        self.records: dict[str, VisitRecord] = {}
        self.visits: tuple[ScheduledVisit, ...] = ()
        self.editing: str | None = None
        outer = QVBoxLayout(self)
        self.banner = QLabel(self)
        self.banner.setObjectName("visits_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setVisible(False)
        outer.addWidget(self.banner)
        body = QHBoxLayout()
        outer.addLayout(body, 1)

        left = QVBoxLayout()
        schedule_box = QGroupBox(
            self.tr("Visit schedule (day 0 = randomization or first infusion)"), self
        )
        schedule_layout = QVBoxLayout(schedule_box)
        self.table = QTableWidget(0, 5, schedule_box)
        self.table.setObjectName("schedule_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Visit"),
                self.tr("Target"),
                self.tr("Window"),
                self.tr("State"),
                self.tr("Done on"),
            ]
        )
        read_only_rows(self.table)
        fit_columns(self.table)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.table.activated.connect(lambda _index: self.edit_selected())  # Enter on a row
        schedule_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Enter / open visit"), schedule_box)
        self.edit_button.setObjectName("edit_visit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.missed_button = QPushButton(self.tr("Mark missed..."), schedule_box)
        self.missed_button.setObjectName("mark_missed")
        self.missed_button.clicked.connect(self.mark_selected_missed)
        self.end_button = QPushButton(self.tr("End of study..."), schedule_box)
        self.end_button.setObjectName("end_of_study")
        self.end_button.clicked.connect(self.record_end_of_study)
        for button in (self.edit_button, self.missed_button, self.end_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        schedule_layout.addLayout(buttons)
        left.addWidget(schedule_box, 3)
        change_box = QGroupBox(self.tr("Scores and change from baseline (values on screen)"), self)
        change_layout = QVBoxLayout(change_box)
        self.change_label = QLabel(change_box)
        self.change_label.setObjectName("change_from_baseline")
        self.change_label.setTextFormat(Qt.TextFormat.RichText)
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        change_scroll = frameless_scroll(change_box, self.change_label)
        change_layout.addWidget(change_scroll)
        left.addWidget(change_box, 4)
        left_widget = QWidget(self)
        left_widget.setLayout(left)
        left_widget.setMaximumWidth(520)
        body.addWidget(left_widget, 2)

        right = QVBoxLayout()
        self.form_title = QLabel(self)
        self.form_title.setObjectName("visit_form_title")
        right.addWidget(self.form_title)
        self.protocol = store.protocol
        self.form_scroll = frameless_scroll(self)
        self.form = self._visit_form(self.protocol)
        right.addWidget(self.form_scroll, 1)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        self.save_button = QPushButton(self.tr("Save visit"), self)
        self.save_button.setObjectName("save_visit")
        self.save_button.clicked.connect(self.save)
        self.save_next_button = QPushButton(self.tr("Save and next"), self)
        self.save_next_button.setObjectName("save_visit_next")
        self.save_next_button.setToolTip(
            self.tr(
                "Saves the visit (Ctrl+Shift+S), then opens the next form of this visit (the MSC "
                "infusion) or the next visit still to record."
            )
        )
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.save_next_button)
        right.addLayout(save_row)
        body.addLayout(right, 3)

    def _visit_form(self, protocol: Protocol) -> FormView:
        """The visit form as `protocol` declares it, in place of the one shown before."""
        form = protocol.form("visit")
        view = FormView(form, self._validate, groups=visit_groups(form), parent=self)
        view.changed.connect(self.refresh_changes)
        self.form_scroll.setWidget(view)
        return view

    def _use_protocol(self, protocol: Protocol) -> None:
        """Shows the visit form of the version a visit is (or will be) entered under."""
        if protocol.form("visit") != self.form.form:
            read_only = self.form.read_only
            self.form = self._visit_form(protocol)
            self.form.set_read_only(read_only)
        self.protocol = protocol

    # -- loading -------------------------------------------------------------------------------

    def _validate(self, values: Mapping[str, object]) -> list[FieldIssue]:
        return list(
            clean_form(
                "visit",
                values,
                today=self.clock(),
                context=consent_context(self.detail),
                protocol=self.protocol,
            ).issues
        )

    def load(self, detail: ParticipantDetail, records: list[VisitRecord]) -> None:
        self.detail = detail
        self.records = {r.visit_code: r for r in records}
        self.visits = schedule(self.store, detail.ref.id, self.clock())
        reasons = blocking_reasons("visit", participant_state(detail), self.store.protocol)
        entry_problem = permission_problem(self.store, Action.ENTER_DATA)
        problem = localized(reasons[0]) if reasons else entry_problem
        self.banner.setText(problem or "")
        self.banner.setVisible(problem is not None)
        self._fill_table()
        allowed = problem is None
        for button in (
            self.edit_button,
            self.missed_button,
            self.save_button,
            self.save_next_button,
        ):
            button.setEnabled(allowed)
        self.end_button.setEnabled(
            entry_problem is None and detail.status not in ENDED and detail.consent is not None
        )
        self.form.set_read_only(not allowed)
        if not allowed:
            self.open_visit(None)
            return
        due = next((v.code for v in self.visits if v.state in ("due", "overdue")), None)
        self.open_visit(due or next((v.code for v in self.visits if v.state == "upcoming"), None))

    def _fill_table(self) -> None:
        ended = self.detail is not None and self.detail.status in ENDED
        self.table.setRowCount(len(self.visits))
        for row, visit in enumerate(self.visits):
            state = visit.state
            expected = state in ("upcoming", "due", "overdue")
            window = visit.window
            done = self.records.get(visit.code)
            done_text = ""
            if done is not None:
                done_text = (
                    self.tr("missed: {reason}").format(reason=done.not_done_reason)
                    if done.not_done_reason
                    else format_date(done.visit_date)
                )
            texts = [
                visit.code,
                format_date(window.target),
                self.tr("{opens} to {closes}").format(
                    opens=f"{window.opens:%m-%d}", closes=f"{window.closes:%m-%d}"
                ),
                self.tr("not expected (study ended)")
                if ended and expected
                else translate("Visits", STATE_TEXT[state]),
                done_text,
            ]
            tint = STATE_TINTS["missed"] if ended and expected else STATE_TINTS[state]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setBackground(QBrush(QColor(tint)))
                if column == 3 and state == "overdue" and not ended:
                    item.setForeground(QBrush(QColor("#b00020")))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        header_height = self.table.horizontalHeader().height()
        rows_height = sum(self.table.rowHeight(row) for row in range(self.table.rowCount()))
        self.table.setMinimumHeight(header_height + rows_height + 2 * self.table.frameWidth())

    def open_visit(self, code: str | None) -> None:
        """Shows visit `code` in the form: its stored values, or a new visit dated today."""
        self.editing = code
        record = self.records.get(code) if code else None
        recorded = record is not None and record.not_done_reason is None
        self._use_protocol(
            record.protocol
            if record is not None and recorded
            else protocol_in_effect(self.store, today=self.clock())
        )
        if record is not None and recorded:
            self.form.load(record.values)
            self.form_title.setText(
                self.tr("<b>Visit {code}</b> recorded on {date} (changes need a reason)").format(
                    code=code, date=format_date(record.visit_date)
                )
            )
        elif code is not None:
            today = self.clock()
            window = next((v.window for v in self.visits if v.code == code), None)
            dated = window is None or window.contains(today)
            self.form.load({"visit_code": code, "visit_date": today.isoformat() if dated else None})
            self.form_title.setText(self.tr("<b>Visit {code}</b>: new").format(code=code))
        else:
            self.form.load({})
            self.form_title.setText(self.tr("<b>Visit</b>"))
        for row, visit in enumerate(self.visits):
            if visit.code == code:
                self.table.selectRow(row)
        self.refresh_changes()

    def selected_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.visits[rows[0].row()].code if rows else None

    def next_pending(self, after: str) -> str | None:
        """The first visit after `after` in the schedule still to be recorded, else the first
        such visit before it; None when every visit is recorded."""
        codes = [v.code for v in self.visits]
        pending = [
            v.code
            for v in self.visits
            if v.state in ("due", "overdue", "upcoming") and v.code != after
        ]
        start = codes.index(after) if after in codes else len(codes)
        later = [code for code in pending if codes.index(code) > start]
        return next(iter(later or pending), None)

    def edit_selected(self) -> None:
        code = self.selected_code()
        if code is not None and code != self.editing and self.may_discard():
            self.open_visit(code)

    def may_discard(self) -> bool:
        return not self.form.is_dirty() or confirm(
            self,
            self.tr("Unsaved visit"),
            self.tr("The visit form has changes that are not saved. Discard them?"),
            yes=self.tr("Discard changes"),
            no=self.tr("Keep editing"),
        )

    # -- live change from baseline ---------------------------------------------------------------

    def refresh_changes(self) -> None:
        if self.detail is None:
            self.change_label.setText("")
            return
        cleaned = clean_form(
            "visit",
            self.form.raw_values(),
            today=self.clock(),
            context=consent_context(self.detail),
            protocol=self.protocol,
        )
        scores = compute_scores(cleaned.values, self.detail.sex, self.protocol)
        self.change_label.setText(
            baseline_table(
                standard_values(cleaned.values),
                scores,
                self.records.get(SCREENING_VISIT),
                self.protocol.form("visit"),
            )
        )

    # -- actions -------------------------------------------------------------------------------

    def save(self) -> bool:
        assert self.detail is not None
        participant_id = self.detail.ref.id
        values = self.form.filled_values()
        code = str(values.get("visit_code") or "")
        existing = self.records.get(code)
        reason: str | None = None
        if existing is not None:
            what = (
                self.tr("visit {code}, marked missed before")
                if existing.not_done_reason
                else self.tr("visit {code}")
            ).format(code=code)
            reason = ask_reason(self, what)
            if reason is None:
                return False
        deviation_reason: str | None = None
        visit_date = clean_form(
            "visit", values, today=self.clock(), protocol=self.protocol
        ).values.get("visit_date")
        deviation = (
            window_deviation(self.store, participant_id, code, visit_date, today=self.clock())
            if isinstance(visit_date, date) and code
            else None
        )
        if deviation is not None and not self.form.check_before_save():
            deviation_reason = self.ask_deviation_reason(localized(deviation))
            if deviation_reason is None:
                return False
        record = save_form(
            self,
            self.form,
            lambda confirmed: save_visit(
                self.store,
                participant_id,
                values,
                today=self.clock(),
                reason=reason,
                confirm_warnings=confirmed,
                deviation_reason=deviation_reason,
            ),
        )
        if record is None:
            return False
        self.form.mark_saved()
        self.saved.emit()
        return True

    def ask_deviation_reason(self, deviation: str) -> str | None:
        """The reason for a visit outside its window (recorded as a protocol deviation); None if
        the user went back to the form."""
        while True:
            reason, accepted = QInputDialog.getText(
                self,
                self.tr("Protocol deviation"),
                self.tr(
                    "{deviation}\n\nIt is recorded as a protocol deviation. Why was the visit held "
                    "on this day?"
                ).format(deviation=deviation),
            )
            if not accepted:
                return None
            if reason.strip():
                return reason.strip()

    def mark_selected_missed(self) -> None:
        assert self.detail is not None
        code = self.selected_code()
        if code is None:
            return
        reason, accepted = QInputDialog.getText(
            self, self.tr("Visit missed"), self.tr("Why was visit {code} missed?").format(code=code)
        )
        if not accepted:
            return
        try:
            mark_missed(self.store, self.detail.ref.id, code, reason, today=self.clock())
        except MscError as error:
            show_error(self, error)
            return
        self.saved.emit()

    def record_end_of_study(self) -> None:
        assert self.detail is not None
        dialog = DispositionDialog(self.store, self.detail, clock=self.clock, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.saved.emit()
