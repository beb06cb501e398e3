from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from printing.pdf.pick_document import render_pick_document
from printing.targets import PrinterUnavailable
from printing.targets_cups import CupsPrinter, list_cups_printers
from tests.printing.conftest import make_pick_document
from tests.printing.cups_server import CupsServer

KEPT = "the job is kept and will print."


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_a_two_page_pick_document_comes_out_of_cups_as_two_pages(
    cups_server: CupsServer,
) -> None:
    pdf = render_pick_document(make_pick_document(20))
    assert page_count(pdf) == 2
    printer = CupsPrinter("PICK-1", cups_server.queue, cups_server.socket)

    where = printer.send("pick_document-AN000123.pdf", pdf)

    assert where.startswith(f"cups:{cups_server.queue}-")
    printed = cups_server.wait_for_pdf(where.removeprefix("cups:"))
    assert page_count(printed.read_bytes()) == 2


def test_the_settings_screen_can_list_the_cups_printers(
    cups_server: CupsServer,
) -> None:
    assert list_cups_printers(cups_server.socket) == [(cups_server.queue, "idle")]


def test_a_queue_cups_does_not_have_is_named_in_the_message(
    cups_server: CupsServer,
) -> None:
    printer = CupsPrinter("PICK-1", "NOSUCH", cups_server.socket)

    with pytest.raises(PrinterUnavailable) as raised:
        printer.send("pick_document-AN000123.pdf", b"%PDF-1.4\n")

    assert str(raised.value) == (
        "Printer PICK-1: there is no CUPS printer called NOSUCH. Choose one of the "
        f"system's printers in the printer settings; {KEPT}"
    )


def test_cups_not_running_says_to_start_it(tmp_path: Path) -> None:
    socket = str(tmp_path / "no-cupsd-here.sock")
    printer = CupsPrinter("PICK-1", "PDF", socket)

    with pytest.raises(PrinterUnavailable) as raised:
        printer.send("pick_document-AN000123.pdf", b"%PDF-1.4\n")

    assert str(raised.value) in (
        f"Printer PICK-1: the CUPS print service does not answer at {socket}. "
        f"Start it (on Linux: systemctl start cups); {KEPT}",
        # A station without CUPS at all:
        "Printer PICK-1: CUPS is not installed on this station (there is no lp "
        "command). Install CUPS (Debian: cups-client), or choose another printer; "
        f"{KEPT}",
    )
    assert list_cups_printers(socket) == []


def test_a_station_without_cups_lists_no_printers_and_says_so_on_printing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    assert list_cups_printers() == []
    with pytest.raises(PrinterUnavailable, match="CUPS is not installed on this"):
        CupsPrinter("PICK-1", "PDF").send("invoice-INV1.pdf", b"%PDF-1.4\n")
