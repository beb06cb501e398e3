"""A pick document nobody needs any more is withdrawn, not printed.

An order cancelled, or picked to the last piece, before its pick document
came off the queue would send a picker to the shelves for nothing.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from printing.worker import PrintWorker
from tests.printing.test_print_worker import FakePrinter
from tests.services.helpers import order_for, order_of, set_on_hand
from warehouse_app.domain.documents import DocumentType
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import PrintJob
from warehouse_app.services import print_queue
from warehouse_app.services.cancelling import cancel
from warehouse_app.services.documents import load_document
from warehouse_app.services.picking import PickingService
from warehouse_app.services.station import Station
from warehouse_app.settings import DealerSettings

LANTERN = "2748708148843"  # part 71053, one unit a scan


def worker_for(database: Database, printer: FakePrinter) -> PrintWorker:
    return PrintWorker(
        database,
        lambda session, job: load_document(session, job, DealerSettings()),
        {DocumentType.PICK_DOCUMENT.value: printer},
    )


def pick_jobs(database: Database, order_id: int) -> list[PrintJob]:
    with database.reading() as session:
        return list(
            session.scalars(
                select(PrintJob)
                .where(PrintJob.order_id == order_id)
                .order_by(PrintJob.id)
            )
        )


def queue_again(database: Database, order_id: int) -> None:
    """Reprint the order's pick document, as the queue screen's button does."""
    first = pick_jobs(database, order_id)[0]
    with database.unit_of_work() as uow:
        print_queue.reprint(uow.session, first.id)
        uow.commit()


def test_a_pick_document_of_a_cancelled_order_is_withdrawn_not_printed(
    masters_db: Database, station: Station, caplog: pytest.LogCaptureFixture
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    cancelled = order_for(masters_db, station, [("71053", 1)])
    live = order_for(masters_db, station, [("71053", 1)])
    with masters_db.unit_of_work() as uow:
        cancel(uow.session, cancelled)
        uow.commit()
    queue_again(masters_db, cancelled)
    printer = FakePrinter("PICK-1")

    with caplog.at_level(logging.INFO, logger="warehouse.print"):
        printed = worker_for(masters_db, printer).run_once()

    assert printed == 1
    advice_note = order_of(masters_db, live).advice_note
    assert [name for name, _ in printer.received] == [
        f"pick_document-{advice_note}.pdf"
    ]
    job = pick_jobs(masters_db, cancelled)[-1]
    assert job.status == "withdrawn"
    assert "was cancelled after its pick document was queued" in job.last_error
    assert any(
        "withdrew job" in record.getMessage() and record.levelname == "INFO"
        for record in caplog.records
    )


def test_a_pick_document_of_an_order_picked_to_the_last_piece_is_withdrawn(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order_id = order_for(masters_db, station, [("71053", 1)])
    PickingService(masters_db, station, "|").scan(order_id, LANTERN)
    printer = FakePrinter("PICK-1")

    assert worker_for(masters_db, printer).run_once() == 0

    assert printer.received == []
    [job] = pick_jobs(masters_db, order_id)
    assert job.status == "withdrawn"
    assert "nothing is left to pick" in job.last_error


def test_a_withdrawn_job_is_not_due_again(
    masters_db: Database, station: Station
) -> None:
    set_on_hand(masters_db, "MAIN", "71053", 5)
    order_id = order_for(masters_db, station, [("71053", 1)])
    PickingService(masters_db, station, "|").scan(order_id, LANTERN)
    worker = worker_for(masters_db, FakePrinter("PICK-1"))
    worker.run_once()

    with masters_db.reading() as session:
        assert print_queue.due(session) == []
