"""The incoming-orders list: a page of orders, and a cheap way to see changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select

from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Customer, WebOrder


@dataclass(frozen=True)
class OrderRow:
    order_id: int
    shop_order_no: str
    advice_note: str
    status: str
    customer: str
    ordered_at: datetime
    lines: int
    value: Decimal


class OrderList:
    def __init__(self, database: Database) -> None:
        self.database = database

    def change_token(self) -> tuple[int, datetime | None]:
        """Changes whenever an order is added or changes, on any station.

        Orders are never deleted, so the newest id tells that one was added;
        both maxima are read off an index end, not by counting 100,000 rows.
        """
        with self.database.reading() as session:
            # Two queries: SQLite reads a maximum off the index only when it
            # is the query's one aggregate.
            newest = session.scalar(select(func.max(WebOrder.id)))
            latest = session.scalar(select(func.max(WebOrder.updated_at)))
        return int(newest or 0), latest

    def page(
        self, status: str = "", search: str = "", limit: int = 500, offset: int = 0
    ) -> list[OrderRow]:
        query = (
            select(
                WebOrder.id,
                WebOrder.shop_order_no,
                WebOrder.advice_note,
                WebOrder.status,
                WebOrder.customer_account,
                Customer.name,
                WebOrder.ordered_at,
                WebOrder.line_count,
                WebOrder.value,
            )
            .join(Customer, Customer.account == WebOrder.customer_account)
            .order_by(WebOrder.ordered_at.desc(), WebOrder.id.desc())
            .limit(limit)
            .offset(offset)
        )
        if status:
            query = query.where(WebOrder.status == status)
        if search:
            key = search.strip().upper()
            query = query.where(
                (WebOrder.shop_order_no == key)
                | (WebOrder.advice_note == key)
                | (WebOrder.customer_account == key)
            )
        with self.database.reading() as session:
            return [
                OrderRow(
                    r.id,
                    r.shop_order_no,
                    r.advice_note,
                    r.status,
                    f"{r.customer_account} {r.name}",
                    r.ordered_at,
                    r.line_count,
                    r.value,
                )
                for r in session.execute(query)
            ]

    def counts_by_status(self) -> dict[str, int]:
        with self.database.reading() as session:
            rows = session.execute(
                select(WebOrder.status, func.count()).group_by(WebOrder.status)
            ).all()
        return {status: count for status, count in rows}
