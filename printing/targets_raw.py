"""A ZPL label printer on the network, fed raw on TCP port 9100."""

from __future__ import annotations

import logging
import socket

from printing.forms import Form, zpl
from printing.targets import PrinterUnavailable
from printing.zebra_status import ASK, KEPT, check_ready, read_reply

log = logging.getLogger("warehouse.print")


class RawTcpPrinter:
    """Sends each job on its own connection, whole, then closes it.

    With `check_status` the printer is asked `~HS` first, on the same
    connection, and a printer that is out of labels, paused, or has its head
    open gets no job: the job stays queued until it is ready. Printers that
    speak ZPL but do not answer `~HS` need `check_status=False`.
    """

    def __init__(
        self,
        name: str,
        host: str,
        port: int = 9100,
        timeout: float = 5.0,
        dpi: int = 203,
        check_status: bool = True,
    ) -> None:
        self.name = name
        self.host = host
        self.port = port
        self.timeout = timeout
        self.form: Form = zpl(dpi)
        self.check_status = check_status

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def send(self, file_name: str, data: bytes) -> str:
        """Send `data` (a ZPL job); returns "host:port". Raises PrinterUnavailable."""
        try:
            with socket.create_connection(
                (self.host, self.port), timeout=self.timeout
            ) as connection:
                if self.check_status:
                    self._check_ready(connection)
                connection.sendall(data)
                connection.shutdown(socket.SHUT_WR)
        except OSError as error:  # refused, unreachable, timed out, reset
            raise PrinterUnavailable(
                f"Label printer {self.name} does not answer at {self.address} "
                f"({_reason(error)}). Check that it is switched on and on the "
                f"network; {KEPT}."
            ) from error
        log.debug("sent %s, %d bytes, to %s", file_name, len(data), self.address)
        return self.address

    def _check_ready(self, connection: socket.socket) -> None:
        connection.sendall(ASK)

        def receive() -> bytes:
            try:
                chunk = connection.recv(1024)
            except TimeoutError:
                return b""
            if not chunk:
                raise ConnectionResetError("it closed the connection")
            return chunk

        check_ready(self.name, f"at {self.address}", read_reply(receive, self.timeout))


def _reason(error: OSError) -> str:
    if isinstance(error, TimeoutError):
        return "no answer in time"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    return (error.strerror or str(error)).lower()
