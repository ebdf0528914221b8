"""After randomization: the tabs that hold visits, trends, infusions, adverse events and the
audit trail.

`FollowUpTabs` adds these screens to the participant page's tab widget and loads them when a
participant is opened; "Save and next" goes from a visit to its infusion or the next visit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.protocol import Protocol
from msc_desktop.gui.i18n import (
    translate,
)
from msc_desktop.gui.participant.adverse_events import AdverseEventsTab
from msc_desktop.gui.participant.audit import AuditTab
from msc_desktop.gui.participant.infusions import InfusionsTab, infusion_visit_codes
from msc_desktop.gui.participant.visits import VisitsTab
from msc_desktop.gui.widgets.chart import TrendChart
from msc_desktop.store.services.participants import ParticipantDetail
from msc_desktop.store.services.visits import (
    trends,
    visit_records,
)
from msc_desktop.store.site import SiteStore


class TrendsTab(QWidget):
    """The trend chart over the whole width."""

    def __init__(self, protocol: Protocol, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.chart = TrendChart(protocol, self)
        layout.addWidget(self.chart, 1)


class FollowUpTabs(QObject):
    """Adds the follow-up tabs to a participant page's `tabs` and loads them for each participant
    opened; `saved` after any change."""

    saved = Signal()

    def __init__(
        self,
        store: SiteStore,
        tabs: QTabWidget,
        *,
        clock: Callable[[], date],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tabs = tabs
        self.detail: ParticipantDetail | None = None
        self.visits = VisitsTab(store, clock=clock, parent=tabs)
        self.trends = TrendsTab(store.protocol, tabs)
        self.infusions = InfusionsTab(store, clock=clock, parent=tabs)
        self.adverse_events = AdverseEventsTab(store, clock=clock, parent=tabs)
        self.audit = AuditTab(store, parent=tabs)
        self.pages: tuple[QWidget, ...] = (
            self.visits,
            self.trends,
            self.infusions,
            self.adverse_events,
            self.audit,
        )
        for page, title in zip(
            self.pages,
            (
                translate("FollowUpTabs", "4 Visits"),
                translate("FollowUpTabs", "5 Trends"),
                translate("FollowUpTabs", "6 Infusions"),
                translate("FollowUpTabs", "7 Adverse events"),
                translate("FollowUpTabs", "8 Audit trail"),
            ),
            strict=True,
        ):
            tabs.addTab(page, title)
        for page in (self.visits, self.infusions, self.adverse_events):
            page.saved.connect(self._changed)
        self.visits.save_next_button.clicked.connect(self.save_and_next)
        tabs.currentChanged.connect(self._tab_shown)

    def load(self, detail: ParticipantDetail) -> None:
        """Loads every follow-up tab but the audit trail, which loads when it is shown."""
        self.detail = detail
        started = detail.arm is not None
        for page in self.pages:
            self.tabs.setTabEnabled(self.tabs.indexOf(page), started)
        self.audit.clear()
        self.tabs.setTabEnabled(self.tabs.indexOf(self.audit), True)
        if not started:
            return
        records = visit_records(self.store, detail.ref.id)
        self.visits.load(detail, records)
        self.trends.chart.set_series(trends(self.store, detail.ref.id))
        self.infusions.load(detail, records)
        self.adverse_events.load(detail)

    def clear(self) -> None:
        self.detail = None
        for page in self.pages:
            self.tabs.setTabEnabled(self.tabs.indexOf(page), False)

    def _tab_shown(self, index: int) -> None:
        if (
            self.tabs.widget(index) is self.audit
            and self.detail is not None
            and not self.audit.loaded
        ):
            self.audit.load(self.detail)

    def _changed(self) -> None:
        self.saved.emit()

    def save_and_next(self) -> None:
        """Saves the visit form; once it is saved, opens the next form of that visit (its MSC
        infusion while that is not logged), else the next visit still to record. A refused save
        leaves the form and its errors as they are."""
        code = self.visits.editing
        if code is None or not self.visits.save():
            return
        view = self.infusions.views.get(code)
        infusion_due = (
            code in self.infusions.views
            and self.infusions.blocked_reason() is None
            and (view is None or view.status != "completed")
        )
        if infusion_due:
            self.tabs.setCurrentWidget(self.infusions)
            self.infusions.table.selectRow(infusion_visit_codes(self.store.protocol).index(code))
            self.infusions.open_dialog(code)
            return
        self.tabs.setCurrentWidget(self.visits)
        following = self.visits.next_pending(code)
        if following is not None:
            self.visits.open_visit(following)
        self.visits.form.focus_first_entry()

    def unsaved_forms(self) -> list[str]:
        forms = [("visit", self.visits.form)]
        return [name for name, form in forms if form.isEnabled() and form.is_dirty()]

    def mark_all_saved(self) -> None:
        self.visits.form.mark_saved()
