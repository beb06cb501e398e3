"""The print queue as the tests see it: queue jobs, read them back, skip the wait."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from warehouse_app.domain.documents import DocumentType
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import PrintJob
from warehouse_app.services import print_queue


def queue(database: Database, *jobs: tuple[DocumentType, str]) -> None:
    with database.unit_of_work() as uow:
        for document_type, ref in jobs:
            print_queue.enqueue(uow.session, document_type, ref)
        uow.commit()


@dataclass(frozen=True)
class JobRow:
    id: int
    status: str
    attempts: int
    last_error: str
    output_path: str


def jobs_by_ref(database: Database) -> dict[str, JobRow]:
    with database.reading() as session:
        return {
            job.document_ref: JobRow(
                job.id, job.status, job.attempts, job.last_error, job.output_path
            )
            for job in session.scalars(select(PrintJob))
        }


def wait_out_the_pause_before_the_next_try(database: Database) -> None:
    """Set every job's next try into the past, as if the pause had gone by."""
    with database.unit_of_work() as uow:
        for job in uow.session.scalars(select(PrintJob)):
            job.next_attempt_at = datetime(2000, 1, 1)
        uow.commit()
