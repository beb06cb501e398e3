"""The print queue: every document to print is a row, kept until it printed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from warehouse_app.domain.documents import DocumentType
from warehouse_app.domain.lifecycle import PICKABLE, LineStatus
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import PrintJob, WebOrder
from warehouse_app.services.errors import NotFound
from warehouse_app.services.ledger import now

log = logging.getLogger("warehouse.print")

QUEUED = "queued"
PRINTED = "printed"
FAILED = "failed"
# Taken off the queue unprinted: the paper would send a picker for nothing.
WITHDRAWN = "withdrawn"


def enqueue(
    session: Session,
    document_type: DocumentType,
    document_ref: str,
    order_id: int | None = None,
    parcel_id: int | None = None,
) -> PrintJob:
    """Queue a document in the caller's transaction: it prints only if that commits."""
    job = PrintJob(**queued_row(document_type, document_ref, order_id, parcel_id))
    session.add(job)
    return job


def queued_row(
    document_type: DocumentType,
    document_ref: str,
    order_id: int | None = None,
    parcel_id: int | None = None,
) -> dict[str, Any]:
    """A print job as queued, as a row; written by the caller's transaction."""
    log.info("queued %s %s", document_type.value, document_ref)
    return {
        "created_at": now(),
        "document_type": document_type.value,
        "document_ref": document_ref,
        "order_id": order_id,
        "parcel_id": parcel_id,
        "status": QUEUED,
        "attempts": 0,
        "last_error": "",
        "output_path": "",
    }


RETRY_AFTER_SECONDS = (5, 15, 30, 60, 120, 300)


def due(
    session: Session,
    limit: int = 20,
    at: datetime | None = None,
    held_types: frozenset[str] = frozenset(),
) -> list[PrintJob]:
    """Queued jobs, and failed ones whose pause before the next try is over.

    Jobs of `held_types` (set to "ask first" at this station) are left for a
    person to print from the queue screen.
    """
    moment = at or now()
    ready = (PrintJob.status == QUEUED) | (
        (PrintJob.status == FAILED) & (PrintJob.next_attempt_at <= moment)
    )
    if held_types:
        ready = ready & PrintJob.document_type.not_in(sorted(held_types))
    # The packer waits at the bench for labels and invoices; a backlog of
    # pick documents (say after a big import) must not hold them up.
    urgency = case(
        (PrintJob.document_type == DocumentType.PARCEL_LABEL.value, 0),
        (PrintJob.document_type == DocumentType.INVOICE.value, 1),
        else_=2,
    )
    query = select(PrintJob).where(ready).order_by(urgency, PrintJob.id).limit(limit)
    return list(session.scalars(query))


def mark_printed(job: PrintJob, output_path: str, at: datetime | None = None) -> None:
    job.status = PRINTED
    job.attempts += 1
    job.output_path = output_path
    job.printed_at = at or now()
    job.last_error = ""


def mark_failed(job: PrintJob, error: str, at: datetime | None = None) -> None:
    """Keep the job, with its error, and wait longer after each failed try."""
    job.status = FAILED
    job.attempts += 1
    job.last_error = error
    pause = RETRY_AFTER_SECONDS[min(job.attempts, len(RETRY_AFTER_SECONDS)) - 1]
    job.next_attempt_at = (at or now()) + timedelta(seconds=pause)


def mark_withdrawn(job: PrintJob, reason: str) -> None:
    """Take the job off the queue unprinted; the reason shows on the queue screen."""
    job.status = WITHDRAWN
    job.last_error = reason
    job.next_attempt_at = None
    log.info(
        "withdrew job %s, %s %s: %s",
        job.id,
        job.document_type,
        job.document_ref,
        reason,
    )


def not_wanted(session: Session, job: PrintJob) -> str | None:
    """Why the job's document is no longer wanted on the floor, or None.

    A pick document of an order that was cancelled, or that has nothing
    left to pick, would send a picker to the shelves for nothing.
    """
    if job.document_type != DocumentType.PICK_DOCUMENT.value or job.order_id is None:
        return None
    order = session.get(WebOrder, job.order_id)
    if order is None:
        return None
    statuses = {LineStatus(line.status) for line in order.lines}
    if statuses <= {LineStatus.CANCELLED}:
        return (
            f"Not printed: order {order.shop_order_no} (advice note"
            f" {order.advice_note}) was cancelled after its pick document was"
            " queued. Nothing to pick; nothing to do."
        )
    if not statuses & PICKABLE:
        return (
            f"Not printed: nothing is left to pick on advice note"
            f" {order.advice_note} (order {order.shop_order_no} is"
            f" {order.status}). To see it on paper, preview this job."
        )
    return None


def withdraw_pick_documents(session: Session, order: WebOrder, reason: str) -> int:
    """Withdraw the order's pick documents still waiting to print, in the
    caller's transaction; how many there were."""
    query = select(PrintJob).where(
        PrintJob.order_id == order.id,
        PrintJob.document_type == DocumentType.PICK_DOCUMENT.value,
        PrintJob.status.in_((QUEUED, FAILED)),
    )
    if session.get_bind().dialect.name != "sqlite":
        # A job a print worker holds is being printed right now: leave it to
        # the worker, which marks it printed (or failed, and then withdraws
        # it before the next try, the order being cancelled by then).
        query = query.with_for_update(skip_locked=True)
    waiting = session.scalars(query).all()
    for job in waiting:
        mark_withdrawn(job, reason)
    return len(waiting)


def recent(session: Session, limit: int = 200) -> list[PrintJob]:
    """The newest jobs first, for the print queue screen."""
    return list(
        session.scalars(select(PrintJob).order_by(PrintJob.id.desc()).limit(limit))
    )


def reprint(session: Session, job_id: int) -> PrintJob:
    """A new job for the same document; the old one stays as it was."""
    old = session.get(PrintJob, job_id)
    if old is None:
        raise NotFound(f"Print job {job_id} does not exist. Refresh the queue.")
    return enqueue(
        session,
        DocumentType(old.document_type),
        old.document_ref,
        old.order_id,
        old.parcel_id,
    )


@dataclass(frozen=True)
class JobRow:
    job_id: int
    document_type: str
    document_ref: str
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    printed_at: datetime | None
    output_path: str


class PrintQueue:
    """What the print queue screen asks: the jobs, a reprint, a document to preview."""

    def __init__(self, database: Database, load: Callable[[Session, PrintJob], object]):
        self.database = database
        self._load = load

    def jobs(self, search: str = "", limit: int = 200) -> list[JobRow]:
        with self.database.reading() as session:
            query = select(PrintJob).order_by(PrintJob.id.desc()).limit(limit)
            key = search.strip().upper()
            if key:
                order_ids = select(WebOrder.id).where(
                    (WebOrder.advice_note == key) | (WebOrder.shop_order_no == key)
                )
                query = query.where(
                    PrintJob.document_ref.like(f"{key}%")
                    | PrintJob.order_id.in_(order_ids)
                )
            return [
                JobRow(
                    j.id,
                    j.document_type,
                    j.document_ref,
                    j.status,
                    j.attempts,
                    j.last_error,
                    j.created_at,
                    j.printed_at,
                    j.output_path,
                )
                for j in session.scalars(query)
            ]

    def reprint(self, job_id: int) -> int:
        with self.database.unit_of_work() as uow:
            job = reprint(uow.session, job_id)
            uow.commit()
            log.info("reprint of job %d queued as job %d", job_id, job.id)
            return job.id

    def document(self, job_id: int) -> object:
        """The document of a job as it would print now, for the preview."""
        with self.database.reading() as session:
            job = session.get(PrintJob, job_id)
            if job is None:
                raise NotFound(f"Print job {job_id} does not exist. Refresh the queue.")
            return self._load(session, job)
