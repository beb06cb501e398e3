"""The incoming-orders screen: web orders with their status, refreshing by itself."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from warehouse_app.domain.lifecycle import OrderStatus
from warehouse_app.domain.money import format_money
from warehouse_app.domain.words import plural
from warehouse_app.services.order_list import OrderList, OrderRow

log = logging.getLogger("warehouse.ui")

COLUMNS = ("Order", "Advice note", "Status", "Customer", "Date", "Lines", "Value")
STATUS_COLOURS = {
    OrderStatus.SHORT_OF_STOCK: "#fde0dc",
    OrderStatus.READY_TO_PICK: "#e3f2fd",
    OrderStatus.PICKING: "#fff8e1",
    OrderStatus.PICKED: "#f3e5f5",
    OrderStatus.INVOICED: "#e8f5e9",
}
Index = QModelIndex | QPersistentModelIndex


PAGE = 500
Fetch = Callable[[int, int], list[OrderRow]]  # (limit, offset) -> rows


class OrdersModel(QAbstractTableModel):
    """Orders a page at a time: the view asks for more as the list is scrolled."""

    def __init__(self, fetch: Fetch) -> None:
        super().__init__()
        self.fetch = fetch
        self.rows: list[OrderRow] = []
        self._more = False

    def load(self, at_least: int = PAGE) -> None:
        """Start again from the top, keeping as many rows as were loaded."""
        size = max(at_least, PAGE)
        rows = self.fetch(size, 0)
        self.beginResetModel()
        self.rows = rows
        self._more = len(rows) == size
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        rows = self.fetch(PAGE, len(self.rows))
        self._more = len(rows) == PAGE
        if not rows:
            return
        self.beginInsertRows(
            QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1
        )
        self.rows.extend(rows)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.shop_order_no,
                row.advice_note,
                row.status,
                row.customer,
                row.ordered_at.strftime("%d/%m/%Y %H:%M"),
                str(row.lines),
                format_money(row.value),
            )[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = STATUS_COLOURS.get(OrderStatus(row.status)) if row.status else None
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class OrdersView(QWidget):
    """List of web orders; a double click (or Enter) opens one."""

    order_opened = Signal(int)
    documents_requested = Signal(str)  # the advice note

    def __init__(
        self,
        orders: OrderList,
        refresh_seconds: float = 1.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.orders = orders
        self.model = OrdersModel(
            lambda limit, offset: self.orders.page(
                self.status_filter.currentData() or "",
                self.search.text(),
                limit,
                offset,
            )
        )
        self._token: object = None
        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", "")
        for status in OrderStatus:
            self.status_filter.addItem(status.value, status.value)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Order, advice note or account")
        self.summary = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Measure a sample of rows, not all that are loaded: sizing columns
        # over 500 rows cost more than reading them.
        header.setResizeContentsPrecision(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show"))
        bar.addWidget(self.status_filter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.summary)
        self.documents = QPushButton("Documents of this order")
        self.documents.clicked.connect(self._documents)
        bar.addWidget(self.documents)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)

        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload(False))
        self.search.returnPressed.connect(lambda: self.reload(False))
        self.timer = QTimer(self)
        self.timer.setInterval(int(refresh_seconds * 1000))
        self.timer.timeout.connect(self.refresh_if_changed)
        self.timer.start()
        self.reload()

    def refresh_if_changed(self) -> None:
        """Reload when any station, or an import run elsewhere, changed an order.

        A list behind another tab waits: it is read again when it is shown, so
        a picker's scans are not slowed by a list nobody is looking at.
        """
        if not self.isVisible():
            return
        token = self.orders.change_token()
        if token != self._token:
            self.reload()

    def reload(self, keep_rows: bool = True) -> None:
        """Read the list again; a refresh keeps as many rows as were scrolled to."""
        self._token = self.orders.change_token()
        selected = self.selected_order()
        self.model.load(len(self.model.rows) if keep_rows else 0)
        rows = self.model.rows
        counts = self.orders.counts_by_status()
        waiting = counts.get(OrderStatus.READY_TO_PICK, 0)
        short = counts.get(OrderStatus.SHORT_OF_STOCK, 0)
        self.summary.setText(
            f"{plural(sum(counts.values()), 'order')} · {waiting} ready to pick"
            f" · {short} short of stock"
            f" · updated {datetime.now():%H:%M:%S}"
        )
        if selected is not None:
            for number, row in enumerate(rows):
                if row.order_id == selected:
                    self.table.selectRow(number)
        log.debug("orders list reloaded: %d rows", len(rows))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_if_changed()

    def selected_order(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()].order_id

    def _documents(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.documents_requested.emit(self.model.rows[index.row()].advice_note)

    def _open(self, index: QModelIndex) -> None:
        self.order_opened.emit(self.model.rows[index.row()].order_id)
