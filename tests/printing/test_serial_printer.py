from __future__ import annotations

import os
import select
import threading
from collections.abc import Iterator

import pytest

from printing.targets import PrinterUnavailable
from printing.targets_serial import SerialPrinter
from printing.zebra_status import ASK
from tests.printing.fake_zebra import host_status

LABEL = "^XA^CI28^FO20,20^A0N,30,30^FH_^FDMen's Café £ _5E _7E^FS^XZ\n".encode()


class SerialZebra:
    """The printer's end of a pseudo-terminal: answers ~HS, keeps the rest."""

    def __init__(self, master: int, status: bytes) -> None:
        self.master = master
        self.status = status
        self.received = b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen)
        self._thread.start()

    def stop(self) -> bytes:
        self._stop.set()
        self._thread.join()
        return self.received

    def _listen(self) -> None:
        # Told to stop, it still reads what is waiting on the line.
        while True:
            readable, _, _ = select.select([self.master], [], [], 0.05)
            if not readable:
                if self._stop.is_set():
                    return
                continue
            self.received += os.read(self.master, 4096)
            if self.received.startswith(ASK):
                self.received = self.received[len(ASK) :]
                os.write(self.master, self.status)


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, str]]:
    master, slave = os.openpty()
    yield master, os.ttyname(slave)
    os.close(master)
    os.close(slave)


def read_until(master: int, end: bytes, timeout: float = 5.0) -> bytes:
    received = b""
    while not received.endswith(end):
        readable, _, _ = select.select([master], [], [], timeout)
        assert readable, f"only {received!r} arrived"
        received += os.read(master, 4096)
    return received


def test_a_label_goes_down_the_serial_line_byte_for_byte(
    pty_pair: tuple[int, str],
) -> None:
    master, path = pty_pair
    printer = SerialPrinter("LBL-2", path, 9600, check_status=False)

    where = printer.send("part_label-PART-001.zpl", LABEL)

    assert where == path
    assert read_until(master, b"^XZ\n") == LABEL


def test_a_ready_printer_is_asked_first_then_sent_the_label(
    pty_pair: tuple[int, str],
) -> None:
    master, path = pty_pair
    zebra = SerialZebra(master, host_status())
    try:
        SerialPrinter("LBL-2", path, 9600).send("part_label-PART-001.zpl", LABEL)
    finally:
        received = zebra.stop()

    assert received == LABEL


def test_a_serial_printer_out_of_labels_gets_no_job(pty_pair: tuple[int, str]) -> None:
    master, path = pty_pair
    zebra = SerialZebra(master, host_status(paper_out=True))
    try:
        with pytest.raises(PrinterUnavailable) as raised:
            SerialPrinter("LBL-2", path).send("part_label-PART-001.zpl", LABEL)
    finally:
        received = zebra.stop()

    assert received == b""
    assert str(raised.value) == (
        f"Label printer LBL-2 on {path} is out of labels. Load a new roll of "
        "labels; the job is kept and will print."
    )


def test_a_port_that_is_not_there_says_what_to_check() -> None:
    printer = SerialPrinter("LBL-2", "/dev/ttyNOSUCH7", 19200)

    with pytest.raises(PrinterUnavailable) as raised:
        printer.send("part_label-PART-001.zpl", LABEL)

    message = str(raised.value)
    assert message.startswith(
        "Label printer LBL-2 does not answer on /dev/ttyNOSUCH7 ("
    )
    assert message.endswith(
        "). Check the cable, that the printer is switched on and that the port "
        "and speed (19200 baud) in the printer settings are its own; the job is "
        "kept and will print."
    )


def test_a_pyserial_url_is_a_port_too() -> None:
    # loop:// hands back what is written to it: an echo, not a status reply.
    echo = "loop://"

    assert SerialPrinter("LBL-3", echo, check_status=False).send("x.zpl", LABEL) == (
        echo
    )
    with pytest.raises(PrinterUnavailable, match="did not answer the status request"):
        SerialPrinter("LBL-3", echo, timeout=0.3).send("x.zpl", LABEL)
