"""What the enquiry screens share: a paged table model and one error guard."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from warehouse_app.domain.money import format_money
from warehouse_app.services.errors import WarehouseError

log = logging.getLogger("warehouse.ui")

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
PAGE = 200
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
UNEXPECTED = (
    "Something went wrong that the station did not expect. It has been logged;"
    " tell the supervisor. Nothing was changed."
)


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    number: bool = False  # right-aligned


def money(value: Decimal | None) -> str:
    return "" if value is None else format_money(value)


def when(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y %H:%M")


def count(value: int | None) -> str:
    return "" if value is None else str(value)


def guarded(action: Callable[[], None], report: Callable[[bool, str], None]) -> bool:
    """Run `action`; a known failure is told to the person, a bug is logged."""
    try:
        action()
    except WarehouseError as refusal:
        report(False, str(refusal))
        return False
    except Exception:  # a bug: keep the screen alive, keep the evidence
        log.exception("unexpected failure in a parts enquiry screen")
        report(False, UNEXPECTED)
        return False
    return True


class PagedModel(QAbstractTableModel, Generic[T]):
    """Rows a page at a time from `fetch(limit, offset)`, as the view scrolls."""

    failed = Signal(str)

    def __init__(
        self,
        columns: Sequence[Column[T]],
        fetch: Callable[[int, int], list[T]],
        colour: Callable[[T], str | None] | None = None,
        page: int = PAGE,
    ) -> None:
        super().__init__()
        self.columns = list(columns)
        self.fetch = fetch
        self.colour = colour
        self.page = page
        self.rows: list[T] = []
        self._more = False

    def load(self) -> None:
        """Read the first page again; a failure propagates to the caller."""
        rows = self.fetch(self.page, 0)
        self.beginResetModel()
        self.rows = rows
        self._more = len(rows) == self.page
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.rows = []
        self._more = False
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        self._more = False
        try:
            rows = self.fetch(self.page, len(self.rows))
        except Exception as error:  # the view calls this; it cannot take a raise
            log.exception("could not read the next page of an enquiry")
            self.failed.emit(
                str(error) if isinstance(error, WarehouseError) else UNEXPECTED
            )
            return
        self._more = len(rows) == self.page
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def fetch_all(self) -> None:
        """Read every remaining page (for tests and for small lists)."""
        while self.canFetchMore():
            self.fetchMore()

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
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.number:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and self.colour is not None:
            shade = self.colour(row)
            return QColor(shade) if shade else None
        return None

    def text(self, row: int, title: str) -> str:
        """The text shown in one cell, by the column's title."""
        column = next(c for c in self.columns if c.title == title)
        return column.text(self.rows[row])


def table_for(model: QAbstractTableModel, stretch: int | None = None) -> QTableView:
    """A read-only, row-selecting table as every enquiry screen uses."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class EnquiryTab(QWidget):
    """A screen of the enquiry: it reports what it could not do as a message."""

    message = Signal(bool, str)  # (ok, text) for the feedback band

    def guard(self, action: Callable[[], None]) -> bool:
        return guarded(action, self.message.emit)
