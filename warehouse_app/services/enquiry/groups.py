"""Parts enquiry by product group: totals per group, and the parts of one.

A sale is an invoiced order line; when it was sold is the invoice's date.
Charge codes (carriage, postage) carry no stock and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from operator import attrgetter

from sqlalchemy import ColumnElement, and_, func, or_, select

from warehouse_app.domain.money import to_pennies
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import GroupStock, GroupTotal, Part, Stock

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

        Parts, units and value come from the totals kept with the ledger
        (services/group_totals.py); the parts sold in the last 12 months are
        counted off the index on each part's last sale.
        """
        groups: list[ColumnElement[bool]] = []
        if contains.strip():
            groups.append(
                GroupTotal.group_code.icontains(contains.strip(), autoescape=True)
            )
        stock_where = [GroupStock.depot == depot] if depot else []
        stock = (
            select(
                GroupStock.group_code,
                func.sum(GroupStock.units).label("units"),
                func.sum(GroupStock.value_e4).label("value_e4"),
            )
            .where(*stock_where)
            .group_by(GroupStock.group_code)
            .subquery()
        )
        kept = (
            select(
                GroupTotal.group_code, GroupTotal.parts, stock.c.units, stock.c.value_e4
            )
            .outerjoin(stock, stock.c.group_code == GroupTotal.group_code)
            .where(*groups)
        )
        # Grouped by an expression, so that SQLite reads the recent sales off
        # the last-sale index rather than every part in group order.
        group = Part.group_code.concat("")
        sold = (
            select(group, func.count())
            .where(Part.last_sold_at >= _since(today), Part.stock_item.is_(True))
            .group_by(group)
        )
        with self.database.reading() as session:
            rows = session.execute(kept).all()
            sold_parts = {code: number for code, number in session.execute(sold)}
        totals = [
            GroupTotals(
                code,
                parts,
                int(units or 0),
                to_pennies(Decimal(int(value or 0)) / 10000),
                parts - sold_parts.get(code, 0),
            )
            for code, parts, units, value in rows
            if parts
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
        where_depot = [Stock.depot == depot] if depot else []
        on_hand = (
            select(func.coalesce(func.sum(Stock.on_hand), 0))
            .where(Stock.part_number == Part.part_number, *where_depot)
            .scalar_subquery()
        )
        allocated = (
            select(func.coalesce(func.sum(Stock.allocated), 0))
            .where(Stock.part_number == Part.part_number, *where_depot)
            .scalar_subquery()
        )
        query = (
            select(
                Part.part_number,
                Part.description,
                on_hand.label("on_hand"),
                allocated.label("allocated"),
                Part.retail_price,
                Part.last_sold_at.label("last_sold"),
            )
            .where(and_(Part.group_code == group_code, Part.stock_item.is_(True)))
            .order_by(Part.part_number)
            .limit(limit)
            .offset(offset)
        )
        if unsold_only:
            since = _since(today)
            query = query.where(
                or_(Part.last_sold_at.is_(None), Part.last_sold_at < since)
            )
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
