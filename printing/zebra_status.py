"""What a Zebra label printer says about itself when asked with `~HS`.

The printer answers host status with three lines, each framed by STX (0x02)
and ETX (0x03) and ended by CR LF, fields separated by commas. Counting
fields from 1, the ones read here are:

- line 1, field 2: paper out (1 = out of labels, or of paper)
- line 1, field 3: pause (1 = paused)
- line 2, field 3: head up (1 = the print head is open)
- line 2, field 4: ribbon out (1 = out of ribbon)

Everything else (buffer counts, label length, temperatures, the password
line) is read past.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from printing.targets import PrinterUnavailable

log = logging.getLogger("warehouse.print")

ASK = b"~HS"
STX = 0x02
ETX = 0x03
KEPT = "the job is kept and will print"


class StatusUnreadable(ValueError):  # noqa: N818
    """The reply was not three framed lines of comma-separated fields."""


@dataclass(frozen=True)
class HostStatus:
    paper_out: bool = False
    paused: bool = False
    head_open: bool = False
    ribbon_out: bool = False

    def problems(self) -> list[tuple[str, str]]:
        """(what is wrong, what to do about it), worst first; empty when ready."""
        found = []
        if self.head_open:
            found.append(("has its print head open", "Close the head"))
        if self.paper_out:
            found.append(("is out of labels", "Load a new roll of labels"))
        if self.ribbon_out:
            found.append(("is out of ribbon", "Load a new ribbon"))
        if self.paused:
            found.append(("is paused", "Press PAUSE on the printer to go on"))
        return found


def parse_host_status(reply: bytes) -> HostStatus:
    """The flags of a `~HS` reply. Raises StatusUnreadable on anything else."""
    lines = _framed_lines(reply)
    if len(lines) < 2:
        raise StatusUnreadable(f"expected three status lines, got {reply!r}")
    first, second = lines[0].split(","), lines[1].split(",")
    if len(first) < 3 or len(second) < 4:
        raise StatusUnreadable(f"too few status fields in {reply!r}")
    return HostStatus(
        paper_out=_flag(first[1], reply),
        paused=_flag(first[2], reply),
        head_open=_flag(second[2], reply),
        ribbon_out=_flag(second[3], reply),
    )


def check_ready(printer: str, where: str, reply: bytes) -> None:
    """Raise PrinterUnavailable unless `reply` says the printer can print now.

    `where` places the printer in the message, e.g. "at 10.0.0.5:9100".
    """
    try:
        status = parse_host_status(reply)
    except StatusUnreadable as error:
        log.warning("printer %s: unreadable ~HS reply: %s", printer, error)
        raise PrinterUnavailable(
            f"Label printer {printer} {where} did not answer the status request "
            "(~HS) in time. If it is not a Zebra printer, turn its status check "
            f"off in the printer settings; {KEPT}."
        ) from error

    problems = status.problems()
    if problems:
        what = " and ".join(problem for problem, _ in problems)
        first, *then = [advice for _, advice in problems]
        todo = ", then ".join([first, *(step[0].lower() + step[1:] for step in then)])
        raise PrinterUnavailable(
            f"Label printer {printer} {where} {what}. {todo}; {KEPT}."
        )


def is_complete(reply: bytes) -> bool:
    return reply.count(ETX) >= 3


def read_reply(receive: Callable[[], bytes], timeout: float) -> bytes:
    """Call `receive` until three framed lines came or `timeout` seconds passed.

    `receive` returns what arrived, b"" when nothing did in its own wait.
    Returns whatever arrived, complete or not.
    """
    reply = b""
    deadline = time.monotonic() + timeout
    while not is_complete(reply) and time.monotonic() < deadline:
        reply += receive()
    return reply


def _framed_lines(reply: bytes) -> list[str]:
    lines = []
    for part in reply.split(bytes([STX]))[1:]:
        body, etx, _ = part.partition(bytes([ETX]))
        if etx:
            lines.append(body.decode("ascii", errors="replace").strip())
    return lines


def _flag(field: str, reply: bytes) -> bool:
    field = field.strip()
    if field not in ("0", "1"):
        raise StatusUnreadable(f"flag {field!r} is neither 0 nor 1 in {reply!r}")
    return field == "1"
