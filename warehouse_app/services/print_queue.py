"""The print queue: every document to print is a row, kept until it printed."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from warehouse_app.domain.documents import DocumentType
from warehouse_app.persistence.tables import PrintJob
from warehouse_app.services.ledger import now

log = logging.getLogger("warehouse.print")

QUEUED = "queued"
PRINTED = "printed"
FAILED = "failed"


def enqueue(
    session: Session,
    document_type: DocumentType,
    document_ref: str,
    order_id: int | None = None,
    parcel_id: int | None = None,
) -> PrintJob:
    """Queue a document in the caller's transaction: it prints only if that commits."""
    job = PrintJob(
        created_at=now(),
        document_type=document_type.value,
        document_ref=document_ref,
        order_id=order_id,
        parcel_id=parcel_id,
        status=QUEUED,
        attempts=0,
        last_error="",
        output_path="",
    )
    session.add(job)
    log.info("queued %s %s", document_type.value, document_ref)
    return job


RETRY_AFTER_SECONDS = (5, 15, 30, 60, 120, 300)


def due(
    session: Session, limit: int = 20, at: datetime | None = None
) -> list[PrintJob]:
    """Queued jobs, and failed ones whose pause before the next try is over."""
    moment = at or now()
    ready = (PrintJob.status == QUEUED) | (
        (PrintJob.status == FAILED) & (PrintJob.next_attempt_at <= moment)
    )
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
