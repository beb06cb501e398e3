"""Parts enquiry by depot: one part's stock, bins and limits at each depot."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.enquiry.shared import Column, EnquiryTab, PagedModel, money, table_for
from warehouse_app.services.enquiry.depot import DepotEnquiry, DepotStock, PartAtDepots

BELOW_MIN = "#fde0dc"

COLUMNS: list[Column[DepotStock]] = [
    Column("Depot", lambda d: f"{d.depot} {d.name}"),
    Column("On hand", lambda d: str(d.on_hand), number=True),
    Column("Allocated", lambda d: str(d.allocated), number=True),
    Column("Free", lambda d: str(d.free), number=True),
    Column("On backorder", lambda d: str(d.on_backorder), number=True),
    Column("Bin", lambda d: d.bin or ("" if d.stocked else "not stocked")),
    Column("Overflow bin", lambda d: d.overflow_bin or ""),
    Column("Min", lambda d: str(d.min_qty), number=True),
    Column("Max", lambda d: str(d.max_qty), number=True),
]


class DepotTab(EnquiryTab):
    """For each depot: on hand, allocated, free, on backorder, bins, min and max.

    A depot where free stock is under the minimum is shaded.
    """

    def __init__(
        self, depots: DepotEnquiry, home_depot: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.depots = depots
        self.home_depot = home_depot
        self.part: PartAtDepots | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.note = QLabel()
        self.model: PagedModel[DepotStock] = PagedModel(
            COLUMNS, self._rows, lambda d: BELOW_MIN if d.below_min else None
        )
        self.table = table_for(self.model, stretch=0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def show_part(self, part_number: str) -> None:
        self.part = self.depots.stock_by_depot(part_number)
        part = self.part
        replaced = f" · replaced by {part.superseded_by}" if part.superseded_by else ""
        self.heading.setText(
            f"<b>{part.part_number}</b> {part.description} · group"
            f" {part.group_code} · retail {money(part.retail_price)}{replaced}"
        )
        self.model.load()
        short = [d.depot for d in part.depots if d.below_min]
        self.note.setText(
            f"Free stock below the minimum at {', '.join(short)}." if short else ""
        )

    def clear(self) -> None:
        self.part = None
        self.heading.clear()
        self.note.clear()
        self.model.clear()

    def _rows(self, limit: int, offset: int) -> list[DepotStock]:
        if self.part is None:
            return []
        # The station's own depot first, the others in code order.
        rows = sorted(self.part.depots, key=lambda d: d.depot != self.home_depot)
        return rows[offset : offset + limit]
