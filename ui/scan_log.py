"""The last scans of this station, newest first, so a supervisor can see what
the scanner really sent and what the station made of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from warehouse_app.domain.scans import visible

HEADINGS = ("Time", "Source", "Code", "Outcome")
ACCEPTED_TEXT = QColor("#1b5e20")
ACCEPTED_BACKGROUND = QColor("#e3f2e5")
REFUSED_TEXT = QColor("#b71c1c")
REFUSED_BACKGROUND = QColor("#fbe4e4")

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class LoggedScan:
    at: datetime
    source: str
    code: str
    accepted: bool
    message: str

    @property
    def outcome(self) -> str:
        verdict = "accepted" if self.accepted else "refused"
        return f"{verdict}: {self.message}" if self.message else verdict

    def cell(self, column: int) -> str:
        return (
            self.at.strftime("%H:%M:%S"),
            self.source,
            visible(self.code),
            self.outcome,
        )[column]


class ScanLogModel(QAbstractTableModel):
    """The last `limit` scans, newest in row 0."""

    def __init__(
        self,
        limit: int = 50,
        clock: Callable[[], datetime] = datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.limit = limit
        self._clock = clock
        self._scans: list[LoggedScan] = []

    def add(self, source: str, code: str, accepted: bool, message: str) -> None:
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._scans.insert(
            0, LoggedScan(self._clock(), source, code, accepted, message)
        )
        self.endInsertRows()

        if len(self._scans) > self.limit:
            self.beginRemoveRows(QModelIndex(), self.limit, len(self._scans) - 1)
            del self._scans[self.limit :]
            self.endRemoveRows()

    def scan(self, row: int) -> LoggedScan:
        return self._scans[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._scans)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADINGS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._scans):
            return None
        scan = self._scans[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return scan.cell(index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            return ACCEPTED_TEXT if scan.accepted else REFUSED_TEXT
        if role == Qt.ItemDataRole.BackgroundRole:
            return ACCEPTED_BACKGROUND if scan.accepted else REFUSED_BACKGROUND
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADINGS)
        ):
            return HEADINGS[section]
        return None


class ScanLog(QWidget):
    """A read-only table of this station's last scans."""

    def __init__(
        self,
        limit: int = 50,
        clock: Callable[[], datetime] = datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = ScanLogModel(limit, clock, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for column in range(len(HEADINGS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def add(self, source: str, code: str, accepted: bool, message: str) -> None:
        """Log one scan: `source` is "wedge", "serial" or "keyed"."""
        self.model.add(source, code, accepted, message)
