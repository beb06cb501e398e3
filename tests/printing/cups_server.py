"""A private CUPS server with a PDF printer, for the tests of the CUPS path.

It runs its own `cupsd` from a temporary folder (configuration, spool, logs,
a Unix socket to talk to it on) and leaves the system's CUPS alone, except
for one file: cups-pdf reads its settings only from /etc/cups, one file per
printer instance named in the device URI (`cups-pdf:/NAME` reads
/etc/cups/cups-pdf-NAME.conf). The fixture writes that file, sending the
PDFs to the temporary folder, each named with its job number at the end
(`Label 2`), and removes it again.

Needs root (cupsd runs the cups-pdf backend as root only when it is) and
the Debian packages cups, cups-client and printer-driver-cups-pdf.
Without them the tests are skipped, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_CONFIG = Path("/etc/cups")
START_SECONDS = 20.0
PACKAGES = "cups cups-client printer-driver-cups-pdf"


@dataclass(frozen=True)
class CupsServer:
    socket: str  # what `lp -h` and `lpstat -h` take
    queue: str  # the CUPS-PDF printer
    output: Path  # where its PDFs come out
    log: Path

    def completed_jobs(self) -> str:
        done = subprocess.run(
            ["lpstat", "-h", self.socket, "-W", "completed", "-o", self.queue],
            capture_output=True,
            text=True,
            env={**os.environ, "LC_ALL": "C"},
            check=False,
        )
        return done.stdout

    def wait_for_pdf(self, request_id: str, timeout: float = 60.0) -> Path:
        """The PDF of CUPS request `request_id` (e.g. "PDF-3"), once it is whole."""
        number = request_id.rsplit("-", 1)[-1]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = sorted(self.output.glob(f"*job_{number}.pdf"))
            if found and f"{request_id} " in self.completed_jobs():
                return found[0]
            time.sleep(0.1)
        raise AssertionError(
            f"no PDF for {request_id} in {self.output} after {timeout:.0f} s; "
            f"cupsd log:\n{_tail(self.log / 'error_log')}"
        )


def cannot_start(reason: str) -> NoReturn:
    message = f"no private CUPS server: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if found is None:
        cannot_start(f"{name} is not installed (Debian: {PACKAGES})")
    return found


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"({path} was not written)"


def _configure(root: Path, instance: str) -> tuple[Path, Path]:
    for folder in ("conf/ppd", "spool/tmp", "cache", "state", "log", "out", "pdf"):
        (root / folder).mkdir(parents=True)
    socket = root / "cups.sock"
    cupsd_conf = root / "conf/cupsd.conf"
    cupsd_conf.write_text(
        f"Listen {socket}\n"
        "LogLevel debug\nWebInterface No\nBrowsing No\nDefaultAuthType None\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n"
        "</Policy>\n"
    )
    files_conf = root / "conf/cups-files.conf"
    files_conf.write_text(
        f"ServerRoot {root}/conf\nRequestRoot {root}/spool\n"
        f"TempDir {root}/spool/tmp\nCacheDir {root}/cache\nStateDir {root}/state\n"
        f"AccessLog {root}/log/access_log\nErrorLog {root}/log/error_log\n"
        f"PageLog {root}/log/page_log\nPrintcap {root}/printcap\n"
        "SystemGroup root\nFileDevice No\n"
    )
    (CUPS_CONFIG / f"cups-pdf-{instance}.conf").write_text(
        f"Out {root}/out\nAnonDirName {root}/out\nSpool {root}/pdf\n"
        f"Log {root}/log\nLogType 3\nLabel 2\n"
    )
    return cupsd_conf, files_conf


def _wait_until_running(cupsd: subprocess.Popen[bytes], socket: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if cupsd.poll() is not None:
            return
        answer = subprocess.run(
            ["lpstat", "-h", socket, "-r"],
            capture_output=True,
            text=True,
            env={**os.environ, "LC_ALL": "C"},
            check=False,
        )
        if answer.stdout.strip() == "scheduler is running":
            return
        time.sleep(0.1)


def _cups_pdf_driver(socket: str) -> str:
    models = subprocess.run(
        [_tool("lpinfo"), "-h", socket, "-m"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    for line in models:
        if "CUPS-PDF" in line:
            return line.split()[0]
    cannot_start(f"lpinfo -m lists no CUPS-PDF driver (Debian: {PACKAGES})")


def running_cups_server() -> Iterator[CupsServer]:
    """Start the server, yield it, stop it and clear up (a fixture's body)."""
    cupsd_path = _tool("cupsd")
    lpadmin = _tool("lpadmin")
    _tool("lp")
    _tool("lpstat")
    if not CUPS_PDF_BACKEND.exists():
        cannot_start(f"{CUPS_PDF_BACKEND} is missing (printer-driver-cups-pdf)")
    if os.geteuid() != 0:
        cannot_start("cupsd runs the cups-pdf backend only when started by root")
    if not os.access(CUPS_CONFIG, os.W_OK):
        cannot_start(
            f"{CUPS_CONFIG} cannot be written: cups-pdf reads its settings there"
        )

    instance = f"warehouse-{uuid.uuid4().hex[:8]}"
    root = Path(tempfile.mkdtemp(prefix="warehouse-cups-"))
    # Filters run as the lp user: they must reach the spool in here.
    root.chmod(0o755)
    cupsd = None
    try:
        cupsd_conf, files_conf = _configure(root, instance)
        socket = str(root / "cups.sock")
        with open(root / "log/cupsd.out", "wb") as out:
            cupsd = subprocess.Popen(
                [cupsd_path, "-f", "-c", str(cupsd_conf), "-s", str(files_conf)],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_until_running(cupsd, socket)
        if cupsd.poll() is not None:
            cannot_start(f"cupsd stopped at once:\n{_tail(root / 'log/cupsd.out')}")

        queue = "PDF"
        added = subprocess.run(
            [lpadmin, "-h", socket, "-p", queue, "-v", f"cups-pdf:/{instance}", "-E"]
            + ["-m", _cups_pdf_driver(socket)],
            capture_output=True,
            text=True,
            check=False,
        )
        if added.returncode != 0:
            cannot_start(f"lpadmin could not add the PDF printer: {added.stderr}")
        yield CupsServer(socket, queue, root / "out", root / "log")
    finally:
        if cupsd is not None:
            cupsd.terminate()
            try:
                cupsd.wait(timeout=10)
            except subprocess.TimeoutExpired:
                cupsd.kill()
                cupsd.wait()
        (CUPS_CONFIG / f"cups-pdf-{instance}.conf").unlink(missing_ok=True)
        shutil.rmtree(root, ignore_errors=True)
