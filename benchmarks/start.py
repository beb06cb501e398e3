"""App start to a usable window, and the memory it then holds, in a fresh process.

Each start is a new `python -c` process, timed from launching it until it
reports that the main window (with the incoming-orders list loaded from the
database) has been painted. The reference is a process that only imports
Python and PySide6's widgets.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.scales import Scale
from benchmarks.timing import Row, median, ratio, secs, verdict
from benchmarks.workspace import url

START_TARGET = 1.5
MEMORY_TARGET_MB = 400
ROOT = Path(__file__).resolve().parent.parent

APP = """
import os, sys
from dataclasses import replace
from PySide6.QtCore import QEvent, QObject
from station.compose import build, build_window
from ui.main import qt_application
from warehouse_app.settings import Settings, StationSettings

class Painted(QObject):
    seen = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            Painted.seen = True
        return False

qt = qt_application()
settings = Settings(station=replace(StationSettings(), print_folder=sys.argv[2]))
application = build(sys.argv[1], settings)
window = build_window(application)
watch = Painted(window)
window.orders_view.table.viewport().installEventFilter(watch)
window.scans.start()
window.show()
while not Painted.seen:
    qt.processEvents()
status = open("/proc/self/status").read().split("\\n")
memory = {line.split(":")[0]: line.split()[1] for line in status if line[:2] == "Vm"}
print("usable", memory["VmRSS"], memory["VmHWM"], flush=True)
"""

IMPORT_ONLY = """
import PySide6.QtWidgets
print("usable", 0, 0, flush=True)
"""


def _launch(code: str, args: list[str]) -> tuple[float, int, int]:
    """Seconds until the process says it is usable; its resident and peak kB."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    taken = time.perf_counter() - started
    process.wait()
    words = line.split()
    if not words or words[0] != "usable":
        raise RuntimeError(f"the app did not start: {line!r}")
    return taken, int(words[1]), int(words[2])


def app_start(path: Path, scale: Scale, folder: Path) -> list[Row]:
    args = [url(path), str(folder / "printed")]
    _launch(APP, args)  # warm the disk cache, as a second start of the day
    starts, resident, peak = [], [], []
    references = []
    for _ in range(scale.start_repeats):
        taken, rss, hwm = _launch(APP, args)
        starts.append(taken)
        resident.append(rss / 1024)
        peak.append(hwm / 1024)
        references.append(_launch(IMPORT_ONLY, [])[0])
    taken, reference = median(starts), median(references)
    memory = median(resident)
    return [
        Row(
            workload="App start to a usable window on the generated database",
            target=f"< {secs(START_TARGET)}",
            measured=secs(taken),
            reference=f"Python + PySide6 widgets import alone: {secs(reference)}",
            ratio=ratio(taken, reference),
            result=verdict(taken < START_TARGET),
            notes=(
                "From launching `python -c` until the main window with the"
                " incoming-orders list has painted; the schema check included"
                " (a database at the newest migration is known by its"
                " alembic_version row, without loading Alembic); median of"
                f" {scale.start_repeats} warm starts.",
            ),
        ),
        Row(
            workload="Resident memory of the app with the generated database open",
            target=f"< {MEMORY_TARGET_MB} MB",
            measured=f"{memory:.0f} MB",
            result=verdict(memory < MEMORY_TARGET_MB),
            notes=(
                f"VmRSS once the window is usable (peak VmHWM {median(peak):.0f} MB).",
            ),
        ),
    ]
