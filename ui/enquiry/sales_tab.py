"""Sales history: a part's quantity and value sold per month, chart and table."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.enquiry.bar_chart import BarChart
from ui.enquiry.shared import Column, EnquiryTab, PagedModel, money, table_for
from warehouse_app.services.enquiry.sales_history import (
    MonthSales,
    PartSales,
    SalesHistory,
)
from warehouse_app.services.lost_sales import MOST, LostSales

COLUMNS: list[Column[MonthSales]] = [
    Column("Month", lambda m: m.month.strftime("%b %Y")),
    Column("Quantity sold", lambda m: str(m.quantity), number=True),
    Column("Value sold", lambda m: money(m.value), number=True),
    Column("Backordered", lambda m: str(m.backordered), number=True),
    Column("Lost", lambda m: str(m.lost), number=True),
]


class SalesTab(EnquiryTab):
    """The last 36 months, oldest left in the chart, newest first in the table."""

    def __init__(
        self,
        sales: SalesHistory,
        depots: list[tuple[str, str]],
        lost: LostSales | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.sales = sales
        self.lost = lost
        self.part_number = ""
        self.history: PartSales | None = None
        self.scope = QComboBox()
        self.scope.addItem("All depots", "")
        for code, name in depots:
            self.scope.addItem(f"{code} {name}", code)
        self.totals = QLabel()
        self.chart = BarChart()
        self.model: PagedModel[MonthSales] = PagedModel(COLUMNS, self._rows)
        self.table = table_for(self.model)
        self.lost_sales = QLabel()
        self.lost_sales.setWordWrap(True)
        self.lost_quantity = QSpinBox()
        self.lost_quantity.setRange(1, MOST)
        self.lost_customer = QLineEdit()
        self.lost_customer.setPlaceholderText("account (optional)")
        self.record_lost = QPushButton("Record lost sale")
        self.record_lost.setToolTip(
            "A caller wanted this part, there was none, and they went elsewhere."
        )
        self.record_lost.clicked.connect(lambda: self.guard(self._record_lost))

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Sold from"))
        bar.addWidget(self.scope)
        bar.addWidget(self.totals, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.chart)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.lost_sales)
        if lost is not None:
            lost_bar = QHBoxLayout()
            lost_bar.addWidget(QLabel("Turned away: quantity"))
            lost_bar.addWidget(self.lost_quantity)
            lost_bar.addWidget(self.lost_customer)
            lost_bar.addWidget(self.record_lost)
            lost_bar.addStretch(1)
            layout.addLayout(lost_bar)
        self.scope.currentIndexChanged.connect(
            lambda _i: self.guard(lambda: self.show_part(self.part_number))
        )

    def show_part(self, part_number: str) -> None:
        self.part_number = part_number
        if not part_number:
            return
        history = self.sales.monthly(part_number, self.scope.currentData() or None)
        self.history = history
        self.chart.set_bars(
            [(m.month.strftime("%m/%y"), m.quantity) for m in history.months]
        )
        self.totals.setText(
            f"{part_number}: {history.quantity} sold for {money(history.value)}"
            f" in the last {len(history.months)} months; {history.lost} lost"
        )
        self.lost_sales.setText(history.lost_sales_note)
        self.model.load()

    def _record_lost(self) -> None:
        if self.lost is None or not self.part_number:
            return
        message = self.lost.turned_away(
            self.part_number, self.lost_quantity.value(), self.lost_customer.text()
        )
        self.lost_customer.clear()
        self.show_part(self.part_number)
        self.message.emit(True, message)

    def _rows(self, limit: int, offset: int) -> list[MonthSales]:
        if self.history is None:
            return []
        newest_first = list(reversed(self.history.months))
        return newest_first[offset : offset + limit]
