"""Sales history: what a part sold, month by month, and what it could not.

Sold means invoiced: an order line with an invoice number, dated by the
invoice. Values are net, each line rounded to the penny as on the invoice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, extract, func, or_, select

from warehouse_app.domain.lifecycle import LineStatus
from warehouse_app.domain.money import line_net
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    InvoiceRecord,
    LostSale,
    OrderLine,
    WebOrder,
)

MONTHS = 36

LOST_SALES_NOTE = (
    "Lost: callers turned away for want of stock (recorded from this screen)"
    " and backorders cancelled while they waited. Backordered: demand that"
    " could not be met at once."
)


@dataclass(frozen=True)
class MonthSales:
    month: date  # the first day of the month
    quantity: int
    value: Decimal
    backordered: int  # ordered this month and sent to backorder
    lost: int = 0  # demand turned away or given up this month


@dataclass(frozen=True)
class PartSales:
    part_number: str
    months: tuple[MonthSales, ...]  # oldest first, every month of the window
    lost_sales_note: str = LOST_SALES_NOTE

    @property
    def quantity(self) -> int:
        return sum(month.quantity for month in self.months)

    @property
    def value(self) -> Decimal:
        return sum((month.value for month in self.months), Decimal("0"))

    @property
    def lost(self) -> int:
        return sum(month.lost for month in self.months)


def month_starts(today: date, months: int) -> list[date]:
    """The first days of the `months` months ending with today's, oldest first."""
    index = today.year * 12 + today.month - 1
    return [
        date(number // 12, number % 12 + 1, 1)
        for number in range(index - months + 1, index + 1)
    ]


def _year_month(column: Any) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    return extract("year", column).label("y"), extract("month", column).label("m")


class SalesHistory:
    def __init__(self, database: Database) -> None:
        self.database = database

    def monthly(
        self,
        part_number: str,
        depot: str | None = None,
        months: int = MONTHS,
        today: date | None = None,
    ) -> PartSales:
        """Quantity, value, backorders and lost sales per month, one depot or all.

        FIXME:enquiry a line that waited whole for stock and was filled later
        leaves no mark that it waited, so Backordered counts only lines split
        off as backorders and lines still waiting; it can read low.
        """
        starts = month_starts(today or date.today(), months)
        since = datetime.combine(starts[0], datetime.min.time())
        year, month = _year_month(InvoiceRecord.at)
        sold = (
            select(
                year,
                month,
                OrderLine.quantity,
                OrderLine.unit_price,
                func.count().label("lines"),
            )
            .join(InvoiceRecord, InvoiceRecord.number == OrderLine.invoice_number)
            .where(OrderLine.part_number == part_number, InvoiceRecord.at >= since)
            .group_by(year, month, OrderLine.quantity, OrderLine.unit_price)
        )
        ordered_year, ordered_month = _year_month(WebOrder.ordered_at)
        waited = (
            select(ordered_year, ordered_month, func.sum(OrderLine.quantity))
            .join(WebOrder, WebOrder.id == OrderLine.order_id)
            .where(
                OrderLine.part_number == part_number,
                WebOrder.ordered_at >= since,
                or_(
                    OrderLine.backorder_of.is_not(None),
                    OrderLine.status == LineStatus.AWAITING_STOCK.value,
                ),
            )
            .group_by(ordered_year, ordered_month)
        )
        lost_year, lost_month = _year_month(LostSale.at)
        lost_sales = (
            select(lost_year, lost_month, func.sum(LostSale.quantity))
            .where(LostSale.part_number == part_number, LostSale.at >= since)
            .group_by(lost_year, lost_month)
        )
        if depot:
            sold = sold.join(WebOrder, WebOrder.id == OrderLine.order_id).where(
                WebOrder.depot == depot
            )
            waited = waited.where(WebOrder.depot == depot)
            lost_sales = lost_sales.where(LostSale.depot == depot)

        quantity: dict[date, int] = {}
        value: dict[date, Decimal] = {}
        backordered: dict[date, int] = {}
        lost: dict[date, int] = {}
        with self.database.reading() as session:
            for y, m, qty, price, lines in session.execute(sold):
                key = date(int(y), int(m), 1)
                quantity[key] = quantity.get(key, 0) + qty * lines
                net = line_net(qty, Decimal(str(price))) * lines
                value[key] = value.get(key, Decimal("0")) + net
            for y, m, qty in session.execute(waited):
                backordered[date(int(y), int(m), 1)] = int(qty or 0)
            for y, m, qty in session.execute(lost_sales):
                lost[date(int(y), int(m), 1)] = int(qty or 0)
        return PartSales(
            part_number,
            tuple(
                MonthSales(
                    start,
                    quantity.get(start, 0),
                    value.get(start, Decimal("0.00")),
                    backordered.get(start, 0),
                    lost.get(start, 0),
                )
                for start in starts
            ),
        )
