"""Table models of the integration screen: runs, quarantined files, conflicts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from warehouse_app.services.integration_status import (
    Conflict,
    QuarantinedFile,
    RunLine,
)

Index = QModelIndex | QPersistentModelIndex
Item = TypeVar("Item")
FAILED = QColor("#fde0dc")
WAITING = QColor("#fff8e1")


def when(at: datetime | None) -> str:
    return at.strftime("%d/%m %H:%M:%S") if at else ""


def headline(reason: str) -> str:
    """The line of a reason that names the problem, for a one-line cell.

    A reason starts with which file and how many orders were held, and ends
    with what to do; the first line between says what was wrong.
    """
    lines = [line.strip() for line in reason.splitlines() if line.strip()]
    middle = [line for line in lines[2:] if not line.startswith("What to do")]
    return middle[0] if middle else (lines[0] if lines else "")


class ListModel(QAbstractTableModel, Generic[Item]):
    """Rows of one kind, each shown through `cells`; `colour` marks the bad ones."""

    def __init__(
        self,
        columns: Sequence[str],
        cells: Callable[[Item], Sequence[str]],
        colour: Callable[[Item], QColor | None] = lambda _item: None,
        tip: Callable[[Item], str] = lambda _item: "",
    ) -> None:
        super().__init__()
        self.columns = tuple(columns)
        self.cells = cells
        self.colour = colour
        self.tip = tip
        self.rows: list[Item] = []

    def set_rows(self, rows: list[Item]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
        ):
            return self.columns[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        item = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(item)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.colour(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tip(item) or None
        return None


def runs_model() -> ListModel[RunLine]:
    return ListModel(
        ("Started", "Run", "Result", "Files", "Records", "File", "Message"),
        lambda run: (
            when(run.started_at),
            run.what,
            "ok" if run.ok else "FAILED",
            str(run.files),
            str(run.records),
            run.file_name,
            run.message,
        ),
        lambda run: None if run.ok else FAILED,
        lambda run: run.message,
    )


def quarantine_model() -> ListModel[QuarantinedFile]:
    return ListModel(
        ("Received", "File", "Status", "Orders in", "Orders held", "Reason"),
        lambda file: (
            when(file.received_at),
            file.file_name,
            file.status,
            str(file.orders_created),
            str(file.orders_quarantined),
            headline(file.reason),
        ),
        lambda _file: WAITING,
        lambda file: file.reason,
    )


def conflicts_model() -> ListModel[Conflict]:
    return ListModel(
        ("When", "Shop order", "File", "What changed"),
        lambda conflict: (
            when(conflict.at),
            conflict.shop_order_no,
            conflict.file_name,
            " ".join(conflict.differences.split()),
        ),
        lambda _conflict: WAITING,
        lambda conflict: conflict.differences,
    )
