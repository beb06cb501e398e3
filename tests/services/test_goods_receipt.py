"""Goods in: deliveries and customer returns into bins, and on to backorders."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.services.helpers import order_for, order_of, set_on_hand, stock_of
from warehouse_app.domain.lifecycle import LineStatus, OrderStatus
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import PrintJob, Stock, StockMovement
from warehouse_app.services.errors import NotFound
from warehouse_app.services.reconcile import reconcile
from warehouse_app.services.station import Station
from warehouse_app.services.stock_moves import StockRefused
from warehouse_app.services.stock_service import StockService


@pytest.fixture
def stock(masters_db: Database, station: Station) -> StockService:
    return StockService(masters_db, station)


def movements_of(database: Database, part: str) -> list[StockMovement]:
    with database.reading() as session:
        return list(
            session.scalars(
                select(StockMovement)
                .where(StockMovement.part_number == part)
                .order_by(StockMovement.seq.desc())
            )
        )


def test_receipt_of_5_units_shows_in_the_audit_trail_with_before_and_after(
    masters_db: Database, stock: StockService
) -> None:
    result = stock.receive_goods("71053", 5, document_ref="GRN-1001")

    newest = movements_of(masters_db, "71053")[0]
    assert (newest.movement_type, newest.qty_change) == ("goods_receipt", 5)
    assert (newest.qty_before, newest.qty_after) == (97, 102)
    assert (newest.depot, newest.bin, newest.document_ref) == (
        "MAIN",
        "A-2-4-B",
        "GRN-1001",
    )
    assert (newest.user, newest.station) == ("tester", "TEST-1")
    assert result.movements == (newest.seq,)
    assert (
        result.message == "Received 5 x 71053 into A-2-4-B at MAIN: on hand 97 -> 102."
    )
    assert stock_of(masters_db, "MAIN", "71053") == (102, 0)
    assert reconcile(masters_db) == []


def test_received_stock_goes_to_the_oldest_backorder_and_prints_its_pick_document(
    masters_db: Database, station: Station, stock: StockService
) -> None:
    set_on_hand(masters_db, "MAIN", "22423", 0)
    oldest = order_of(masters_db, order_for(masters_db, station, [("22423", 2)]))
    newer = order_of(masters_db, order_for(masters_db, station, [("22423", 2)]))

    result = stock.receive_goods("22423", 2)

    assert result.allocated_to == (oldest.advice_note,)
    assert result.pick_documents == (oldest.advice_note,)
    assert f"Pick document queued for {oldest.advice_note}." in result.message
    assert order_of(masters_db, oldest.id).status == OrderStatus.READY_TO_PICK
    assert order_of(masters_db, newer.id).status == OrderStatus.SHORT_OF_STOCK
    with masters_db.reading() as session:
        jobs = session.scalars(select(PrintJob.document_ref)).all()
    assert jobs == [oldest.advice_note]
    assert stock_of(masters_db, "MAIN", "22423") == (2, 2)
    assert reconcile(masters_db) == []


def test_a_part_received_short_of_the_backorder_part_ships_what_came(
    masters_db: Database, station: Station, stock: StockService
) -> None:
    set_on_hand(masters_db, "MAIN", "22423", 0)
    order_id = order_for(masters_db, station, [("22423", 3)])

    stock.receive_goods("22423", 1)

    lines = sorted(
        (ln.quantity, ln.status) for ln in order_of(masters_db, order_id).lines
    )
    assert lines == [(1, LineStatus.READY_TO_PICK), (2, LineStatus.AWAITING_STOCK)]
    assert reconcile(masters_db) == []


def test_a_part_with_no_bin_at_the_depot_asks_for_one_and_keeps_it(
    masters_db: Database,
) -> None:
    north = StockService(masters_db, Station("TEST-2", "tester", "NORTH"))
    assert north.suggested_bin("22423") is None

    with pytest.raises(StockRefused, match="22423 has no bin at NORTH yet. Choose"):
        north.receive_goods("22423", 4)
    north.receive_goods("22423", 4, bin_code=" n9-9 ")

    assert north.suggested_bin("22423") == "N9-9"
    assert stock_of(masters_db, "NORTH", "22423") == (4, 0)
    assert movements_of(masters_db, "22423")[0].bin == "N9-9"


def test_stock_goes_only_into_one_of_the_parts_own_bins(
    masters_db: Database, stock: StockService
) -> None:
    assert stock.suggested_bin("71053") == "A-2-4-B"

    with pytest.raises(StockRefused, match="lives in A-2-4-B at MAIN, not Z-1-1-A"):
        stock.receive_goods("71053", 5, bin_code="Z-1-1-A")

    assert stock_of(masters_db, "MAIN", "71053") == (97, 0)


def test_a_part_is_received_by_its_scanned_barcode(
    masters_db: Database, stock: StockService
) -> None:
    stock.receive_goods("2748708148843", 3)

    assert stock_of(masters_db, "MAIN", "71053") == (100, 0)


def test_charge_codes_and_unknown_parts_cannot_be_received(
    stock: StockService,
) -> None:
    with pytest.raises(StockRefused, match="POST .* is a charge code"):
        stock.receive_goods("POST", 1)
    with pytest.raises(NotFound, match="NOPE is neither a part number nor a barcode"):
        stock.receive_goods("NOPE", 1)
    with pytest.raises(StockRefused, match="whole number, 1 or more"):
        stock.receive_goods("71053", 0)


def test_a_customer_return_names_its_invoice_and_goes_to_the_backorder(
    masters_db: Database, station: Station, stock: StockService
) -> None:
    set_on_hand(masters_db, "MAIN", "22423", 0)
    waiting = order_of(masters_db, order_for(masters_db, station, [("22423", 1)]))

    with pytest.raises(StockRefused, match="Give the invoice the goods were sold on"):
        stock.customer_return("22423", 1, "")
    result = stock.customer_return("22423", 1, "INV000123", "wrong colour")

    newest = movements_of(masters_db, "22423")[0]
    assert (newest.movement_type, newest.document_ref, newest.reason) == (
        "customer_return",
        "INV000123",
        "wrong colour",
    )
    assert result.allocated_to == (waiting.advice_note,)
    with masters_db.reading() as session:
        assert session.get(Stock, ("MAIN", "22423")) is not None
    assert reconcile(masters_db) == []
