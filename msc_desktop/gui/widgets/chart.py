"""Trend chart of the primary outcome: bilirubin, albumin, INR, Child-Pugh and MELD over visits.

Painted with QPainter (QtCharts is not part of PySide6-Essentials, and a plotting library would
add tens of megabytes for five small line charts). One small panel per measure, because the five
have different units and scales: each has its title with the unit, a y axis with round ticks, the
visits along the x axis placed by date and labelled with their codes, the baseline (screening)
drawn as a dashed line, each value written next to its point, and the change from baseline of the
latest visit in the title, green when it is an improvement and red when it is a worsening.
Values come from the services (`trends`); nothing here computes a clinical value.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from msc_desktop.domain.decimals import format_decimal
from msc_desktop.domain.protocol import Protocol
from msc_desktop.gui.i18n import current_language, translate
from msc_desktop.gui.widgets.field_editor import unit_text
from msc_desktop.store.services.visits import TrendPoint

_LINE = QColor("#1f5f9e")
_BASELINE = QColor("#7a7a7a")
_BETTER = QColor("#1b6e2a")
_WORSE = QColor("#b00020")
_GRID = QColor("#e3e3e3")
_TEXT = QColor("#222222")


@dataclass(frozen=True)
class Measure:
    """One panel: the series key of `trends`, its title, unit, and which direction is better."""

    key: str
    title: str
    unit: str
    lower_is_better: bool


def measures(protocol: Protocol) -> tuple[Measure, ...]:
    """The five outcome measures, with the labels and standard units of `protocol`."""
    form = protocol.form("visit")

    def lab(name: str, lower_is_better: bool) -> Measure:
        field = form.field(name)
        return Measure(
            name,
            field.label.get(current_language()),
            unit_text(field.standard_unit or ""),
            lower_is_better,
        )

    return (
        lab("bilirubin", True),
        lab("albumin", False),
        lab("inr", True),
        Measure(
            "child_pugh",
            translate("TrendChart", "Child-Pugh score"),
            translate("TrendChart", "points"),
            True,
        ),
        Measure(
            "meld", translate("TrendChart", "MELD score"), translate("TrendChart", "points"), True
        ),
    )


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering [low, high] (steps of 1, 2 or 5 times a power of ten)."""
    if high <= low:  # one value: centre it
        low, high = low - 1, high + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def shown_number(value: Decimal) -> str:
    """A value for the eye: at most two decimals (half-up), trailing zeros dropped. Display only;
    the exact value is what is stored and compared."""
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return format_decimal(value)


def change_text(change: Decimal) -> str:
    sign = "+" if change > 0 else "\u2212" if change < 0 else "\u00b1"
    return f"{sign}{shown_number(abs(change))}"


class TrendChart(QWidget):
    """Five panels in a 3 + 2 grid; `set_series` takes what `visits.trends` returns."""

    def __init__(self, protocol: Protocol, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trend_chart")
        self.measures = measures(protocol)
        self.series: dict[str, list[TrendPoint]] = {m.key: [] for m in self.measures}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(640, 380)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("white"))
        self.setPalette(palette)

    def sizeHint(self) -> QSize:
        return QSize(1100, 560)

    def set_series(self, series: Mapping[str, Sequence[TrendPoint]]) -> None:
        self.series = {m.key: list(series.get(m.key, ())) for m in self.measures}
        self.update()

    def title_of(self, measure: Measure) -> str:
        """The panel title: name, unit, and the latest change from baseline."""
        points = self.series[measure.key]
        title = self.tr("{measure} ({unit})").format(measure=measure.title, unit=measure.unit)
        latest = points[-1] if points else None
        if latest is not None and latest.change_from_baseline is not None and len(points) > 1:
            title += "   " + self.tr("{visit}: {change} vs baseline").format(
                visit=latest.visit_code, change=change_text(latest.change_from_baseline)
            )
        return title

    def change_colour(self, measure: Measure) -> QColor:
        points = self.series[measure.key]
        change = points[-1].change_from_baseline if len(points) > 1 else None
        if not change:
            return _TEXT
        better = (change < 0) == measure.lower_is_better
        return _BETTER if better else _WORSE

    # -- painting ------------------------------------------------------------------------------

    def panel_rects(self) -> list[QRectF]:
        width, height = float(self.width()), float(self.height())
        top_h = height / 2
        rects = [QRectF(i * width / 3, 0, width / 3, top_h) for i in range(3)]
        rects += [QRectF(i * width / 3, top_h, width / 3, height - top_h) for i in range(2)]
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for measure, rect in zip(self.measures, self.panel_rects(), strict=True):
            self._paint_panel(painter, measure, rect.adjusted(6, 4, -6, -4))
        self._paint_legend(
            painter, self.panel_rects()[-1].translated(self.width() / 3, 0).adjusted(16, 16, -8, -8)
        )
        painter.end()

    def _paint_legend(self, painter: QPainter, rect: QRectF) -> None:
        font = QFont(self.font())
        painter.setFont(font)
        painter.setPen(QPen(_LINE, 2))
        y = rect.top() + 14
        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.left() + 26, y))
        painter.setBrush(_LINE)
        painter.drawEllipse(QPointF(rect.left() + 13, y), 3.5, 3.5)
        painter.setPen(_TEXT)
        painter.drawText(
            QPointF(rect.left() + 34, y + 4), self.tr("value at each visit (x axis: visit date)")
        )
        y += 24
        painter.setPen(QPen(_BASELINE, 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.left() + 26, y))
        painter.setPen(_TEXT)
        painter.drawText(QPointF(rect.left() + 34, y + 4), self.tr("baseline (screening, SCR)"))
        y += 24
        painter.setPen(_BETTER)
        painter.drawText(QPointF(rect.left(), y + 4), self.tr("green change: better than baseline"))
        y += 20
        painter.setPen(_WORSE)
        painter.drawText(QPointF(rect.left(), y + 4), self.tr("red change: worse than baseline"))

    def _paint_panel(self, painter: QPainter, measure: Measure, rect: QRectF) -> None:
        points = self.series[measure.key]
        metrics = painter.fontMetrics()
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(_TEXT)
        name = self.tr("{measure} ({unit})").format(measure=measure.title, unit=measure.unit)
        painter.drawText(QPointF(rect.left() + 4, rect.top() + metrics.ascent() + 2), name)
        if len(points) > 1 and points[-1].change_from_baseline is not None:
            change_x = rect.left() + 4 + painter.fontMetrics().horizontalAdvance(name) + 10
            painter.setPen(self.change_colour(measure))
            painter.drawText(
                QPointF(change_x, rect.top() + metrics.ascent() + 2),
                f"{points[-1].visit_code}: {change_text(points[-1].change_from_baseline)}",
            )
        painter.setFont(self.font())
        plot = QRectF(
            rect.left() + 48,
            rect.top() + metrics.height() + 14,
            rect.width() - 64,
            rect.height() - metrics.height() * 3 - 16,
        )
        if not points:
            painter.setPen(_BASELINE)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.tr("no values recorded yet"))
            return
        values = [float(p.value) for p in points]
        ticks = nice_ticks(min(values), max(values))
        low, high = ticks[0], ticks[-1]
        first_day = points[0].visit_date
        span = max((points[-1].visit_date - first_day).days, 1)

        def x_of(point: TrendPoint) -> float:
            if len(points) == 1:
                return plot.center().x()
            return (
                plot.left() + 10 + (plot.width() - 20) * (point.visit_date - first_day).days / span
            )

        inner = plot.adjusted(0, 16, 0, -12)  # points and their labels stay off the axes

        def y_of(value: float) -> float:
            return inner.bottom() - inner.height() * (value - low) / (high - low)

        for tick in ticks:
            y = y_of(tick)
            painter.setPen(QPen(_GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(_TEXT)
            label = format_decimal(Decimal(str(tick)))
            painter.drawText(
                QRectF(rect.left(), y - 8, 44, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        painter.setPen(QPen(_TEXT, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        baseline = next((p for p in points if p.visit_code == "SCR"), None)
        if baseline is not None:
            y = y_of(float(baseline.value))
            painter.setPen(QPen(_BASELINE, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(_BASELINE)
            painter.drawText(
                QRectF(plot.right() - 120, y - metrics.height() - 1, 118, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                self.tr("baseline {value}").format(value=shown_number(baseline.value)),
            )
        painter.setPen(QPen(_LINE, 2))
        positions = [QPointF(x_of(p), y_of(v)) for p, v in zip(points, values, strict=True)]
        for start, end in itertools.pairwise(positions):
            painter.drawLine(start, end)
        painter.setBrush(_LINE)
        label_rects: list[QRectF] = []
        for point, position in zip(points, positions, strict=True):
            painter.setPen(QPen(_LINE, 1))
            painter.drawEllipse(position, 3.5, 3.5)
            text = shown_number(point.value)
            width = metrics.horizontalAdvance(text) + 4
            above = QRectF(
                position.x() - width / 2,
                position.y() - metrics.height() - 4,
                width,
                metrics.height(),
            )
            below = above.translated(0, metrics.height() + 8)
            box = (
                above
                if above.top() >= plot.top() - 4
                and not any(above.intersects(r) for r in label_rects)
                else below
            )
            if box.bottom() <= plot.bottom() and not any(box.intersects(r) for r in label_rects):
                painter.setPen(_TEXT)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
                label_rects.append(box)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_TEXT)
        code_rects: list[QRectF] = []
        for point, position in zip(points, positions, strict=True):
            width = metrics.horizontalAdvance(point.visit_code) + 6
            box = QRectF(position.x() - width / 2, plot.bottom() + 3, width, metrics.height())
            if not any(box.intersects(r) for r in code_rects):
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, point.visit_code)
                code_rects.append(box)
