"""Small builders for story-like tests on a real database."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from itertools import count
from pathlib import Path

from sqlalchemy import select

from warehouse_app.integrations.incoming import IncomingLine, IncomingOrder
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Part, Stock, WebOrder
from warehouse_app.services.order_masters import ensure_guest_account
from warehouse_app.services.orders import receive
from warehouse_app.services.station import Station

_numbers = count(900001)


def order_for(
    database: Database,
    station: Station,
    lines: list[tuple[str, int]],
    account: str | None = "17850",
    part_ship: bool = True,
    price: str = "2.50",
) -> int:
    """Receive a web order for (part, quantity) pairs; return its id."""
    ensure_guest_account(database)
    incoming = IncomingOrder(
        str(next(_numbers)),
        datetime(2026, 12, 1, 9, 0),
        account,
        "United Kingdom",
        [
            IncomingLine(row, part, "", quantity, Decimal(price))
            for row, (part, quantity) in enumerate(lines, start=2)
        ],
    )
    with database.unit_of_work() as uow:
        wanted = {part for part, _ in lines}
        parts = {
            p.part_number: p
            for p in uow.session.scalars(
                select(Part).where(Part.part_number.in_(wanted))
            )
        }
        order = receive(uow.session, station, incoming, "test", parts, part_ship)
        uow.commit()
        return order.id


def set_on_hand(database: Database, depot: str, part: str, on_hand: int) -> None:
    """Set on-hand as a stock check would, through the ledger."""
    from warehouse_app.services.ledger import MovementType, move, stock_row

    with database.unit_of_work() as uow:
        stock = stock_row(uow.session, depot, part)
        move(
            uow.session,
            Station("TEST-1", "tester", depot),
            stock,
            MovementType.STOCK_CHECK,
            on_hand - stock.on_hand,
            "test",
            "set up",
        )
        uow.commit()


def stock_of(database: Database, depot: str, part: str) -> tuple[int, int]:
    with database.reading() as session:
        row = session.get(Stock, (depot, part))
        assert row is not None
        return row.on_hand, row.allocated


def order_of(database: Database, order_id: int) -> WebOrder:
    with database.reading() as session:
        order = session.get(WebOrder, order_id)
        assert order is not None
        _ = [(line.status, line.quantity) for line in order.lines]
        _ = list(order.parcels)
        return order


HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"


def order_row(
    number: str,
    part: str = "71053",
    quantity: str = "2",
    price: str = "3.39",
    when: str = "2026-12-01 09:00:00",
    description: str = "WHITE METAL LANTERN",
    account: str = "17850.0",
) -> str:
    return (
        f"{number},{part},{description},{quantity},{when},{price},{account},"
        "United Kingdom\n"
    )


def orders_file(tmp_path: Path, *rows: str, name: str = "orders.csv") -> Path:
    file = tmp_path / name
    file.write_text(HEADER + "".join(rows), encoding="utf-8")
    return file


def set_price(database: Database, prices: dict[str, str]) -> None:
    """Give parts a new retail price (four places, as the master keeps them)."""
    from warehouse_app.services.change_feed import note_stock_change

    with database.unit_of_work() as uow:
        for part_number, price in prices.items():
            part = uow.session.get(Part, part_number)
            assert part is not None
            part.retail_price = Decimal(price)
            note_stock_change(uow.session, part_number)
        uow.commit()
