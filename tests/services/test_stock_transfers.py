"""Stock moved between depots, onto a replacing part, and between bins."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.services.helpers import order_for, order_of, set_on_hand, stock_of
from warehouse_app.domain.lifecycle import OrderStatus
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Stock, StockMovement
from warehouse_app.services.reconcile import reconcile
from warehouse_app.services.station import Station
from warehouse_app.services.stock_moves import StockRefused
from warehouse_app.services.stock_service import StockService

NORTH = Station("TEST-2", "tester", "NORTH")


@pytest.fixture
def stock(masters_db: Database, station: Station) -> StockService:
    return StockService(masters_db, station)


def ledger(database: Database, seqs: tuple[int, ...]) -> list[tuple[object, ...]]:
    with database.reading() as session:
        rows = session.scalars(
            select(StockMovement)
            .where(StockMovement.seq.in_(seqs))
            .order_by(StockMovement.seq)
        )
        return [
            (m.depot, m.part_number, m.movement_type, m.qty_change, m.qty_before,
             m.qty_after, m.document_ref)
            for m in rows
        ]  # fmt: skip


def test_a_transfer_goes_out_of_one_depot_and_into_the_other_on_one_note(
    masters_db: Database, stock: StockService
) -> None:
    result = stock.transfer("71053", 5, "north", "TR-77")

    assert ledger(masters_db, result.movements) == [
        ("MAIN", "71053", "transfer_out", -5, 97, 92, "TR-77"),
        ("NORTH", "71053", "transfer_in", 5, 22, 27, "TR-77"),
    ]
    assert stock_of(masters_db, "MAIN", "71053") == (92, 0)
    assert stock_of(masters_db, "NORTH", "71053") == (27, 0)
    assert reconcile(masters_db) == []


def test_a_transfer_can_send_only_free_stock(
    masters_db: Database, station: Station, stock: StockService
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order_for(masters_db, station, [("71053", 4)])

    with pytest.raises(StockRefused, match="allocated to AN.* so only 1 are free"):
        stock.transfer("71053", 2, "NORTH", "TR-78")
    with pytest.raises(StockRefused, match="already at MAIN"):
        stock.transfer("71053", 1, "MAIN", "TR-79")
    with pytest.raises(StockRefused, match="Give the transfer note number"):
        stock.transfer("71053", 1, "NORTH", "")

    assert stock_of(masters_db, "NORTH", "71053") == (22, 0)


def test_transferred_stock_feeds_the_backorders_of_the_receiving_depot(
    masters_db: Database,
) -> None:
    set_on_hand(masters_db, "NORTH", "71053", 0)
    waiting = order_of(masters_db, order_for(masters_db, NORTH, [("71053", 3)]))
    assert waiting.status == OrderStatus.SHORT_OF_STOCK

    result = StockService(masters_db, Station("TEST-1", "tester")).transfer(
        "71053", 3, "NORTH", "TR-80"
    )

    assert result.pick_documents == (waiting.advice_note,)
    assert order_of(masters_db, waiting.id).status == OrderStatus.READY_TO_PICK
    assert reconcile(masters_db) == []


def test_a_transfer_to_a_depot_where_the_part_has_no_bin_needs_one(
    masters_db: Database, stock: StockService
) -> None:
    with pytest.raises(StockRefused, match="no bin at NORTH yet"):
        stock.transfer("22423", 1, "NORTH", "TR-81")

    stock.transfer("22423", 1, "NORTH", "TR-81", to_bin="N1-1")

    assert stock_of(masters_db, "NORTH", "22423") == (1, 0)


def test_a_bin_move_is_recorded_with_no_quantity_change(
    masters_db: Database, stock: StockService
) -> None:
    result = stock.move_bin("71053", "b-4-1-a")

    with masters_db.reading() as session:
        movement = session.get(StockMovement, result.movements[0])
        row = session.get(Stock, ("MAIN", "71053"))
        assert movement is not None and row is not None
    assert (movement.movement_type, movement.qty_change) == ("bin_move", 0)
    assert (movement.qty_before, movement.qty_after) == (97, 97)
    assert movement.reason == "bin A-2-4-B -> B-4-1-A"
    assert row.bin == "B-4-1-A"
    with pytest.raises(
        StockRefused, match="cannot be reversed here: it moved no stock"
    ):
        stock.reverse(result.movements[0], "wrong bin")


def test_a_superseded_part_hands_its_free_stock_to_the_part_replacing_it(
    masters_db: Database, station: Station, stock: StockService
) -> None:
    # Part 10002 is superseded by 10080; MAIN has 117 and 112 of them.
    order_for(masters_db, station, [("10002", 7)])

    result = stock.supersede("10002", "SUP-1")

    assert ledger(masters_db, result.movements) == [
        ("MAIN", "10002", "supersession", -110, 117, 7, "SUP-1"),
        ("MAIN", "10080", "supersession", 110, 112, 222, "SUP-1"),
    ]
    assert "7 stay under 10002 for its orders" in result.message
    assert stock_of(masters_db, "MAIN", "10002") == (7, 7)
    with pytest.raises(StockRefused, match="10080 is not superseded"):
        stock.supersede("10080")
    with pytest.raises(StockRefused, match="no free stock at MAIN"):
        stock.supersede("10002")
    assert reconcile(masters_db) == []


def test_backorders_for_a_superseded_part_move_to_the_part_replacing_it(
    masters_db: Database, station: Station, stock: StockService
) -> None:
    # Part 10002 is superseded by 10080. None of 10002 is left at MAIN.
    set_on_hand(masters_db, "MAIN", "10002", 0)
    set_on_hand(masters_db, "MAIN", "10080", 3)
    first = order_of(masters_db, order_for(masters_db, station, [("10002", 2)]))
    second = order_of(masters_db, order_for(masters_db, station, [("10002", 2)]))

    result = stock.supersede("10002", "SUP-2")

    assert result.movements == ()
    assert (
        f"Backorders for 10002 now wait for 10080: {first.advice_note},"
        f" {second.advice_note}." in result.message
    )
    # 3 of 10080 are free: the older order gets 2, the newer part-ships 1.
    assert result.allocated_to == (first.advice_note, second.advice_note)
    lines = {
        order.advice_note: [
            (ln.part_number, ln.status, ln.quantity) for ln in order.lines
        ]
        for order in (order_of(masters_db, first.id), order_of(masters_db, second.id))
    }
    assert lines[first.advice_note] == [("10080", "ready_to_pick", 2)]
    assert sorted(lines[second.advice_note]) == [
        ("10080", "awaiting_stock", 1),
        ("10080", "ready_to_pick", 1),
    ]
    assert stock_of(masters_db, "MAIN", "10080") == (3, 3)
    assert reconcile(masters_db) == []
