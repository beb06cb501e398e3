"""A ZPL label printer on a serial line: a COM port, a USB adapter, or any
URL pyserial opens (`/dev/ttyUSB0`, `COM3`, `rfc2217://host:port`)."""

from __future__ import annotations

import logging

import serial

from printing.forms import Form, zpl
from printing.targets import PrinterUnavailable
from printing.zebra_status import ASK, KEPT, check_ready, read_reply

log = logging.getLogger("warehouse.print")


class SerialPrinter:
    """Opens the port for each job, sends it whole and closes the port again,
    so a printer unplugged between jobs is found out at the next one.

    With `check_status` the printer is asked `~HS` first (see RawTcpPrinter).
    """

    def __init__(
        self,
        name: str,
        url: str,
        baudrate: int = 9600,
        timeout: float = 5.0,
        dpi: int = 203,
        check_status: bool = True,
    ) -> None:
        self.name = name
        self.url = url
        self.baudrate = baudrate
        self.timeout = timeout
        self.form: Form = zpl(dpi)
        self.check_status = check_status

    def send(self, file_name: str, data: bytes) -> str:
        """Write `data` (a ZPL job) to the port; returns its URL."""
        try:
            with serial.serial_for_url(
                self.url,
                baudrate=self.baudrate,
                timeout=min(self.timeout, 0.5),
                write_timeout=self.timeout,
            ) as port:
                if self.check_status:
                    port.write(ASK)
                    reply = read_reply(
                        lambda: port.read(max(1, port.in_waiting)), self.timeout
                    )
                    check_ready(self.name, f"on {self.url}", reply)
                port.write(data)
                port.flush()
        except (serial.SerialException, OSError, ValueError) as error:
            raise PrinterUnavailable(
                f"Label printer {self.name} does not answer on {self.url} "
                f"({_reason(error)}). Check the cable, that the printer is "
                f"switched on and that the port and speed ({self.baudrate} baud) "
                f"in the printer settings are its own; {KEPT}."
            ) from error
        log.debug("sent %s, %d bytes, to %s", file_name, len(data), self.url)
        return self.url


def _reason(error: Exception) -> str:
    if isinstance(error, serial.SerialTimeoutException):
        return "it took nothing in time"
    return str(error).lower() or type(error).__name__
