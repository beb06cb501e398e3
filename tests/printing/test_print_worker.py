from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from printing.forms import PDF, zpl
from printing.targets import FolderPrinter, PrinterUnavailable
from printing.worker import PrintWorker
from tests.printing.print_jobs import (
    jobs_by_ref,
    queue,
    wait_out_the_pause_before_the_next_try,
)
from warehouse_app.domain.documents import DocumentType
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import PrintJob
from warehouse_app.services import print_queue


class FakePrinter:
    """A printer that keeps what it was sent, or is switched off."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.form = PDF
        self.switched_on = True
        self.received: list[tuple[str, bytes]] = []

    def send(self, file_name: str, data: bytes) -> str:
        if not self.switched_on:
            raise PrinterUnavailable(
                f"Printer {self.name} is switched off. Switch it on; the job is kept "
                "and will print."
            )
        self.received.append((file_name, data))
        return f"{self.name}:{file_name}"


def test_due_jobs_print_to_the_printer_for_their_type(
    database: Database, documents: Callable[[Session, PrintJob], object]
) -> None:
    pick, label = FakePrinter("PICK-1"), FakePrinter("LABEL-1")
    worker = PrintWorker(
        database,
        documents,
        {"pick_document": pick, "parcel_label": label, "invoice": pick},
    )
    queue(
        database,
        (DocumentType.PICK_DOCUMENT, "AN000123"),
        (DocumentType.PARCEL_LABEL, "AN000123-2"),
        (DocumentType.INVOICE, "INV000045"),
    )

    printed = worker.run_once()

    assert printed == 3
    # Labels and invoices go before pick documents: the packer is waiting.
    assert [name for name, _ in pick.received] == [
        "invoice-INV000045.pdf",
        "pick_document-AN000123.pdf",
    ]
    assert [name for name, _ in label.received] == ["parcel_label-AN000123-2.pdf"]
    assert all(pdf.startswith(b"%PDF") for _, pdf in pick.received + label.received)
    jobs = jobs_by_ref(database)
    assert {job.status for job in jobs.values()} == {"printed"}
    assert jobs["AN000123-2"].output_path == "LABEL-1:parcel_label-AN000123-2.pdf"
    assert worker.run_once() == 0


def test_a_job_that_cannot_be_drawn_holds_up_no_other(
    database: Database,
    documents: Callable[[Session, PrintJob], object],
    caplog: pytest.LogCaptureFixture,
) -> None:
    printer = FakePrinter("PICK-1")
    worker = PrintWorker(database, documents, {"pick_document": printer})
    queue(
        database,
        (DocumentType.PICK_DOCUMENT, "AN999999"),
        (DocumentType.PICK_DOCUMENT, "AN000123"),
    )

    with caplog.at_level(logging.INFO, logger="warehouse.print"):
        printed = worker.run_once()

    assert printed == 1
    jobs = jobs_by_ref(database)
    assert jobs["AN000123"].status == "printed"
    broken = jobs["AN999999"]
    assert (broken.status, broken.attempts) == ("failed", 1)
    assert broken.last_error.startswith(
        "Could not print the pick document AN999999: no document AN999999."
    )
    assert "send the log to support" in broken.last_error
    levels = [(record.levelname, record.getMessage()) for record in caplog.records]
    assert any(level == "WARNING" and "AN999999" in text for level, text in levels)
    assert any(
        level == "INFO" and "AN000123" in text and "PICK-1" in text
        for level, text in levels
    )


def test_a_job_waits_for_its_printer_and_prints_once_it_is_back(
    database: Database,
    documents: Callable[[Session, PrintJob], object],
    tmp_path: Path,
) -> None:
    folder = tmp_path / "labels"
    worker = PrintWorker(
        database, documents, {"parcel_label": FolderPrinter("LABEL-1", folder)}
    )
    queue(database, (DocumentType.PARCEL_LABEL, "AN000123-2"))

    assert worker.run_once() == 0
    job = jobs_by_ref(database)["AN000123-2"]
    assert job.status == "failed"
    assert job.last_error == (
        "Could not print the parcel label AN000123-2. Printer LABEL-1: cannot write "
        f"to folder {folder}: the folder does not exist. Create it, or reconnect the "
        "drive it is on; the job is kept and will print."
    )
    with database.reading() as session:
        assert session.get(PrintJob, job.id) in print_queue.due(
            session, at=datetime.now() + timedelta(hours=1)
        )

    folder.mkdir()
    wait_out_the_pause_before_the_next_try(database)
    assert worker.run_once() == 1

    job = jobs_by_ref(database)["AN000123-2"]
    assert (job.status, job.attempts, job.last_error) == ("printed", 2, "")
    assert Path(job.output_path).read_bytes().startswith(b"%PDF")


def test_a_document_type_without_a_printer_is_kept_with_a_message(
    database: Database, documents: Callable[[Session, PrintJob], object]
) -> None:
    worker = PrintWorker(database, documents, {})
    queue(database, (DocumentType.INVOICE, "INV000045"))

    assert worker.run_once() == 0

    job = jobs_by_ref(database)["INV000045"]
    assert job.status == "failed"
    assert "No printer is set up for the invoice." in job.last_error


def test_a_label_printer_gets_zpl_and_a_pick_document_sent_there_waits(
    database: Database, documents: Callable[[Session, PrintJob], object]
) -> None:
    label = FakePrinter("LBL-1")
    label.form = zpl(300)
    worker = PrintWorker(
        database, documents, {"parcel_label": label, "pick_document": label}
    )
    queue(
        database,
        (DocumentType.PARCEL_LABEL, "AN000123-2"),
        (DocumentType.PICK_DOCUMENT, "AN000123"),
    )

    assert worker.run_once() == 1

    [(name, data)] = label.received
    assert name == "parcel_label-AN000123-2.zpl"
    assert data.startswith(b"^XA\n^CI28\n^PW1200\n")
    pick = jobs_by_ref(database)["AN000123"]
    assert pick.status == "failed"
    assert pick.last_error.startswith(
        "Could not print the pick document AN000123. A pick document is a page of "
        "A4 and cannot go to a ZPL label printer."
    )
