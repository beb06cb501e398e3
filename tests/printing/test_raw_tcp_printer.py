from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.orm import Session

from printing.forms import zpl
from printing.render import render
from printing.targets import PrinterUnavailable
from printing.targets_raw import RawTcpPrinter
from printing.worker import PrintWorker
from tests.printing.conftest import make_parcel_label
from tests.printing.fake_zebra import FakeZebra, free_port, host_status
from tests.printing.print_jobs import (
    jobs_by_ref,
    queue,
    wait_out_the_pause_before_the_next_try,
)
from warehouse_app.domain.documents import DocumentType
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import PrintJob

LABEL = (DocumentType.PARCEL_LABEL, "AN000123-2")
KEPT = "the job is kept and will print."


@pytest.fixture
def zebra() -> Iterator[FakeZebra]:
    printer = FakeZebra(free_port())
    yield printer
    printer.down()


def label_printer(
    zebra: FakeZebra, timeout: float = 5.0, check_status: bool = True
) -> RawTcpPrinter:
    return RawTcpPrinter(
        "LBL-1", "127.0.0.1", zebra.port, timeout=timeout, check_status=check_status
    )


def test_a_label_printer_that_was_off_gets_the_label_exactly_once_when_back(
    database: Database,
    documents: Callable[[Session, PrintJob], object],
    zebra: FakeZebra,
) -> None:
    worker = PrintWorker(database, documents, {"parcel_label": label_printer(zebra)})
    queue(database, LABEL)

    # Switched off: nothing listens on its port.
    assert worker.run_once() == 0
    job = jobs_by_ref(database)["AN000123-2"]
    assert (job.status, job.attempts) == ("failed", 1)
    assert job.last_error == (
        "Could not print the parcel label AN000123-2. Label printer LBL-1 does not "
        f"answer at 127.0.0.1:{zebra.port} (connection refused). Check that it is "
        f"switched on and on the network; {KEPT}"
    )
    wait_out_the_pause_before_the_next_try(database)
    assert worker.run_once() == 0
    assert jobs_by_ref(database)["AN000123-2"].attempts == 2

    # Switched on, but the job waits out its pause before the next try.
    zebra.up()
    assert worker.run_once() == 0
    wait_out_the_pause_before_the_next_try(database)
    assert worker.run_once() == 1
    wait_out_the_pause_before_the_next_try(database)
    assert worker.run_once() == 0

    zebra.wait_for_connections(1)
    assert zebra.jobs == [render(make_parcel_label(), zpl(203))]
    assert (zebra.connections, zebra.status_requests) == (1, 1)
    job = jobs_by_ref(database)["AN000123-2"]
    assert (job.status, job.attempts, job.last_error) == ("printed", 3, "")
    assert job.output_path == f"127.0.0.1:{zebra.port}"


def test_a_printer_out_of_labels_gets_no_job_until_it_is_reloaded(
    database: Database,
    documents: Callable[[Session, PrintJob], object],
    zebra: FakeZebra,
) -> None:
    zebra.status = host_status(paper_out=True)
    zebra.up()
    printer = label_printer(zebra)
    worker = PrintWorker(database, documents, {"parcel_label": printer})
    queue(database, LABEL)

    assert worker.run_once() == 0

    zebra.wait_for_connections(1)
    assert zebra.jobs == []
    assert jobs_by_ref(database)["AN000123-2"].last_error == (
        "Could not print the parcel label AN000123-2. Label printer LBL-1 at "
        f"127.0.0.1:{zebra.port} is out of labels. Load a new roll of labels; {KEPT}"
    )

    zebra.status = host_status()
    wait_out_the_pause_before_the_next_try(database)
    assert worker.run_once() == 1
    zebra.wait_for_connections(2)
    assert len(zebra.jobs) == 1


def test_an_open_head_on_a_paused_printer_says_both_and_what_to_do_first(
    zebra: FakeZebra,
) -> None:
    zebra.status = host_status(paused=True, head_open=True)
    zebra.up()

    with pytest.raises(PrinterUnavailable) as raised:
        label_printer(zebra).send("parcel_label-AN1-1.zpl", b"^XA^XZ")

    assert str(raised.value) == (
        f"Label printer LBL-1 at 127.0.0.1:{zebra.port} has its print head open and "
        "is paused. Close the head, then press PAUSE on the printer to go on; "
        f"{KEPT}"
    )


def test_a_printer_that_does_not_answer_the_status_request_is_not_sent_the_job(
    zebra: FakeZebra,
) -> None:
    zebra.answers_status = False
    zebra.up()

    with pytest.raises(PrinterUnavailable, match="did not answer the status request"):
        label_printer(zebra, timeout=0.3).send("parcel_label-AN1-1.zpl", b"^XA^XZ")

    zebra.wait_for_connections(1)
    assert zebra.jobs == []


def test_without_the_status_check_the_job_goes_straight_out(zebra: FakeZebra) -> None:
    zebra.answers_status = False
    zebra.up()

    where = label_printer(zebra, check_status=False).send("x.zpl", b"^XA^XZ\n")

    zebra.wait_for_connections(1)
    assert where == f"127.0.0.1:{zebra.port}"
    assert (zebra.jobs, zebra.status_requests) == ([b"^XA^XZ\n"], 0)


def test_a_zpl_printer_is_sent_zpl_for_its_own_head() -> None:
    assert label_printer(FakeZebra(9100), check_status=True).form == zpl(203)
    assert RawTcpPrinter("LBL-2", "10.0.0.5", dpi=300).form == zpl(300)
