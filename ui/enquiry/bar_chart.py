"""A small bar chart drawn with QPainter: one bar a month, labelled sparsely."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#4a7bb7")
AXIS = QColor("#888888")


class BarChart(QWidget):
    """Bars for a series of (label, value) pairs, left to right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(140)

    def set_bars(self, bars: Sequence[tuple[str, int]]) -> None:
        self.bars = list(bars)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 180)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        label_height = metrics.height() + 4
        left, top = 8.0, float(metrics.height())
        width = self.width() - 2 * left
        height = self.height() - top - label_height
        painter.setPen(QPen(AXIS))
        painter.drawLine(
            int(left), int(top + height), int(left + width), int(top + height)
        )
        if not self.bars or width <= 0 or height <= 0:
            return
        highest = max(value for _label, value in self.bars)
        if highest <= 0:
            painter.drawText(
                QRectF(left, top, width, height),
                Qt.AlignmentFlag.AlignCenter,
                "No sales in these months",
            )
            return
        slot = width / len(self.bars)
        # Label every month when there is room, else every third, or sixth.
        room = metrics.horizontalAdvance("00/00 ")
        every = next((n for n in (1, 3, 6) if slot * n >= room), 12)
        for number, (label, value) in enumerate(self.bars):
            x = left + number * slot
            bar_height = height * value / highest
            bar_top = top + height - bar_height
            painter.fillRect(
                QRectF(x + slot * 0.15, bar_top, slot * 0.7, bar_height), BAR
            )
            if value == highest:
                painter.drawText(
                    QRectF(x - slot, bar_top - top, slot * 3, top),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    str(value),
                )
            if number % every == 0:
                painter.drawText(
                    QRectF(x, top + height + 2, slot * every, label_height),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                    label,
                )
