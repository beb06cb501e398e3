"""A cancel meets a pick document being printed on another PC (PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from tests.services.helpers import order_for, set_on_hand
from warehouse_app.domain.documents import DocumentType
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import PrintJob, WebOrder
from warehouse_app.services import print_queue
from warehouse_app.services.demo import load_masters
from warehouse_app.services.station import Station

pytestmark = pytest.mark.postgres
STATION = Station("PG-W", "tester", "MAIN")


def test_a_pick_document_being_printed_is_left_printed_not_withdrawn(
    pg_database: Database,
) -> None:
    load_masters(pg_database, STATION)
    set_on_hand(pg_database, "MAIN", "71053", 10)
    order_id = order_for(pg_database, STATION, [("71053", 1)])
    with pg_database.reading() as session:
        job_id = session.scalars(
            select(PrintJob.id).where(
                PrintJob.order_id == order_id,
                PrintJob.document_type == DocumentType.PICK_DOCUMENT.value,
            )
        ).one()

    # A print worker holds the job while it prints, as printing/worker.py does.
    worker = pg_database.unit_of_work()
    worker.__enter__()
    job = worker.session.get(PrintJob, job_id, with_for_update=True)
    assert job is not None
    with pg_database.unit_of_work() as cancel:
        # Waiting on the worker's row would be the bug: fail, do not hang.
        cancel.session.execute(text("SET LOCAL lock_timeout = '2s'"))
        order = cancel.session.get(WebOrder, order_id)
        assert order is not None
        withdrawn = print_queue.withdraw_pick_documents(cancel.session, order, "x")
        cancel.commit()
    print_queue.mark_printed(job, "/printed/there")
    worker.commit()
    worker.__exit__(None, None, None)

    assert withdrawn == 0
    with pg_database.reading() as session:
        assert session.get(PrintJob, job_id).status == print_queue.PRINTED  # type: ignore[union-attr]
