"""The change feeds the web shop reads: nothing committed is missed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.services.helpers import order_for, set_on_hand
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import OrderEvent, StockChange, WebOrder
from warehouse_app.services.change_feed import (
    changed_orders,
    changed_parts,
    cursor,
    note_stock_change,
)
from warehouse_app.services.ledger import MovementType, move, stock_row
from warehouse_app.services.order_progress import progress_of
from warehouse_app.services.order_status import refresh
from warehouse_app.services.picking import PickingService
from warehouse_app.services.station import Station
from warehouse_app.services.stock_service import StockService

LANTERN = "2748708148843"  # part 71053, one unit a scan


def newest_change(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.coalesce(func.max(StockChange.seq), 0)))


def parts_changed_after(database: Database, seq: int) -> list[str]:
    with database.reading() as session:
        return changed_parts(session, seq)[0]


def test_a_goods_receipt_is_a_stock_change_for_the_web(
    masters_db: Database, station: Station
) -> None:
    start = newest_change(masters_db)

    StockService(masters_db, station).receive_goods("71053", 5)

    assert parts_changed_after(masters_db, start) == ["71053"]


def test_a_pick_leaves_free_stock_alone_and_writes_no_stock_change(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 2)])
    start = newest_change(masters_db)

    PickingService(masters_db, station, "|").scan(order_id, LANTERN)

    assert parts_changed_after(masters_db, start) == []


def test_a_transfer_to_a_depot_that_does_not_serve_the_web_is_a_change(
    masters_db: Database, station: Station
) -> None:
    start = newest_change(masters_db)

    StockService(masters_db, station).transfer("71053", 2, "NORTH", "TR-1")

    assert parts_changed_after(masters_db, start) == ["71053"]


def test_a_rolled_back_change_is_not_in_the_feed_and_the_next_one_is(
    masters_db: Database, station: Station
) -> None:
    start = newest_change(masters_db)
    with masters_db.unit_of_work() as uow:
        stock = stock_row(uow.session, "MAIN", "71053")
        move(uow.session, station, stock, MovementType.ADJUSTMENT, 1, "", "test")
        # Left without a commit: closing the unit of work rolls it back.
    assert parts_changed_after(masters_db, start) == []

    with masters_db.unit_of_work() as uow:
        stock = stock_row(uow.session, "MAIN", "71053")
        move(uow.session, station, stock, MovementType.ADJUSTMENT, 1, "", "test")
        uow.commit()

    assert parts_changed_after(masters_db, start) == ["71053"]


def test_a_failed_transaction_leaves_no_note_for_the_next_one(
    masters_db: Database,
) -> None:
    start = newest_change(masters_db)
    with pytest.raises(RuntimeError), masters_db.unit_of_work() as uow:
        note_stock_change(uow.session, "22423")
        raise RuntimeError("station switched off")
    with masters_db.unit_of_work() as uow:
        note_stock_change(uow.session, "71053")
        uow.commit()

    assert parts_changed_after(masters_db, start) == ["71053"]


def test_each_step_of_an_order_is_an_event_but_not_each_unit(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 3)])
    picking = PickingService(masters_db, station, "|")

    for _ in range(3):
        picking.scan(order_id, LANTERN)

    with masters_db.reading() as session:
        statuses = session.scalars(
            select(OrderEvent.status)
            .where(OrderEvent.order_id == order_id)
            .order_by(OrderEvent.seq)
        ).all()
        [shop_view] = progress_of(session, [order_id])
    # Received ready to pick; the first unit starts picking; the second unit
    # changes nothing the shop is told; the third finishes the line.
    assert statuses == ["ready to pick", "picking", "picked"]
    assert [change.status for change in shop_view.history] == [
        "allocated",
        "picking",
        "picked",
    ]
    assert shop_view.lines[0].qty_picked == 3


def test_orders_changed_after_a_cursor_come_once_in_the_order_of_their_last_change(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    first = order_for(masters_db, station, [("71053", 1)])
    second = order_for(masters_db, station, [("71053", 1)])
    PickingService(masters_db, station, "|").scan(first, LANTERN)

    with masters_db.reading() as session:
        orders, last = changed_orders(session, "test", 0)
        later, same = changed_orders(session, "test", last)
        [limited], after_one = changed_orders(session, "test", 0, limit=1)

    assert orders == [second, first]
    assert (later, same) == ([], last)
    assert limited == first and after_one < last


def test_a_consumer_starts_at_the_beginning_of_a_feed(masters_db: Database) -> None:
    with masters_db.unit_of_work() as uow:
        place = cursor(uow.session, "webshop", "stock_delta")
        uow.commit()
        assert (place.last_seq, place.attempts) == (0, 0)


def test_an_order_split_on_receipt_is_one_event_and_a_later_look_adds_none(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 1)
    order_id = order_for(masters_db, station, [("71053", 3)])  # 1 now, 2 to follow

    def events() -> int:
        with masters_db.reading() as session:
            return (
                session.scalar(
                    select(func.count())
                    .select_from(OrderEvent)
                    .where(OrderEvent.order_id == order_id)
                )
                or 0
            )

    assert events() == 1
    with masters_db.unit_of_work() as uow:
        order = uow.session.get(WebOrder, order_id)
        assert order is not None and len(order.lines) == 2
        refresh(order)  # nothing changed since the receipt
        uow.commit()
    assert events() == 1
