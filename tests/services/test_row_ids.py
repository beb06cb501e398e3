"""New rows of one flush are numbered before it on SQLite and go in one batch."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import event, insert, select

from warehouse_app.domain.documents import DocumentType
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import PrintJob
from warehouse_app.services.print_queue import enqueue


@contextmanager
def inserts_into(database: Database, table: str) -> Iterator[list[int]]:
    """How many rows each INSERT statement into `table` carried."""
    sent: list[int] = []

    def count(
        _conn: Any, _cursor: Any, statement: str, params: Any, *rest: Any
    ) -> None:
        if statement.startswith(f"INSERT INTO {table} "):
            sent.append(len(params) if rest[-1] else 1)

    event.listen(database.write_engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(database.write_engine, "before_cursor_execute", count)


def job_ids(database: Database) -> list[tuple[int, str]]:
    with database.reading() as session:
        rows = session.execute(
            select(PrintJob.id, PrintJob.document_ref).order_by(PrintJob.id)
        )
        return [(job_id, ref) for job_id, ref in rows]


def test_rows_of_one_flush_are_numbered_in_the_order_added_and_sent_together(
    masters_db: Database,
) -> None:
    with inserts_into(masters_db, "print_job") as sent:
        with masters_db.unit_of_work() as uow:
            enqueue(uow.session, DocumentType.PICK_DOCUMENT, "AN-1")
            uow.commit()
        with masters_db.unit_of_work() as uow:
            for ref in ("AN-2", "AN-3", "AN-4"):
                enqueue(uow.session, DocumentType.PICK_DOCUMENT, ref)
            uow.commit()

    # One row alone is left to SQLite; three go as one executemany.
    assert sent == [1, 3]
    ids = job_ids(masters_db)
    first = ids[0][0]
    assert ids == [(first + n, f"AN-{n + 1}") for n in range(4)]


def test_a_row_written_outside_the_orm_between_flushes_is_not_numbered_again(
    masters_db: Database,
) -> None:
    with masters_db.unit_of_work() as uow:
        session = uow.session
        enqueue(session, DocumentType.PICK_DOCUMENT, "AN-1")
        enqueue(session, DocumentType.PICK_DOCUMENT, "AN-2")
        session.flush()
        session.execute(
            insert(PrintJob),
            [
                {
                    "created_at": datetime.now(),
                    "document_type": DocumentType.PICK_DOCUMENT.value,
                    "document_ref": "AN-3",
                    "status": "queued",
                    "attempts": 0,
                    "last_error": "",
                    "output_path": "",
                }
            ],
        )
        enqueue(session, DocumentType.PICK_DOCUMENT, "AN-4")
        enqueue(session, DocumentType.PICK_DOCUMENT, "AN-5")
        uow.commit()

    refs = [ref for _id, ref in job_ids(masters_db)]
    assert refs == ["AN-1", "AN-2", "AN-3", "AN-4", "AN-5"]
