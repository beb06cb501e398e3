"""Where a rendered document goes: a printer, as the station sees it.

The folder printer is here; CUPS, raw TCP and serial printers have their own
modules (targets_cups, targets_raw, targets_serial).
"""

from __future__ import annotations

import errno
import os
import uuid
from contextlib import suppress
from pathlib import Path
from typing import Protocol

from printing.forms import PDF, Form
from warehouse_app.services.errors import WarehouseError

# errno: (what is wrong, in words; what a person can do about it)
_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("disk full", "Free some space on it"),
    errno.EACCES: (
        "no permission to write there",
        "Give this station write access to the folder, or choose another",
    ),
    errno.EPERM: (
        "no permission to write there",
        "Give this station write access to the folder, or choose another",
    ),
    errno.EROFS: ("the folder is read-only", "Choose a folder that can be written"),
    errno.ENOENT: (
        "the folder does not exist",
        "Create it, or reconnect the drive it is on",
    ),
    errno.ENOTDIR: ("that is not a folder", "Choose a folder in the printer settings"),
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = ("the disk quota is used up", "Free some space on it")


class PrinterUnavailable(WarehouseError):  # noqa: N818
    """The printer cannot take the job now; the job stays queued and prints later."""


class PrintTarget(Protocol):
    """A printer the print worker can send documents to.

    `form` says what it takes: PDF, or ZPL at the dpi of its print head.
    """

    name: str
    form: Form

    def send(self, file_name: str, data: bytes) -> str:
        """Hand the document over; returns where it went. Raises PrinterUnavailable."""
        ...


class FolderPrinter:
    """A printer fed through a folder: a spooler, a hot folder or a person opens it.

    The folder is not created here: a missing folder is often a network
    drive that is not connected, and files written in its place would
    never reach the printer.
    """

    def __init__(self, name: str, folder: Path, form: Form = PDF) -> None:
        self.name = name
        self.folder = folder
        self.form = form

    def send(self, file_name: str, data: bytes) -> str:
        """Write the file into the folder whole, or not at all; returns its path."""
        if not file_name or Path(file_name).name != file_name or file_name == "..":
            raise ValueError(f"{file_name!r} is not a plain file name")
        target = self.folder / file_name
        # Hidden and not ending in .pdf or .zpl, so nothing watching the folder picks
        # up a half-written file.
        partial = self.folder / f".{file_name}.{uuid.uuid4().hex}.part"
        try:
            try:
                with open(partial, "xb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(partial, target)
            except BaseException:
                with suppress(OSError):
                    partial.unlink()
                raise
        except OSError as error:
            raise self._unavailable(error) from error
        return str(target)

    def _unavailable(self, error: OSError) -> PrinterUnavailable:
        default = (
            (error.strerror or str(error)).lower(),
            "Check the folder and the connection to it",
        )
        reason, advice = _REASONS.get(error.errno or 0, default)
        return PrinterUnavailable(
            f"Printer {self.name}: cannot write to folder {self.folder}: {reason}. "
            f"{advice}; the job is kept and will print."
        )
