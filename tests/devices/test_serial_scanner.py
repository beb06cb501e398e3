from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Callable, Iterator

import pytest
import serial
from serial.tools import list_ports as serial_list_ports
from serial.tools.list_ports_common import ListPortInfo

from devices.serial_scanner import (
    CONNECTED,
    DISCONNECTED,
    SerialScanner,
    find_port,
    list_ports,
)
from devices.settings import ScannerSettings

EAN = b"2748708148843"
FAST_RETRY = 0.2


class Station:
    """What the station hears from a scanner: codes and state changes."""

    def __init__(self) -> None:
        self.frames: list[str] = []
        self.states: list[str] = []
        self.messages: list[str] = []

    def on_frame(self, text: str) -> None:
        self.frames.append(text)

    def on_status(self, state: str, message: str) -> None:
        self.states.append(state)
        self.messages.append(message)


class SocketScanner:
    """A scanner server on 127.0.0.1 that can be unplugged and plugged back."""

    def __init__(self) -> None:
        self.port = 0
        self.listener: socket.socket | None = None
        self.client: socket.socket | None = None

    @property
    def url(self) -> str:
        return f"socket://127.0.0.1:{self.port}"

    def plug_in(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(1)
        listener.settimeout(5.0)
        self.port = listener.getsockname()[1]
        self.listener = listener

    def accept(self) -> None:
        assert self.listener is not None
        self.client, _ = self.listener.accept()

    def send(self, data: bytes) -> None:
        assert self.client is not None
        self.client.sendall(data)

    def unplug(self) -> None:
        for sock in (self.client, self.listener):
            if sock is not None:
                sock.close()
        self.client = self.listener = None


@pytest.fixture
def station() -> Station:
    return Station()


@pytest.fixture
def start_scanner(station: Station) -> Iterator[Callable[..., SerialScanner]]:
    scanners: list[SerialScanner] = []

    def start(url: str, **settings: object) -> SerialScanner:
        scanner = SerialScanner(
            url,
            ScannerSettings(**settings),  # type: ignore[arg-type]
            station.on_frame,
            station.on_status,
            retry_interval=FAST_RETRY,
        )
        scanners.append(scanner)
        scanner.start()
        return scanner

    yield start
    for scanner in scanners:
        scanner.stop()
        assert not scanner.running


@pytest.fixture
def pty() -> Iterator[tuple[int, str]]:
    """The scanner's end is the slave device name; the test writes the master."""
    master, slave = os.openpty()
    yield master, os.ttyname(slave)
    os.close(slave)
    with contextlib.suppress(OSError):  # the test may have unplugged it
        os.close(master)


@pytest.fixture
def socket_scanner() -> Iterator[SocketScanner]:
    fake = SocketScanner()
    fake.plug_in()
    yield fake
    fake.unplug()


@pytest.mark.parametrize(
    ("terminator", "ending"),
    [("CR", b"\r"), ("LF", b"\n"), ("CRLF", b"\r\n"), ("TAB", b"\t"), ("ANY", b"\r\n")],
)
def test_codes_with_each_terminator_arrive_once_over_a_serial_line(
    pty, station, start_scanner, wait_until, terminator: str, ending: bytes
) -> None:
    master, device = pty
    start_scanner(device, terminator=terminator)
    wait_until(lambda: station.states == [CONNECTED], what="the port to open")

    os.write(master, EAN + ending)
    os.write(master, b"85123A")
    os.write(master, ending + EAN + ending)

    wait_until(lambda: len(station.frames) >= 3, what="three scans")
    assert station.frames == [EAN.decode(), "85123A", EAN.decode()]


def test_a_code_that_never_ends_is_dropped_with_a_warning(
    pty, station, start_scanner, wait_until, caplog
) -> None:
    caplog.set_level(logging.WARNING, logger="warehouse.scan")
    master, device = pty
    start_scanner(device, partial_timeout=0.2)
    wait_until(lambda: station.states == [CONNECTED], what="the port to open")

    os.write(master, b"2748708148")

    wait_until(lambda: "partial scan dropped" in caplog.text, what="the warning")
    assert "2748708148" in caplog.text
    os.write(master, EAN + b"\r")
    wait_until(lambda: station.frames, what="the next whole scan")
    assert station.frames == [EAN.decode()]


def test_a_serial_line_that_goes_away_is_reported(
    pty, station, start_scanner, wait_until
) -> None:
    master, device = pty
    start_scanner(device)
    wait_until(lambda: station.states == [CONNECTED], what="the port to open")

    os.close(master)

    wait_until(lambda: station.states == [CONNECTED, DISCONNECTED], what="the loss")
    assert device in station.messages[-1]


def test_a_scanner_that_comes_back_is_read_again(
    socket_scanner, station, start_scanner, wait_until
) -> None:
    start_scanner(socket_scanner.url)
    socket_scanner.accept()
    wait_until(lambda: station.states == [CONNECTED], what="the connection")
    socket_scanner.send(EAN + b"\r\n")
    wait_until(lambda: station.frames == [EAN.decode()], what="the first scan")

    socket_scanner.unplug()
    wait_until(lambda: station.states[-1:] == [DISCONNECTED], what="the loss")
    socket_scanner.plug_in()
    socket_scanner.accept()
    wait_until(lambda: station.states[-1:] == [CONNECTED], what="the return")
    socket_scanner.send(b"851")
    socket_scanner.send(b"23A\r\n")

    wait_until(lambda: len(station.frames) == 2, what="the scan after the return")
    assert station.frames == [EAN.decode(), "85123A"]
    assert station.states == [CONNECTED, DISCONNECTED, CONNECTED]


def test_the_port_is_found_again_by_usb_identity(
    socket_scanner, station, start_scanner, wait_until, monkeypatch
) -> None:
    plugged: list[ListPortInfo] = []
    monkeypatch.setattr(serial_list_ports, "comports", lambda: list(plugged))
    start_scanner("/dev/ttyACM9", usb_vid=0x05E0, usb_pid=0x1200, usb_serial="S1")
    wait_until(lambda: station.states == [DISCONNECTED], what="not plugged in")
    assert "05e0:1200" in station.messages[0]

    plugged.append(usb_port(socket_scanner.url, 0x05E0, 0x1200, "S1"))
    socket_scanner.accept()
    wait_until(lambda: station.states[-1:] == [CONNECTED], what="the connection")
    socket_scanner.send(EAN + b"\r")

    wait_until(lambda: station.frames == [EAN.decode()], what="the scan")


def test_a_loopback_port_reads_what_is_written(
    station, start_scanner, wait_until
) -> None:
    scanner = start_scanner("loop://", terminator="CR")
    wait_until(lambda: station.states == [CONNECTED], what="the loop to open")

    scanner.write(b"]C1010950110153000317211231\r")

    wait_until(lambda: station.frames, what="the looped scan")
    assert station.frames == ["]C1010950110153000317211231"]


def test_writing_to_a_scanner_that_is_not_connected_is_refused() -> None:
    scanner = SerialScanner("loop://", ScannerSettings(), print, print)

    with pytest.raises(serial.SerialException, match="not connected"):
        scanner.write(b"beep")
    scanner.stop()


def test_a_failing_frame_handler_does_not_stop_the_reader(
    station, wait_until, caplog
) -> None:
    def fussy(text: str) -> None:
        if text == "BAD":
            raise RuntimeError("handler bug")
        station.on_frame(text)

    scanner = SerialScanner("loop://", ScannerSettings(), fussy, station.on_status)
    scanner.start()
    try:
        wait_until(lambda: station.states == [CONNECTED], what="the loop to open")
        scanner.write(b"BAD\rGOOD\r")
        wait_until(lambda: station.frames == ["GOOD"], what="the next scan")
    finally:
        scanner.stop()
    assert "handling scan 'BAD'" in caplog.text


def usb_port(device: str, vid: int, pid: int, serial_number: str) -> ListPortInfo:
    port = ListPortInfo(device, skip_link_detection=True)
    port.vid, port.pid, port.serial_number = vid, pid, serial_number
    port.description = "Barcode scanner"
    return port


def test_find_port_matches_vendor_product_and_serial_number(monkeypatch) -> None:
    ports = [
        usb_port("/dev/ttyACM0", 0x05E0, 0x1200, "S1"),
        usb_port("/dev/ttyACM1", 0x05E0, 0x1200, "S2"),
        usb_port("/dev/ttyUSB0", 0x0403, 0x6001, "S2"),
    ]
    monkeypatch.setattr(serial_list_ports, "comports", lambda: ports)

    assert find_port(0x05E0, 0x1200, "S2") == "/dev/ttyACM1"
    assert find_port(0x05E0, 0x1200) == "/dev/ttyACM0"
    assert find_port(0x05E0, 0x1200, "S3") is None
    assert list_ports()[0] == ("/dev/ttyACM0", "Barcode scanner")
