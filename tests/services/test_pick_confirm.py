"""The rows a pick scan reads and writes, beside what the mapped order says."""

from __future__ import annotations

from sqlalchemy import select

from tests.services.helpers import order_for, order_of, set_on_hand
from warehouse_app.domain.lifecycle import LineStatus
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import OrderEvent, OrderLine
from warehouse_app.services.order_status import refresh
from warehouse_app.services.pick_confirm import (
    order_to_scan,
    record_pick,
    refresh_scanned,
)
from warehouse_app.services.picking import PickingService
from warehouse_app.services.station import Station

LANTERN = "2748708148843"  # part 71053, one unit a scan


def test_the_order_is_read_with_its_lines_in_order_and_their_bins(
    masters_db: Database, station: Station
) -> None:
    # Bins: 71053 A-2-4-B, 16010 D-23-11-D.
    set_on_hand(masters_db, "MAIN", "71053", 7)
    set_on_hand(masters_db, "MAIN", "16010", 20)
    order_id = order_for(masters_db, station, [("16010", 1), ("71053", 2)])

    with masters_db.unit_of_work() as uow:
        order = order_to_scan(uow.session, order_id)

    assert order is not None
    mapped = order_of(masters_db, order_id)
    assert (order.advice_note, order.status, order.progress) == (
        mapped.advice_note,
        mapped.status,
        mapped.progress,
    )
    assert [(line.line_no, line.part_number) for line in order.lines] == [
        (1, "16010"),
        (2, "71053"),
    ]
    bins = {
        row.part_number: (row.bin, row.on_hand, row.allocated) for row in order.bins
    }
    assert bins == {"16010": ("D-23-11-D", 20, 1), "71053": ("A-2-4-B", 7, 2)}


def test_an_order_that_is_gone_reads_as_none(masters_db: Database) -> None:
    with masters_db.unit_of_work() as uow:
        assert order_to_scan(uow.session, 999_999) is None


def test_a_scan_leaves_the_order_as_the_mapped_refresh_would(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 3)])
    picking = PickingService(masters_db, station)

    for _ in range(3):
        picking.scan(order_id, LANTERN)
        with masters_db.unit_of_work() as uow:
            mapped = order_of(masters_db, order_id)
            written = (mapped.status, mapped.line_count, mapped.value, mapped.progress)
            again = uow.session.get(type(mapped), order_id)
            assert again is not None
            refresh(again)
            assert (again.status, again.line_count, again.value, again.progress) == (
                written
            )


def test_an_order_event_is_noted_only_when_the_shop_sees_a_step(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 3)])
    picking = PickingService(masters_db, station)

    def events() -> list[str]:
        with masters_db.reading() as session:
            return list(
                session.scalars(
                    select(OrderEvent.status)
                    .where(OrderEvent.order_id == order_id)
                    .order_by(OrderEvent.seq)
                )
            )

    before = events()
    picking.scan(order_id, LANTERN)  # the line starts: a step
    after_first = events()
    picking.scan(order_id, LANTERN)  # one more unit: no step
    after_second = events()
    picking.scan(order_id, LANTERN)  # the line is picked: a step

    assert len(after_first) == len(before) + 1
    assert after_second == after_first
    assert len(events()) == len(after_first) + 1


def test_the_line_status_is_written_only_when_it_moved_on(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 3)])

    with masters_db.unit_of_work() as uow:
        order = order_to_scan(uow.session, order_id)
        assert order is not None
        line = order.lines[0]
        # A count written on its own leaves the status as it was read.
        line.qty_picked = 1
        line.status = "not written"
        record_pick(uow.session, station, line, "not written", 1, LANTERN, 0)
        row = uow.session.get(OrderLine, line.id)
        assert row is not None
        uow.session.refresh(row)
        assert (row.qty_picked, row.status) == (1, LineStatus.READY_TO_PICK)

        line.status = LineStatus.PICKING
        record_pick(uow.session, station, line, LineStatus.READY_TO_PICK, 1, "x", 0)
        uow.session.refresh(row)
        assert (row.qty_picked, row.status) == (1, LineStatus.PICKING)


def test_refresh_of_the_scanned_rows_keeps_status_when_nothing_moved(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 10)
    order_id = order_for(masters_db, station, [("71053", 3)])
    before = order_of(masters_db, order_id)

    with masters_db.unit_of_work() as uow:
        order = order_to_scan(uow.session, order_id)
        assert order is not None
        refresh_scanned(uow.session, order)
        uow.commit()

    after = order_of(masters_db, order_id)
    assert (after.status, after.line_count, after.value, after.progress) == (
        before.status,
        before.line_count,
        before.value,
        before.progress,
    )
    assert after.updated_at > before.updated_at


def test_an_order_without_lines_reads_with_none_to_pick(
    masters_db: Database, station: Station
) -> None:
    order_id = order_for(masters_db, station, [("71053", 1)])
    with masters_db.unit_of_work() as uow:
        for line in uow.session.scalars(
            select(OrderLine).where(OrderLine.order_id == order_id)
        ):
            uow.session.delete(line)
        uow.commit()

    with masters_db.unit_of_work() as uow:
        order = order_to_scan(uow.session, order_id)

    assert order is not None
    assert (order.lines, order.bins) == ([], [])
