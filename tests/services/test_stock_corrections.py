"""Putting stock right: adjustments, counts and reversals, never edits."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.services.helpers import order_for, order_of, set_on_hand, stock_of
from warehouse_app.domain.lifecycle import OrderStatus
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import StockMovement
from warehouse_app.services.errors import NotFound
from warehouse_app.services.picking import PickingService
from warehouse_app.services.reconcile import reconcile
from warehouse_app.services.station import Station
from warehouse_app.services.stock_moves import StockRefused
from warehouse_app.services.stock_service import StockService

LANTERN = "2748708148843"  # part 71053, one unit a scan


@pytest.fixture
def stock(masters_db: Database, station: Station) -> StockService:
    return StockService(masters_db, station)


def movement_count(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(StockMovement)) or 0


def test_an_adjustment_needs_a_reason_that_the_audit_trail_keeps(
    masters_db: Database, stock: StockService
) -> None:
    with pytest.raises(StockRefused, match="Give the reason for the adjustment"):
        stock.adjust("71053", -2, "  ")

    result = stock.adjust("71053", -2, "dropped, glass broken")

    with masters_db.reading() as session:
        movement = session.get(StockMovement, result.movements[0])
        assert movement is not None
    assert (movement.movement_type, movement.qty_change, movement.reason) == (
        "adjustment",
        -2,
        "dropped, glass broken",
    )
    assert stock_of(masters_db, "MAIN", "71053") == (95, 0)


def test_an_adjustment_that_would_make_stock_negative_is_refused_and_changes_nothing(
    masters_db: Database, stock: StockService
) -> None:
    before = movement_count(masters_db)

    with pytest.raises(StockRefused, match="only 1 on hand, so stock would go below"):
        stock.adjust("22423", -2, "damaged")

    assert stock_of(masters_db, "MAIN", "22423") == (1, 0)
    assert movement_count(masters_db) == before


def test_an_adjustment_below_what_is_allocated_is_refused_naming_the_orders(
    masters_db: Database, station: Station, stock: StockService
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order = order_of(masters_db, order_for(masters_db, station, [("71053", 4)]))

    with pytest.raises(StockRefused) as refusal:
        stock.adjust("71053", -2, "damaged")

    assert str(refusal.value) == (
        "You cannot adjust away 2 of part 71053 at MAIN: 4 of the 5 on hand are"
        f" allocated to {order.advice_note}, so only 1 are free. Pick or short-pick"
        " those orders first."
    )
    stock.adjust("71053", -1, "damaged")
    assert stock_of(masters_db, "MAIN", "71053") == (4, 4)


def test_an_adjustment_up_goes_to_the_waiting_backorder(
    masters_db: Database, station: Station, stock: StockService
) -> None:
    set_on_hand(masters_db, "MAIN", "22423", 0)
    order_id = order_for(masters_db, station, [("22423", 1)])

    result = stock.adjust("22423", 1, "found behind the shelf")

    assert order_of(masters_db, order_id).status == OrderStatus.READY_TO_PICK
    assert result.pick_documents == (order_of(masters_db, order_id).advice_note,)
    assert reconcile(masters_db) == []


def test_a_stock_check_records_the_difference_from_what_was_counted(
    masters_db: Database, stock: StockService
) -> None:
    result = stock.stock_check("71053", 90, "COUNT-7")

    with masters_db.reading() as session:
        movement = session.get(StockMovement, result.movements[0])
        assert movement is not None
    assert (movement.movement_type, movement.qty_change) == ("stock_check", -7)
    assert (movement.qty_before, movement.qty_after) == (97, 90)
    assert movement.document_ref == "COUNT-7"


def test_a_count_that_agrees_is_recorded_with_no_change(
    masters_db: Database, stock: StockService
) -> None:
    result = stock.stock_check("71053", 97)

    with masters_db.reading() as session:
        movement = session.get(StockMovement, result.movements[0])
        assert movement is not None
    assert (movement.qty_change, movement.qty_before, movement.qty_after) == (0, 97, 97)


def test_a_count_below_what_is_allocated_is_taken_and_names_the_orders(
    masters_db: Database, station: Station, stock: StockService
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order = order_of(masters_db, order_for(masters_db, station, [("71053", 4)]))

    result = stock.stock_check("71053", 2)

    assert stock_of(masters_db, "MAIN", "71053") == (2, 4)
    assert f"4 are allocated to {order.advice_note}, more than" in result.message
    assert reconcile(masters_db) == []


def test_a_movement_can_be_reversed_only_once(
    masters_db: Database, stock: StockService
) -> None:
    receipt = stock.receive_goods("71053", 5, document_ref="GRN-9")

    reversal = stock.reverse(receipt.movements[0], "delivery was for NORTH")
    with pytest.raises(StockRefused, match="already reversed by movement"):
        stock.reverse(receipt.movements[0], "again")

    with masters_db.reading() as session:
        movement = session.get(StockMovement, reversal.movements[0])
        assert movement is not None
    assert (movement.movement_type, movement.qty_change) == ("reversal", -5)
    assert movement.reverses_seq == receipt.movements[0]
    assert movement.document_ref == "GRN-9"
    assert stock_of(masters_db, "MAIN", "71053") == (97, 0)
    assert reconcile(masters_db) == []


def test_a_reversal_cannot_take_stock_that_orders_hold(
    masters_db: Database, station: Station, stock: StockService
) -> None:
    set_on_hand(masters_db, "MAIN", "22423", 0)
    receipt = stock.receive_goods("22423", 2)
    order_for(masters_db, station, [("22423", 2)])

    with pytest.raises(StockRefused, match="2 of the 2 on hand are allocated to AN"):
        stock.reverse(receipt.movements[0], "booked twice")


def test_a_pick_is_reversed_at_the_pick_screen_not_here(
    masters_db: Database, station: Station, stock: StockService
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 2)])
    PickingService(masters_db, station, "|").scan(order_id, LANTERN)
    with masters_db.reading() as session:
        issue = session.scalars(
            select(StockMovement.seq).where(
                StockMovement.movement_type == "issue_on_sale"
            )
        ).one()

    with pytest.raises(StockRefused, match="Undo the scan there"):
        stock.reverse(issue, "picked by mistake")
    with pytest.raises(NotFound, match="no movement 999999"):
        stock.reverse(999999, "typo")

    assert stock_of(masters_db, "MAIN", "71053") == (9, 1)
