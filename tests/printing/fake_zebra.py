"""A label printer on 127.0.0.1 for the raw port 9100 tests.

It keeps every job it is sent, answers `~HS` with the status it is given
(or stays silent), and can be down (nothing listening) and come up again on
the same port, as a printer that was switched off does.
"""

from __future__ import annotations

import socket
import threading

from printing.zebra_status import ASK


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def host_status(
    paper_out: bool = False,
    paused: bool = False,
    head_open: bool = False,
    ribbon_out: bool = False,
) -> bytes:
    """A `~HS` reply as a Zebra printer frames it: three STX...ETX CR LF lines."""
    first = f"030,{paper_out:d},{paused:d},1218,000,0,0,0,000,0,0,0"
    second = f"000,0,{head_open:d},{ribbon_out:d},0,2,6,0,00000000,1,000"
    return b"".join(
        b"\x02" + line.encode() + b"\x03\r\n" for line in (first, second, "1234,0")
    )


class FakeZebra:
    def __init__(self, port: int, status: bytes | None = None) -> None:
        self.port = port
        self.status = host_status() if status is None else status
        self.answers_status = True
        self.jobs: list[bytes] = []
        self.status_requests = 0
        self.connections = 0
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        listener.settimeout(0.05)
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, args=(listener,))
        self._thread.start()

    def down(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def wait_for_connections(self, count: int, timeout: float = 5.0) -> None:
        """Wait until `count` connections came and were closed, or fail."""
        with self._changed:
            if not self._changed.wait_for(lambda: self.connections >= count, timeout):
                raise AssertionError(
                    f"the printer saw {self.connections} of {count} connections"
                )

    def _serve(self, listener: socket.socket) -> None:
        with listener:
            while not self._stop.is_set():
                try:
                    connection, _ = listener.accept()
                except TimeoutError:
                    continue
                with connection:
                    self._take(connection)

    def _take(self, connection: socket.socket) -> None:
        connection.settimeout(5.0)
        received = b""
        while chunk := connection.recv(4096):
            received += chunk
            if received.startswith(ASK):
                received = received[len(ASK) :]
                self.status_requests += 1
                if self.answers_status:
                    connection.sendall(self.status)
        with self._changed:
            if received:
                self.jobs.append(received)
            self.connections += 1
            self._changed.notify_all()
