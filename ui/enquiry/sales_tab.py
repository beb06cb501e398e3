"""Sales history: a part's quantity and value sold per month, chart and table."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.enquiry.bar_chart import BarChart
from ui.enquiry.shared import Column, EnquiryTab, PagedModel, money, table_for
from warehouse_app.services.enquiry.sales_history import (
    MonthSales,
    PartSales,
    SalesHistory,
)

COLUMNS: list[Column[MonthSales]] = [
    Column("Month", lambda m: m.month.strftime("%b %Y")),
    Column("Quantity sold", lambda m: str(m.quantity), number=True),
    Column("Value sold", lambda m: money(m.value), number=True),
    Column("Backordered", lambda m: str(m.backordered), number=True),
]


class SalesTab(EnquiryTab):
    """The last 36 months, oldest left in the chart, newest first in the table."""

    def __init__(
        self,
        sales: SalesHistory,
        depots: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.sales = sales
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

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Sold from"))
        bar.addWidget(self.scope)
        bar.addWidget(self.totals, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.chart)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.lost_sales)
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
            f" in the last {len(history.months)} months"
        )
        self.lost_sales.setText(
            "" if history.lost_sales_recorded else history.lost_sales_note
        )
        self.model.load()

    def _rows(self, limit: int, offset: int) -> list[MonthSales]:
        if self.history is None:
            return []
        newest_first = list(reversed(self.history.months))
        return newest_first[offset : offset + limit]
