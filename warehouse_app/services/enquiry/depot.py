"""Parts enquiry by depot: one part's stock, bins and limits at every depot."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, func, select

from warehouse_app.domain.lifecycle import LineStatus
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Depot, OrderLine, Part, Stock, WebOrder
from warehouse_app.services.errors import NotFound


@dataclass(frozen=True)
class DepotStock:
    depot: str
    name: str
    stocked: bool  # False: the part has no stock record at this depot
    on_hand: int
    allocated: int
    on_backorder: int  # ordered and waiting for stock at this depot
    bin: str | None
    overflow_bin: str | None
    min_qty: int
    max_qty: int

    @property
    def free(self) -> int:
        return self.on_hand - self.allocated

    @property
    def below_min(self) -> bool:
        """Free stock is under the minimum: the part is due for reordering."""
        return self.min_qty > 0 and self.free < self.min_qty


@dataclass(frozen=True)
class PartAtDepots:
    part_number: str
    description: str
    group_code: str
    retail_price: Decimal
    superseded_by: str | None
    depots: tuple[DepotStock, ...]

    def at(self, depot: str) -> DepotStock:
        return next(row for row in self.depots if row.depot == depot)


class DepotEnquiry:
    def __init__(self, database: Database) -> None:
        self.database = database

    def depots(self) -> list[tuple[str, str]]:
        """Every depot as (code, name), in code order."""
        with self.database.reading() as session:
            rows = session.execute(select(Depot.code, Depot.name).order_by(Depot.code))
            return [(code, name) for code, name in rows]

    def stock_by_depot(self, part_number: str) -> PartAtDepots:
        """The part at every depot, stocked there or not, in depot order.

        On backorder counts what waiting lines still lack: a line of an
        order that ships complete may hold part of its quantity already.
        """
        waiting = (
            select(
                WebOrder.depot.label("depot"),
                func.sum(OrderLine.quantity - OrderLine.qty_allocated).label("qty"),
            )
            .join(WebOrder, WebOrder.id == OrderLine.order_id)
            .where(
                OrderLine.part_number == part_number,
                OrderLine.status == LineStatus.AWAITING_STOCK.value,
            )
            .group_by(WebOrder.depot)
            .subquery()
        )
        query = (
            select(
                Depot.code,
                Depot.name,
                Stock.part_number,
                Stock.on_hand,
                Stock.allocated,
                waiting.c.qty,
                Stock.bin,
                Stock.second_bin,
                Stock.min_qty,
                Stock.max_qty,
            )
            .outerjoin(
                Stock,
                and_(Stock.depot == Depot.code, Stock.part_number == part_number),
            )
            .outerjoin(waiting, waiting.c.depot == Depot.code)
            .order_by(Depot.code)
        )
        with self.database.reading() as session:
            part = session.get(Part, part_number)
            if part is None:
                raise NotFound(
                    f"There is no part {part_number}. Search by description to"
                    " find the right number."
                )
            rows = session.execute(query).all()
        return PartAtDepots(
            part.part_number,
            part.description,
            part.group_code,
            part.retail_price,
            part.superseded_by,
            tuple(
                DepotStock(
                    depot=row.code,
                    name=row.name,
                    stocked=row.part_number is not None,
                    on_hand=row.on_hand or 0,
                    allocated=row.allocated or 0,
                    on_backorder=int(row.qty or 0),
                    bin=row.bin,
                    overflow_bin=row.second_bin,
                    min_qty=row.min_qty or 0,
                    max_qty=row.max_qty or 0,
                )
                for row in rows
            ),
        )
