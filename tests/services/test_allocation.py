"""Orders become advice notes with stock set aside from free stock, oldest first."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from tests.services.helpers import order_for, order_of, set_on_hand, stock_of
from warehouse_app.domain.lifecycle import LineStatus, OrderStatus
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import InvoiceRecord, PrintJob
from warehouse_app.services.orders import allocate_waiting
from warehouse_app.services.station import Station


def test_an_order_in_stock_is_allocated_and_its_pick_document_queued(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)

    order_id = order_for(masters_db, station, [("71053", 4)])

    order = order_of(masters_db, order_id)
    assert order.advice_note.startswith("AN")
    assert order.status == OrderStatus.READY_TO_PICK
    assert stock_of(masters_db, "MAIN", "71053") == (10, 4)
    with masters_db.reading() as session:
        jobs = session.scalars(select(PrintJob.document_ref)).all()
    assert jobs == [order.advice_note]


def test_short_stock_part_ships_what_is_there_and_backorders_the_rest(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 3)

    order = order_of(masters_db, order_for(masters_db, station, [("71053", 5)]))

    lines = sorted((line.quantity, line.status) for line in order.lines)
    assert lines == [(2, LineStatus.AWAITING_STOCK), (3, LineStatus.READY_TO_PICK)]
    assert stock_of(masters_db, "MAIN", "71053") == (3, 3)


def test_an_order_that_ships_complete_waits_for_all_its_stock(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 3)
    set_on_hand(masters_db, "MAIN", "22423", 0)

    order_id = order_for(
        masters_db, station, [("71053", 2), ("22423", 1)], part_ship=False
    )

    order = order_of(masters_db, order_id)
    assert order.status == OrderStatus.ALLOCATED
    with masters_db.reading() as session:
        assert session.scalars(select(PrintJob)).all() == []


def test_arriving_stock_goes_to_the_oldest_waiting_order_first(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "22423", 0)
    first = order_for(masters_db, station, [("22423", 2)])
    second = order_for(masters_db, station, [("22423", 2)])
    assert order_of(masters_db, first).status == OrderStatus.SHORT_OF_STOCK

    set_on_hand(masters_db, "MAIN", "22423", 3)
    with masters_db.unit_of_work() as uow:
        allocate_waiting(uow.session, "MAIN", "22423")
        uow.commit()

    assert order_of(masters_db, first).status == OrderStatus.READY_TO_PICK
    later = order_of(masters_db, second)
    assert sorted((ln.quantity, ln.status) for ln in later.lines) == [
        (1, LineStatus.AWAITING_STOCK),
        (1, LineStatus.READY_TO_PICK),
    ]
    assert stock_of(masters_db, "MAIN", "22423") == (3, 3)


def test_an_order_of_charge_codes_only_goes_straight_to_its_invoice(
    masters_db: Database, station: Station
) -> None:
    order_id = order_for(masters_db, station, [("POST", 1), ("C2", 1)], price="18.00")

    order = order_of(masters_db, order_id)
    assert order.status == OrderStatus.INVOICED
    with masters_db.reading() as session:
        invoice = session.scalars(select(InvoiceRecord)).one()
        kinds = session.scalars(select(PrintJob.document_type)).all()
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (
        Decimal("36.00"),
        Decimal("7.20"),
        Decimal("43.20"),
    )
    assert kinds == ["invoice"]
