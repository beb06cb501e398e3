"""Parts enquiry by product group: totals per group, and the parts of one.

A sale is an invoiced order line; when it was sold is the invoice's date.
Charge codes (carriage, postage) carry no stock and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from operator import attrgetter

from sqlalchemy import ColumnElement, Subquery, and_, exists, func, select

from warehouse_app.domain.money import to_pennies
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import InvoiceRecord, OrderLine, Part, Stock

UNSOLD_DAYS = 365


@dataclass(frozen=True)
class GroupTotals:
    group_code: str
    parts: int
    units: int  # on hand
    retail_value: Decimal  # on hand at retail price
    unsold: int  # parts with no sale in the last 12 months


@dataclass(frozen=True)
class GroupPart:
    part_number: str
    description: str
    on_hand: int
    free: int
    retail_price: Decimal
    retail_value: Decimal
    last_sold: datetime | None


SORTS = ("group", "parts", "units", "value", "unsold")  # in column order
_FIELDS = dict(
    zip(SORTS, ("group_code", "parts", "units", "retail_value", "unsold"), strict=True)
)


def sort_totals(
    totals: list[GroupTotals], sort: str = "group", descending: bool = False
) -> list[GroupTotals]:
    """The groups in the order asked for; ties stay in group-code order."""
    if sort not in SORTS:
        raise ValueError(f"cannot sort groups by {sort!r}; use one of {SORTS}")
    by_code = sorted(totals, key=attrgetter("group_code"))
    return sorted(by_code, key=attrgetter(_FIELDS[sort]), reverse=descending)


def _since(today: datetime | None) -> datetime:
    return (today or datetime.now()) - timedelta(days=UNSOLD_DAYS)


def _sold_since(since: datetime) -> ColumnElement[bool]:
    return exists().where(
        OrderLine.part_number == Part.part_number,
        OrderLine.invoice_number == InvoiceRecord.number,
        InvoiceRecord.at >= since,
    )


def _stock_per_part(depot: str | None) -> Subquery:
    """On hand and allocated per part, at one depot or summed over all."""
    if depot:
        # A plain subquery: the database folds it into the join on the key.
        return (
            select(Stock.part_number, Stock.on_hand, Stock.allocated)
            .where(Stock.depot == depot)
            .subquery()
        )
    return (
        select(
            Stock.part_number.label("part_number"),
            func.sum(Stock.on_hand).label("on_hand"),
            func.sum(Stock.allocated).label("allocated"),
        )
        .group_by(Stock.part_number)
        .subquery()
    )


def _money(value: object) -> Decimal:
    return to_pennies(Decimal(str(value or 0)))


class GroupEnquiry:
    def __init__(self, database: Database) -> None:
        self.database = database

    def totals(
        self,
        depot: str | None = None,
        contains: str = "",
        sort: str = "group",
        descending: bool = False,
        today: datetime | None = None,
    ) -> list[GroupTotals]:
        """One row per product group; `contains` filters on the group's code.

        Two GROUP BY queries: stock per group over the parts, and the parts
        sold in the last 12 months per group, read from those months'
        invoices; the parts with no sale are the difference.

        FIXME:enquiry the first reads every part of the groups asked for:
        about a second for 500,000 parts on SQLite, ten times what a tab may
        take. Totals kept per group as stock moves would make this instant;
        until then the screen reads them once and sorts what it has.
        """
        stock = _stock_per_part(depot)
        in_groups: list[ColumnElement[bool]] = [Part.stock_item.is_(True)]
        if contains.strip():
            in_groups.append(
                Part.group_code.icontains(contains.strip(), autoescape=True)
            )
        stocked = (
            select(
                Part.group_code,
                func.count(Part.part_number),
                func.coalesce(func.sum(stock.c.on_hand), 0),
                func.coalesce(func.sum(stock.c.on_hand * Part.retail_price), 0),
            )
            .outerjoin(stock, stock.c.part_number == Part.part_number)
            .where(*in_groups)
            .group_by(Part.group_code)
        )
        sold_lately = (
            select(OrderLine.part_number)
            .join(InvoiceRecord, InvoiceRecord.number == OrderLine.invoice_number)
            .where(InvoiceRecord.at >= _since(today))
        )
        # Driven from the months' invoices, not from every part.
        sold = (
            select(Part.group_code, func.count(Part.part_number))
            .where(Part.part_number.in_(sold_lately), *in_groups)
            .group_by(Part.group_code)
        )
        with self.database.reading() as session:
            rows = session.execute(stocked).all()
            sold_parts = {code: number for code, number in session.execute(sold)}
        totals = [
            GroupTotals(
                code, parts, int(units), _money(value), parts - sold_parts.get(code, 0)
            )
            for code, parts, units, value in rows
        ]
        return sort_totals(totals, sort, descending)

    def parts(
        self,
        group_code: str,
        depot: str | None = None,
        unsold_only: bool = False,
        limit: int = 200,
        offset: int = 0,
        today: datetime | None = None,
    ) -> list[GroupPart]:
        """A page of the group's parts in part-number order."""
        stock = _stock_per_part(depot)
        last_sold = (
            select(func.max(InvoiceRecord.at))
            .join(OrderLine, OrderLine.invoice_number == InvoiceRecord.number)
            .where(OrderLine.part_number == Part.part_number)
            .scalar_subquery()
        )
        query = (
            select(
                Part.part_number,
                Part.description,
                func.coalesce(stock.c.on_hand, 0).label("on_hand"),
                func.coalesce(stock.c.allocated, 0).label("allocated"),
                Part.retail_price,
                last_sold.label("last_sold"),
            )
            .outerjoin(stock, stock.c.part_number == Part.part_number)
            .where(and_(Part.group_code == group_code, Part.stock_item.is_(True)))
            .order_by(Part.part_number)
            .limit(limit)
            .offset(offset)
        )
        if unsold_only:
            query = query.where(~_sold_since(_since(today)))
        with self.database.reading() as session:
            rows = session.execute(query).all()
        return [
            GroupPart(
                row.part_number,
                row.description,
                row.on_hand,
                row.on_hand - row.allocated,
                row.retail_price,
                to_pennies(row.on_hand * row.retail_price),
                row.last_sold,
            )
            for row in rows
        ]
