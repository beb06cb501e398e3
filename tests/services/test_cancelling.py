"""Cancelling an order: paperwork before the pick, refused once picking began."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.services.helpers import order_for, order_of, set_on_hand, stock_of
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import LostSale, PrintJob
from warehouse_app.services.cancelling import Cancelled, CancelRefused, cancel
from warehouse_app.services.change_feed import changed_orders
from warehouse_app.services.enquiry.sales_history import SalesHistory
from warehouse_app.services.errors import NotFound
from warehouse_app.services.picking import PickingService
from warehouse_app.services.station import Station

LANTERN = "2748708148843"  # part 71053, one unit a scan


def cancel_order(database: Database, order_id: int) -> Cancelled:
    with database.unit_of_work() as uow:
        outcome = cancel(uow.session, order_id)
        uow.commit()
    return outcome


def test_cancelling_before_the_pick_releases_the_allocation(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order_id = order_for(masters_db, station, [("71053", 3), ("POST", 1)])
    assert stock_of(masters_db, "MAIN", "71053") == (5, 3)

    cancel_order(masters_db, order_id)

    order = order_of(masters_db, order_id)
    assert order.status == "cancelled"
    assert {line.status for line in order.lines} == {"cancelled"}
    assert stock_of(masters_db, "MAIN", "71053") == (5, 0)


def test_the_freed_stock_goes_to_the_oldest_waiting_backorder(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 2)
    first = order_for(masters_db, station, [("71053", 2)])
    waiting = order_for(masters_db, station, [("71053", 2)])
    assert order_of(masters_db, waiting).status == "short of stock"

    with masters_db.unit_of_work() as uow:
        outcome = cancel(uow.session, first)
        uow.commit()

    assert outcome.given_to == (order_of(masters_db, waiting).advice_note,)
    assert order_of(masters_db, waiting).status == "ready to pick"
    assert stock_of(masters_db, "MAIN", "71053") == (2, 2)


def test_the_shop_hears_of_the_cancellation(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order_id = order_for(masters_db, station, [("71053", 1)])
    with masters_db.reading() as session:
        _ids, cursor = changed_orders(session, "test", 0)

    cancel_order(masters_db, order_id)

    with masters_db.reading() as session:
        assert changed_orders(session, "test", cursor)[0] == [order_id]


def test_cancelling_withdraws_the_pick_document_still_waiting_to_print(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order_id = order_for(masters_db, station, [("71053", 1)])

    cancel_order(masters_db, order_id)

    with masters_db.reading() as session:
        [job] = session.scalars(select(PrintJob).where(PrintJob.order_id == order_id))
        assert (job.document_type, job.status) == ("pick_document", "withdrawn")
        assert "was cancelled before its pick document printed" in job.last_error


def test_cancelling_again_changes_nothing_and_says_so(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order_id = order_for(masters_db, station, [("71053", 1)])
    cancel_order(masters_db, order_id)

    with masters_db.unit_of_work() as uow:
        again = cancel(uow.session, order_id)

    assert again.already is True
    assert stock_of(masters_db, "MAIN", "71053") == (5, 0)


def test_once_a_unit_is_picked_the_order_cannot_be_cancelled(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order_id = order_for(masters_db, station, [("71053", 2)])
    PickingService(masters_db, station, "|").scan(order_id, LANTERN)

    with pytest.raises(CancelRefused, match=r"line 1 \(71053\) is already being"):
        cancel_order(masters_db, order_id)

    assert stock_of(masters_db, "MAIN", "71053") == (4, 1)
    assert order_of(masters_db, order_id).status == "picking"


def test_a_picked_order_cannot_be_cancelled(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order_id = order_for(masters_db, station, [("71053", 1)])
    PickingService(masters_db, station, "|").scan(order_id, LANTERN)

    with pytest.raises(CancelRefused, match="already picked"):
        cancel_order(masters_db, order_id)


def test_an_order_made_only_of_charges_is_invoiced_and_cannot_be_cancelled(
    masters_db: Database, station: Station
) -> None:
    order_id = order_for(masters_db, station, [("POST", 1)])

    with pytest.raises(CancelRefused, match="already invoiced"):
        cancel_order(masters_db, order_id)


def test_a_cancelled_backorder_is_a_lost_sale_and_stock_in_hand_is_not(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 1)
    order_id = order_for(masters_db, station, [("71053", 4)])  # 1 in hand, 3 wait

    with masters_db.unit_of_work() as uow:
        cancel(uow.session, order_id, station)
        uow.commit()

    with masters_db.reading() as session:
        [lost] = session.scalars(select(LostSale)).all()
    order = order_of(masters_db, order_id)
    assert (lost.part_number, lost.quantity, lost.reason) == (
        "71053",
        3,
        "backorder_cancelled",
    )
    assert (lost.document_ref, lost.customer_account) == (order.advice_note, "17850")
    assert (lost.user, lost.station) == (station.user, station.name)
    assert SalesHistory(masters_db).monthly("71053").lost == 3


def test_cancelling_an_order_that_is_not_there_says_how_to_find_it(
    masters_db: Database,
) -> None:
    with pytest.raises(NotFound) as refused:
        cancel_order(masters_db, 987654)

    message = str(refused.value)
    assert "Order 987654 could not be cancelled: there is no such order" in message
    assert "Refresh the Incoming orders list" in message
    assert "shop order number or advice note" in message
