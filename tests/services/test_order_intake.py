"""Orders received in bulk on plain rows: what one batch writes, table by table.

The rules themselves (shares, backorders, ship complete) are told as stories
in test_allocation.py; here several orders meet in one batch, as an import
of thousands of orders sends them.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from itertools import count

from sqlalchemy import func, select

from tests.services.helpers import order_of, set_on_hand, stock_of
from warehouse_app.domain.lifecycle import LineStatus, OrderStatus
from warehouse_app.integrations.incoming import IncomingLine, IncomingOrder
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    AllocationEvent,
    InvoiceRecord,
    OrderEvent,
    OrderLine,
    Part,
    PrintJob,
    Stock,
    StockChange,
    WebOrder,
)
from warehouse_app.services.order_intake import part_facts, receive_in_bulk
from warehouse_app.services.order_masters import ensure_guest_account
from warehouse_app.services.order_status import refresh
from warehouse_app.services.station import Station

_numbers = count(700001)


def incoming(*lines: tuple[str, int], price: str = "2.50") -> IncomingOrder:
    return IncomingOrder(
        str(next(_numbers)),
        datetime(2026, 12, 2, 8, 30),
        "17850",
        "United Kingdom",
        [
            IncomingLine(row, part, "", quantity, Decimal(price))
            for row, (part, quantity) in enumerate(lines, start=2)
        ],
    )


def receive_batch(
    database: Database,
    station: Station,
    orders: list[IncomingOrder],
    part_ship: bool = True,
) -> list[int]:
    ensure_guest_account(database)
    with database.unit_of_work() as uow:
        parts = part_facts(
            uow.session, (line.part_number for o in orders for line in o.lines)
        )
        ids = receive_in_bulk(uow.session, station, orders, "test", parts, part_ship)
        uow.commit()
    return ids


def test_orders_of_one_batch_take_stock_in_the_order_they_came(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    batch = [incoming(("71053", 3)), incoming(("71053", 3)), incoming(("71053", 3))]
    with masters_db.reading() as session:
        seen = session.scalar(select(func.max(StockChange.seq))) or 0

    ids = receive_batch(masters_db, station, batch)

    orders = [order_of(masters_db, order_id) for order_id in ids]
    assert [o.shop_order_no for o in orders] == [o.shop_order_no for o in batch]
    assert [o.status for o in orders] == [
        OrderStatus.READY_TO_PICK,
        OrderStatus.READY_TO_PICK,
        OrderStatus.SHORT_OF_STOCK,
    ]
    assert sorted((ln.quantity, ln.status) for ln in orders[1].lines) == [
        (1, LineStatus.AWAITING_STOCK),
        (2, LineStatus.READY_TO_PICK),
    ]
    notes = [o.advice_note for o in orders]
    assert notes == sorted(notes) and len(set(notes)) == 3
    assert stock_of(masters_db, "MAIN", "71053") == (5, 5)
    with masters_db.reading() as session:
        set_aside = session.scalar(
            select(func.sum(AllocationEvent.qty_change)).where(
                AllocationEvent.part_number == "71053"
            )
        )
        jobs = session.scalars(select(PrintJob.document_ref)).all()
        events = session.execute(
            select(OrderEvent.order_id, OrderEvent.status).order_by(OrderEvent.seq)
        ).all()
        changed = session.scalars(
            select(StockChange.part_number).where(StockChange.seq > seen)
        ).all()
    assert set_aside == 5
    assert jobs == notes[:2]
    assert events == [(o.id, o.status) for o in orders]
    assert changed == ["71053"]


def test_a_backorder_line_points_at_the_line_it_was_split_from(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 2)

    (order_id,) = receive_batch(masters_db, station, [incoming(("71053", 5))])

    with masters_db.reading() as session:
        lines = session.scalars(
            select(OrderLine).where(OrderLine.order_id == order_id)
        ).all()
    by_status = {line.status: line for line in lines}
    waiting = by_status[LineStatus.AWAITING_STOCK]
    assert waiting.quantity == 3 and waiting.qty_allocated == 0
    assert waiting.backorder_of == by_status[LineStatus.READY_TO_PICK].id
    assert by_status[LineStatus.READY_TO_PICK].qty_allocated == 2


def test_a_part_with_no_stock_row_at_the_depot_gets_one_and_waits(
    masters_db: Database,
) -> None:
    north = Station("TEST-N", "tester", "NORTH")
    with masters_db.reading() as session:
        part = session.scalars(
            select(Part.part_number)
            .where(Part.stock_item.is_(True))
            .where(
                ~select(Stock.part_number)
                .where(Stock.depot == "NORTH", Stock.part_number == Part.part_number)
                .exists()
            )
            .order_by(Part.part_number)
            .limit(1)
        ).one()

    (order_id,) = receive_batch(masters_db, north, [incoming((part, 2))])

    assert stock_of(masters_db, "NORTH", part) == (0, 0)
    assert order_of(masters_db, order_id).status == OrderStatus.SHORT_OF_STOCK


def test_stock_the_session_held_is_read_again_after_the_batch(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    ensure_guest_account(masters_db)
    batch = [incoming(("71053", 4))]
    with masters_db.unit_of_work() as uow:
        held = uow.session.get_one(Stock, ("MAIN", "71053"))
        assert held.allocated == 0
        parts = part_facts(uow.session, ["71053"])
        receive_in_bulk(uow.session, station, batch, "test", parts)
        assert held.allocated == 4
        uow.commit()


def test_an_order_of_charges_only_is_invoiced_once_and_told_once(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    batch = [incoming(("POST", 1), price="18.00"), incoming(("71053", 1))]

    charges, stock = receive_batch(masters_db, station, batch)

    assert order_of(masters_db, charges).status == OrderStatus.INVOICED
    assert order_of(masters_db, stock).status == OrderStatus.READY_TO_PICK
    with masters_db.reading() as session:
        invoices = session.scalars(select(InvoiceRecord.net_total)).all()
        told = session.scalars(
            select(OrderEvent.status).where(OrderEvent.order_id == charges)
        ).all()
        kinds = session.scalars(
            select(PrintJob.document_type).order_by(PrintJob.id)
        ).all()
    assert invoices == [Decimal("18.00")]
    assert told == [OrderStatus.INVOICED]
    assert sorted(kinds) == ["invoice", "pick_document"]


def test_an_empty_batch_writes_nothing(masters_db: Database, station: Station) -> None:
    assert receive_batch(masters_db, station, []) == []
    with masters_db.reading() as session:
        assert session.scalar(select(func.count()).select_from(WebOrder)) == 0


def test_what_a_batch_writes_is_what_the_mapped_order_would_say(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 2)
    batch = [incoming(("71053", 5), ("22423", 1)), incoming(("POST", 1))]
    receive_batch(masters_db, station, batch, part_ship=False)
    with masters_db.reading() as session:
        before = session.scalar(select(func.count()).select_from(OrderEvent))
        written = session.execute(
            select(WebOrder.status, WebOrder.line_count, WebOrder.value)
        ).all()

    # Working the orders out again through the mapped classes changes
    # nothing the shop can see, so no event is told twice.
    with masters_db.unit_of_work() as uow:
        orders = uow.session.scalars(select(WebOrder).order_by(WebOrder.id)).all()
        for order in orders:
            refresh(order)
        again = [(o.status, o.line_count, o.value) for o in orders]
        uow.commit()
    with masters_db.reading() as session:
        after = session.scalar(select(func.count()).select_from(OrderEvent))

    assert [tuple(row) for row in written] == again
    assert after == before
