"""Printers from the addresses a station's settings give them.

    folder:/srv/print/labels        files in a folder (PDF; ?zpl=203 for ZPL)
    cups:PICK_LASER                 a CUPS queue (?server=host:631 for another)
    tcp://10.0.0.5:9100?dpi=300     a ZPL printer on the network
    serial:/dev/ttyUSB0?baud=9600   a ZPL printer on a serial line (or COM3)

`dpi` (203 or 300) is the print head's; `status=off` stops the `~HS` check
for ZPL printers that do not answer it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from printing.forms import PDF, zpl
from printing.targets import FolderPrinter, PrintTarget
from printing.targets_cups import CupsPrinter, list_cups_printers
from printing.targets_raw import RawTcpPrinter
from printing.targets_serial import SerialPrinter

EXAMPLES = "folder:/path, cups:QUEUE, tcp://HOST:9100 or serial:/dev/ttyUSB0"


# FIXME:print There is no Windows spooler printer. On Windows a station
# prints PDFs to a folder that the system's print hot folder, or a
# SumatraPDF command line run by the task scheduler, prints from, and ZPL
# labels straight to tcp:// or serial: printers (see docs/printing.md).
# What it costs: the settings screen cannot list the Windows printers, and
# a job counts as printed once its file is in the folder, so a jam or an
# empty tray there is not seen by the print queue.
def printer_from_address(name: str, address: str) -> PrintTarget:
    """The printer `address` names, called `name` in messages.

    Raises ValueError, with a message saying what is wrong, for an address
    this station cannot use.
    """
    parts = urlsplit(address.strip())
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    dpi = int(options.get("dpi", "203"))
    status = options.get("status", "on") != "off"

    match parts.scheme:
        case "folder":
            form = zpl(int(options["zpl"])) if "zpl" in options else PDF
            return FolderPrinter(name, Path(parts.netloc + parts.path), form)
        case "cups":
            return CupsPrinter(name, parts.path, options.get("server", ""))
        case "tcp":
            if not parts.hostname:
                raise ValueError(f"Printer {name}: {address} names no host.")
            return RawTcpPrinter(
                name, parts.hostname, parts.port or 9100, dpi=dpi, check_status=status
            )
        case "serial":
            baud = int(options.get("baud", "9600"))
            port = parts.netloc + parts.path
            return SerialPrinter(name, port, baud, dpi=dpi, check_status=status)
    raise ValueError(
        f"Printer {name}: {address!r} is not a printer address this station "
        f"knows. Write it as {EXAMPLES}."
    )


def system_printers() -> list[tuple[str, str]]:
    """(address, what to show) for each printer the system has, for settings."""
    return [
        (f"cups:{queue}", f"{queue} ({state})") for queue, state in list_cups_printers()
    ]
