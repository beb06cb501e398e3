"""Sends queued documents to the printers off the GUI thread."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from printing.worker import PrintWorker

log = logging.getLogger("warehouse.print")


class PrintRunner(QObject):
    """Every second, hands the print queue to a pool thread unless one is busy."""

    finished = Signal(int)
    failed = Signal(str)

    def __init__(
        self,
        worker: PrintWorker,
        interval_ms: int = 1000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self._busy = threading.Lock()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.kick)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        QThreadPool.globalInstance().waitForDone(10_000)

    def kick(self) -> None:
        if self._busy.locked():
            return
        QThreadPool.globalInstance().start(self._run)

    def print_now(self) -> int:
        """Run the queue on this thread; for the command line and tests."""
        with self._busy:
            return self.worker.run_once(limit=1000)

    def _run(self) -> None:
        if not self._busy.acquire(blocking=False):
            return
        try:
            count = self.worker.run_once()
        except Exception:  # a bug, not a printer fault: log it, keep the station up
            log.exception("the print queue run failed")
            count = 0
        finally:
            self._busy.release()
        if count:
            self.finished.emit(count)
        failures, self.worker.failures = self.worker.failures, []
        for message in failures[-3:]:
            self.failed.emit(message)
