"""The site's list of open SAEs with their 24-hour reporting deadlines, overdue first
(`sae_queue`); a double-click opens the participant's adverse events."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.errors import MscError
from msc_desktop.gui.participant.ae_table import SAE_COLUMNS, TICK_MS, ae_tint
from msc_desktop.gui.widgets.table_model import RowTableModel
from msc_desktop.gui.widgets.tables import row_table
from msc_desktop.store.services.adverse_events import (
    AdverseEventView,
    sae_queue,
)
from msc_desktop.store.site import SiteStore


class SaeQueueView(QWidget):
    """Every open SAE of the site, overdue first; `open_participant(id)` on double-click."""

    open_participant = Signal(str)

    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("sae_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = RowTableModel(SAE_COLUMNS, highlight=ae_tint, parent=self)
        self.table = row_table(self.model, "sae_queue", self)
        self.table.doubleClicked.connect(self._open)
        layout.addWidget(self.table, 1)
        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self._tick)
        self.tick.start()

    def _tick(self) -> None:
        """Once a minute while shown: the deadlines count down."""
        if self.isVisible():
            try:
                self.reload()
            except MscError:
                return

    def reload(self) -> int:
        """Reloads the queue; returns the number of open SAEs."""
        queue = sae_queue(self.store)
        self.model.set_rows(queue)
        overdue = sum(1 for v in queue if v.clock is not None and v.clock.state == "overdue")
        unreported = sum(1 for v in queue if v.clock is not None and v.clock.needs_action)
        follow_up = len(queue) - unreported
        if not unreported and follow_up:
            self.summary.setText(
                self.tr(
                    "No serious adverse event is waiting to be reported. {count} reported SAE(s) "
                    "stay open until their follow-up gives a final outcome."
                ).format(count=follow_up)
            )
        elif queue:
            self.summary.setText(
                self.tr(
                    "<b>{count} serious adverse event(s) not yet reported</b> to the coordinating "
                    "centre; <span style='color:#b00020'><b>{overdue} overdue</b></span>. Overdue "
                    "first. Double-click to open the participant."
                ).format(count=unreported, overdue=overdue)
                if overdue
                else self.tr(
                    "<b>{count} serious adverse event(s) not yet reported</b> to the coordinating "
                    "centre. Double-click to open the participant."
                ).format(count=unreported)
            )
        else:
            self.summary.setText(self.tr("No serious adverse event is waiting to be reported."))
        return len(queue)

    def _open(self, index: QModelIndex) -> None:
        view: AdverseEventView = self.model.row_at(index)
        self.open_participant.emit(view.participant_id)
