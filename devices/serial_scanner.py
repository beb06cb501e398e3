"""A scanner on a serial port, a USB virtual COM port or a pyserial URL.

One daemon thread per scanner reads the port, cuts the bytes into frames and
hands each whole frame to a callback. When the port goes away (cable pulled,
scanner docked, Bluetooth out of range) it says so once and tries again every
second until the port is back.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import serial
from serial.tools import list_ports as serial_list_ports

from devices.framing import FrameSplitter
from devices.settings import ScannerSettings

log = logging.getLogger("warehouse.scan")

CONNECTED = "connected"
DISCONNECTED = "disconnected"
READ_TIMEOUT = 0.05


def list_ports() -> list[tuple[str, str]]:
    """The serial ports of this computer, as (device, description) pairs."""
    return sorted(
        (port.device, port.description) for port in serial_list_ports.comports()
    )


def find_port(vid: int, pid: int, serial_number: str | None = None) -> str | None:
    """The device name of the USB port with this identity, if plugged in."""
    for port in serial_list_ports.comports():
        if port.vid != vid or port.pid != pid:
            continue
        if serial_number is None or port.serial_number == serial_number:
            return str(port.device)
    return None


class SerialScanner:
    """Reads frames from one serial scanner on a thread of its own.

    `on_frame(text)` is called once per whole frame, terminator, prefix and
    suffix removed. `on_status(state, message)` is called with `"connected"`
    or `"disconnected"` and a sentence for the person at the station, only
    when the state changes. Both are called on the reader thread, never on
    the Qt GUI thread: a Qt caller must pass something thread-safe, such as
    the `emit` of a signal whose receivers live in the GUI thread.

    `url` wins over `settings.url`. When the settings carry a USB identity,
    the port name is looked up again before every attempt to open it.
    """

    def __init__(
        self,
        url: str,
        settings: ScannerSettings,
        on_frame: Callable[[str], None],
        on_status: Callable[[str, str], None],
        *,
        retry_interval: float = 1.0,
    ) -> None:
        self.url = url or settings.url
        self.settings = settings
        self.retry_interval = retry_interval
        self._on_frame = on_frame
        self._on_status = on_status
        self._splitter = FrameSplitter(
            settings.terminator,
            settings.prefix,
            settings.suffix,
            settings.partial_timeout,
        )
        self._state = ""
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._port: serial.SerialBase | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Open the port and start reading; does nothing if already reading."""
        if self.running:
            return
        self._stopping.clear()
        self._state = ""
        self._thread = threading.Thread(
            target=self._run, name=f"scanner {self.url}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop reading, close the port and wait for the thread to end."""
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is None:
            return
        thread.join(timeout)
        if thread.is_alive():
            log.warning(
                "scanner thread for %s did not stop within %.1f s", self.url, timeout
            )

    def write(self, data: bytes) -> None:
        """Send bytes to the scanner, such as a trigger or beep command.

        Raises `serial.SerialException` when the scanner is not connected.
        """
        port = self._port
        if port is None:
            raise serial.SerialException(
                f"The scanner on {self.url} is not connected; nothing was sent."
            )
        port.write(data)

    def _run(self) -> None:
        while not self._stopping.is_set():
            port = self._open()
            if port is None:
                self._stopping.wait(self.retry_interval)
                continue
            self._port = port
            try:
                self._read_until_stopped(port)
            except (serial.SerialException, OSError) as error:
                self._report(
                    DISCONNECTED,
                    f"The scanner on {port.name} stopped answering ({error})."
                    " Check its cable or dock; it reconnects by itself.",
                )
            finally:
                self._port = None
                self._drop_partial(
                    self._splitter.reset(), port.name, "was cut off by the port closing"
                )
                port.close()

    def _open(self) -> serial.SerialBase | None:
        target = self._target()
        if target is None:
            self._report(
                DISCONNECTED,
                f"The scanner with USB id {self.settings.usb_vid:04x}:"
                f"{self.settings.usb_pid:04x} is not plugged in. Plug it in;"
                " it connects by itself.",
            )
            return None
        try:
            port = serial.serial_for_url(
                target,
                baudrate=self.settings.baudrate,
                parity=self.settings.parity,
                timeout=READ_TIMEOUT,
            )
        except (serial.SerialException, OSError, ValueError) as error:
            self._report(
                DISCONNECTED,
                f"Could not open the scanner port {target} ({error}). Check"
                " that the scanner is plugged in and the port in the settings;"
                " it is tried again every second.",
            )
            return None
        self._report(CONNECTED, f"Scanner connected on {target}.")
        return port

    def _target(self) -> str | None:
        settings = self.settings
        if settings.usb_vid is None or settings.usb_pid is None:
            return self.url
        return find_port(settings.usb_vid, settings.usb_pid, settings.usb_serial)

    def _read_until_stopped(self, port: serial.SerialBase) -> None:
        while not self._stopping.is_set():
            data = port.read(max(1, port.in_waiting))
            now = time.monotonic()
            if data:
                for frame in self._splitter.feed(data, now):
                    self._deliver(frame, port.name)
            self._drop_partial(
                self._splitter.expire(now),
                port.name,
                f"came without an end of code within {self.settings.partial_timeout} s",
            )

    def _deliver(self, frame: str, port_name: str) -> None:
        log.debug("scan %r on %s", frame, port_name)
        try:
            self._on_frame(frame)
        except Exception:
            log.exception("handling scan %r from %s failed", frame, port_name)

    def _drop_partial(self, partial: str | None, port_name: str, why: str) -> None:
        if partial is not None:
            log.warning("partial scan dropped on %s: %r %s", port_name, partial, why)

    def _report(self, state: str, message: str) -> None:
        if state == self._state:
            log.debug("scanner still %s: %s", state, message)
            return
        self._state = state
        if state == CONNECTED:
            log.info("%s", message)
        else:
            log.warning("%s", message)
        try:
            self._on_status(state, message)
        except Exception:
            log.exception("reporting scanner state %r failed", state)
