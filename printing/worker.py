"""The print worker: takes due jobs off the print queue and prints them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from sqlalchemy.orm import Session

from printing.pdf.pick_zones import render_pick_documents_by_zone
from printing.render import file_name, render
from printing.targets import PrinterUnavailable, PrintTarget
from warehouse_app.domain.documents import PickDocument
from warehouse_app.persistence.database import Database, UnitOfWork
from warehouse_app.persistence.tables import PrintJob
from warehouse_app.services import print_queue
from warehouse_app.services.errors import WarehouseError

log = logging.getLogger("warehouse.print")

LoadDocument = Callable[[Session, PrintJob], object]


class PrintWorker:
    """Prints the queue one job per transaction, so one bad job holds up no other.

    `targets` maps a document type ("pick_document", "parcel_label",
    "invoice") to the printer it goes to; each job is drawn in the form that
    printer takes (`PrintTarget.form`).
    """

    def __init__(
        self,
        database: Database,
        load_document: LoadDocument,
        targets: Mapping[str, PrintTarget],
        held_types: frozenset[str] = frozenset(),
        pick_by_zone: bool = False,
    ) -> None:
        self._database = database
        self._load_document = load_document
        self._targets = targets
        self.held_types = held_types
        self.pick_by_zone = pick_by_zone
        # What failed since the station last looked: shown to the person.
        self.failures: list[str] = []

    def run_once(self, limit: int = 20) -> int:
        """Try every due job once, oldest first; returns how many printed.

        A job that failed waits longer after each try (see print_queue), so a
        printer that stays offline holds up nothing else.
        """
        with self._database.unit_of_work() as uow:
            due = print_queue.due(uow.session, limit, held_types=self.held_types)
            job_ids = [job.id for job in due]
        return sum(self.print_job(job_id) for job_id in job_ids)

    def print_job(self, job_id: int) -> bool:
        """Print one job now, held or failed alike; True when it printed.

        A pick document no longer wanted (its order cancelled, or nothing
        left to pick) is withdrawn instead, with the reason on the job.
        """
        with self._database.unit_of_work() as uow:
            # The row stays locked while it prints (on PostgreSQL; SQLite locks
            # the whole database), so two stations never print the same job.
            job = uow.session.get(PrintJob, job_id, with_for_update=True)
            if job is None or job.status not in (
                print_queue.QUEUED,
                print_queue.FAILED,
            ):
                return False
            unwanted = print_queue.not_wanted(uow.session, job)
            if unwanted is not None:
                print_queue.mark_withdrawn(job, unwanted)
                uow.commit()
                return False
            try:
                where = self._send(uow.session, job)
            except Exception as error:  # kept on the job and logged, never lost
                uow.session.rollback()
                self._fail(uow, job_id, error)
                return False
            # If this commit fails the job stays due and prints twice; a spare
            # copy is better than a parcel without its label.
            print_queue.mark_printed(job, where)
            uow.commit()
            log.info(
                "printed job %d, %s %s, to %s",
                job.id,
                job.document_type,
                job.document_ref,
                where,
            )
            return True

    def _send(self, session: Session, job: PrintJob) -> str:
        target = self._targets.get(job.document_type)
        if target is None:
            raise PrinterUnavailable(
                f"No printer is set up for the {_words(job.document_type)}. "
                "Choose one in the printer settings; the job is kept and will print."
            )
        document = self._load_document(session, job)
        if self.pick_by_zone and isinstance(document, PickDocument):
            # One document per zone, each its own job at the printer, so each
            # zone's picker takes their own sheets.
            sent = [
                target.send(
                    file_name(
                        job.document_type, f"{job.document_ref}-{zone or 'NOZONE'}"
                    ),
                    pdf,
                )
                for zone, pdf in render_pick_documents_by_zone(document)
            ]
            return ", ".join(sent)
        # Drawn in the language the printer takes: PDF, or ZPL at its dpi.
        data = render(document, target.form)
        name = file_name(job.document_type, job.document_ref, target.form)
        return target.send(name, data)

    def _fail(self, uow: UnitOfWork, job_id: int, error: Exception) -> None:
        job = uow.session.get(PrintJob, job_id, with_for_update=True)
        if job is None:
            return
        what = f"{_words(job.document_type)} {job.document_ref}"
        if isinstance(error, WarehouseError):
            message = f"Could not print the {what}. {error}"
        else:
            message = (
                f"Could not print the {what}: {error}. The job is kept and will be "
                "tried again; if this keeps happening, send the log to support."
            )
        print_queue.mark_failed(job, message)
        self.failures.append(message)
        uow.commit()
        log.warning(
            "job %d, %s %s, failed (attempt %d): %s",
            job.id,
            job.document_type,
            job.document_ref,
            job.attempts,
            message,
            exc_info=not isinstance(error, WarehouseError),
        )


def _words(document_type: str) -> str:
    return document_type.replace("_", " ")
