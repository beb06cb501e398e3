"""The floor: pick by scan, short picks, packing into parcels, the invoice."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.services.helpers import order_for, order_of, set_on_hand, stock_of
from warehouse_app.domain.lifecycle import LineStatus, OrderStatus
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import InvoiceRecord, PrintJob, StockMovement
from warehouse_app.services.errors import ScanNotAccepted, WarehouseError
from warehouse_app.services.packing import PackingService
from warehouse_app.services.picking import PickingService
from warehouse_app.services.station import Station

LANTERN = "2748708148843"  # part 71053, one unit a scan
SCISSOR_PACK = "2479949159359"  # part 16010, a pack of six


@pytest.fixture
def picking(masters_db: Database, station: Station) -> PickingService:
    return PickingService(masters_db, station, "|")


@pytest.fixture
def packing(masters_db: Database, station: Station) -> PackingService:
    return PackingService(masters_db, station)


def test_pick_lines_come_in_floor_walking_order(
    masters_db: Database, station: Station, picking: PickingService
) -> None:
    # Bins: 71053 A-2-4-B, 16010 D-23-11-D, 22423 C-17-9-A, 85123A C-3-1-C.
    for part in ("71053", "16010", "22423", "85123A"):
        set_on_hand(masters_db, "MAIN", part, 20)
    order_id = order_for(
        masters_db, station, [("16010", 1), ("22423", 1), ("85123A", 1), ("71053", 1)]
    )

    bins = [task.bin for task in picking.view(order_id).tasks]

    assert bins == ["A-2-4-B", "C-3-1-C", "C-17-9-A", "D-23-11-D"]


def test_each_scan_confirms_one_unit_and_issues_it_from_stock(
    masters_db: Database, station: Station, picking: PickingService
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 2)])

    first = picking.scan(order_id, LANTERN)
    second = picking.scan(order_id, f"]E0{LANTERN}")

    assert first.view.status == OrderStatus.PICKING
    assert second.view.complete and second.view.status == OrderStatus.PICKED
    assert stock_of(masters_db, "MAIN", "71053") == (8, 0)
    with masters_db.reading() as session:
        issues = session.scalars(
            select(StockMovement).where(StockMovement.movement_type == "issue_on_sale")
        ).all()
    assert [(m.qty_change, m.qty_before, m.qty_after) for m in issues] == [
        (-1, 10, 9),
        (-1, 9, 8),
    ]


def test_a_wrong_part_is_refused_and_changes_nothing(
    masters_db: Database, station: Station, picking: PickingService
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 2)])
    before = picking.view(order_id)

    with pytest.raises(ScanNotAccepted, match="Wrong part: 16010 is not on this order"):
        picking.scan(order_id, "2359644115471")
    with pytest.raises(ScanNotAccepted, match="check digit does not match"):
        picking.scan(order_id, "2748708148844")

    assert picking.view(order_id) == before
    assert stock_of(masters_db, "MAIN", "71053") == (10, 2)


def test_a_pack_barcode_counts_its_pack_quantity_but_never_over_picks(
    masters_db: Database, station: Station, picking: PickingService
) -> None:
    set_on_hand(masters_db, "MAIN", "16010", 50)
    order_id = order_for(masters_db, station, [("16010", 10)])

    outcome = picking.scan(order_id, SCISSOR_PACK)
    assert outcome.quantity == 6

    with pytest.raises(ScanNotAccepted, match="only 4 are still to pick"):
        picking.scan(order_id, SCISSOR_PACK)
    assert picking.view(order_id).tasks[0].picked == 6


def test_short_pick_leaves_the_rest_on_backorder(
    masters_db: Database, station: Station, picking: PickingService
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 3)])
    picking.scan(order_id, LANTERN)
    line_id = picking.view(order_id).tasks[0].line_id

    outcome = picking.short_pick(order_id, line_id)

    assert outcome.view.complete
    lines = sorted(
        (ln.quantity, ln.qty_picked, ln.status)
        for ln in order_of(masters_db, order_id).lines
    )
    assert lines == [(1, 1, LineStatus.PICKED), (2, 0, LineStatus.AWAITING_STOCK)]
    # The two not found are no longer promised: on hand 10 - 1 picked - 2 missing.
    assert stock_of(masters_db, "MAIN", "71053") == (7, 0)
    with masters_db.reading() as session:
        check = session.scalars(
            select(StockMovement).where(
                StockMovement.movement_type == "stock_check",
                StockMovement.document_ref.like("AN%"),
            )
        ).one()
    assert check.qty_change == -2 and "not found in bin A-2-4-B" in check.reason


def test_undo_last_scan_puts_the_unit_back_through_the_ledger(
    masters_db: Database, station: Station, picking: PickingService
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 2)])
    picking.scan(order_id, LANTERN)

    outcome = picking.undo_last_scan(order_id)

    assert outcome.view.tasks[0].picked == 0
    assert outcome.view.status == OrderStatus.READY_TO_PICK
    assert stock_of(masters_db, "MAIN", "71053") == (10, 2)
    with masters_db.reading() as session:
        reversal = session.scalars(
            select(StockMovement).where(StockMovement.movement_type == "reversal")
        ).one()
    assert reversal.reverses_seq is not None and reversal.qty_change == 1


def test_undo_on_a_line_still_being_picked_returns_one_unit(
    masters_db: Database, station: Station, picking: PickingService
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 6)])
    for _ in range(3):
        picking.scan(order_id, LANTERN)

    outcome = picking.undo_last_scan(order_id)

    assert outcome.view.tasks[0].picked == 2
    assert outcome.view.status == OrderStatus.PICKING


def test_a_scan_that_is_already_packed_cannot_be_undone(
    masters_db: Database,
    station: Station,
    picking: PickingService,
    packing: PackingService,
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 1)])
    picking.scan(order_id, LANTERN)
    packing.pack_everything(order_id)

    with pytest.raises(WarehouseError, match="already packed"):
        picking.undo_last_scan(order_id)


def test_packing_into_two_parcels_prints_labels_and_then_the_invoice(
    masters_db: Database,
    station: Station,
    picking: PickingService,
    packing: PackingService,
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 2), ("POST", 1)], price="5.00")
    picking.scan(order_id, LANTERN)
    picking.scan(order_id, LANTERN)

    packing.pack_scan(order_id, LANTERN)
    with pytest.raises(WarehouseError, match="not a plausible parcel weight"):
        packing.close_parcel(order_id, "2748708148843")
    first = packing.close_parcel(order_id, "1.5")
    assert first.invoice_number is None
    packing.pack_scan(order_id, LANTERN)
    done = packing.close_parcel(order_id, "1,25")

    assert done.invoice_number == "INV000001"
    assert order_of(masters_db, order_id).status == OrderStatus.INVOICED
    with masters_db.reading() as session:
        invoice = session.get(InvoiceRecord, "INV000001")
        jobs = session.scalars(
            select(
                PrintJob.document_type,
            ).where(PrintJob.document_type != "pick_document")
        ).all()
    assert invoice is not None
    assert str(invoice.total) == "18.00"  # (2 x 5.00 + 5.00 postage) + 20 % VAT
    assert jobs == ["parcel_label", "parcel_label", "packing_list", "invoice"]


@pytest.mark.parametrize("keyed", ["", "   "])
def test_closing_a_parcel_without_a_weight_says_the_weight_is_empty(
    masters_db: Database,
    station: Station,
    picking: PickingService,
    packing: PackingService,
    keyed: str,
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 1)])
    picking.scan(order_id, LANTERN)
    packing.pack_scan(order_id, LANTERN)

    with pytest.raises(WarehouseError) as refused:
        packing.close_parcel(order_id, keyed)

    assert str(refused.value).startswith("The weight is empty. Weigh the parcel")
    assert "in kg (for example 2.5)" in str(refused.value)


def test_invoice_numbers_follow_on_without_gaps(
    masters_db: Database, station: Station
) -> None:
    for _ in range(3):
        order_for(masters_db, station, [("POST", 1)])
    with masters_db.reading() as session:
        numbers = session.scalars(
            select(InvoiceRecord.number).order_by(InvoiceRecord.number)
        ).all()
        assert session.scalar(select(func.count(InvoiceRecord.number))) == 3
    assert numbers == ["INV000001", "INV000002", "INV000003"]


def test_the_view_after_each_scan_is_the_order_as_read_afresh(
    masters_db: Database, station: Station, picking: PickingService
) -> None:
    for part in ("71053", "16010", "22423"):
        set_on_hand(masters_db, "MAIN", part, 20)
    order_id = order_for(
        masters_db, station, [("71053", 2), ("16010", 6), ("22423", 1)]
    )

    for code in (LANTERN, SCISSOR_PACK, LANTERN, "22423"):
        outcome = picking.scan(order_id, code)
        assert outcome.view == picking.view(order_id)

    assert outcome.view.complete
