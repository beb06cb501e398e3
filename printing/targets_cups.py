"""A system printer on Linux (or macOS): a CUPS queue, fed with `lp`."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess

from printing.forms import PDF, Form
from printing.targets import PrinterUnavailable

log = logging.getLogger("warehouse.print")

KEPT = "the job is kept and will print"
LP_SECONDS = 30.0
_REQUEST_ID = re.compile(r"request id is (\S+)")
_PRINTER_STATE = re.compile(r"^printer (\S+) (?:is )?(idle|now printing|disabled)")


class CupsPrinter:
    """A CUPS queue. `server` is a CUPS server (host, host:port or socket
    path) other than the station's own, as `lp -h` takes it.

    A job CUPS has accepted is CUPS's to print: a printer that is off or out
    of paper holds it in the CUPS queue, not in ours.
    """

    def __init__(
        self, name: str, queue: str, server: str = "", form: Form = PDF
    ) -> None:
        self.name = name
        self.queue = queue
        self.server = server
        self.form = form

    def send(self, file_name: str, data: bytes) -> str:
        """Hand `data` to `lp`; returns "cups:" and the CUPS request id."""
        command = ["lp", *self._server_option(), "-d", self.queue, "-t", file_name]
        try:
            done = subprocess.run(
                command,
                input=data,
                capture_output=True,
                timeout=LP_SECONDS,
                env=_c_locale(),
                check=False,
            )
        except FileNotFoundError as error:
            raise PrinterUnavailable(
                f"Printer {self.name}: CUPS is not installed on this station (there "
                "is no lp command). Install CUPS (Debian: cups-client), or choose "
                f"another printer; {KEPT}."
            ) from error
        except subprocess.TimeoutExpired as error:
            raise PrinterUnavailable(
                f"Printer {self.name}: CUPS took no job in {LP_SECONDS:.0f} seconds. "
                f"Check that the CUPS service is running; {KEPT}."
            ) from error

        output = done.stdout.decode(errors="replace")
        problem = done.stderr.decode(errors="replace").strip()
        match = _REQUEST_ID.search(output)
        if done.returncode != 0 or match is None:
            raise self._refused(problem or output.strip() or f"exit {done.returncode}")
        log.debug("sent %s to CUPS queue %s as %s", file_name, self.queue, match[1])
        return f"cups:{match[1]}"

    def _cups_runs(self) -> bool:
        return _lpstat([*self._server_option(), "-r"]) == ["scheduler is running"]

    def _server_option(self) -> list[str]:
        return ["-h", self.server] if self.server else []

    def _refused(self, problem: str) -> PrinterUnavailable:
        reason = problem.removeprefix("lp:").strip().removeprefix("Error - ")
        reason = reason.rstrip(".")
        lowered = reason.lower()
        # lp says a printer "does not exist" when it cannot reach CUPS at all.
        if "connect" in lowered or "scheduler" in lowered or not self._cups_runs():
            at = f" at {self.server}" if self.server else ""
            return PrinterUnavailable(
                f"Printer {self.name}: the CUPS print service does not answer{at}. "
                f"Start it (on Linux: systemctl start cups); {KEPT}."
            )
        if "does not exist" in lowered or "not found" in lowered:
            return PrinterUnavailable(
                f"Printer {self.name}: there is no CUPS printer called "
                f"{self.queue}. Choose one of the system's printers in the "
                f"printer settings; {KEPT}."
            )
        return PrinterUnavailable(
            f"Printer {self.name}: CUPS did not take the job for {self.queue} "
            f"({reason}). Check the printer in the system's printer settings; {KEPT}."
        )


def list_cups_printers(server: str = "") -> list[tuple[str, str]]:
    """(queue, state) for each CUPS printer, state "idle", "now printing" or
    "disabled"; empty when CUPS is not installed or not running."""
    if shutil.which("lpstat") is None:
        return []
    option = ["-h", server] if server else []
    names = _lpstat([*option, "-e"])
    states = {}
    for line in _lpstat([*option, "-p"]):
        match = _PRINTER_STATE.match(line)
        if match:
            states[match[1]] = match[2]
    return [(name, states.get(name, "unknown")) for name in names]


def _lpstat(arguments: list[str]) -> list[str]:
    try:
        done = subprocess.run(
            ["lpstat", *arguments],
            capture_output=True,
            timeout=LP_SECONDS,
            env=_c_locale(),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("lpstat %s failed: %s", " ".join(arguments), error)
        return []
    if done.returncode != 0:
        log.info("lpstat %s: %s", " ".join(arguments), done.stderr.decode().strip())
        return []
    return [line.strip() for line in done.stdout.decode().splitlines() if line.strip()]


def _c_locale() -> dict[str, str]:
    # lp and lpstat translate their messages; the ones parsed here are English.
    return {**os.environ, "LC_ALL": "C", "LANG": "C"}
