"""Copying SQLite's write-ahead log back into the database, off the floor's path.

SQLite in WAL mode copies the log into the database file every 1,000 pages,
inside whichever commit crosses the mark: that commit (a picker's scan, say)
then takes several milliseconds longer. A station instead turns that off on
its own connections and lets this thread copy the log in the background,
PASSIVE, so it never waits for a reader or a writer and never makes one wait.
Other processes on the same file (an import from the command line) keep
SQLite's own checkpoints, so the log never grows without bound.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger("warehouse.db")

# SQLite's own mark, in bytes of log at its default page size.
WAL_LIMIT = 1000 * 4096


class Checkpointer:
    """A daemon thread that checkpoints the log once it passes `WAL_LIMIT`."""

    def __init__(self, path: Path, interval: float = 0.5) -> None:
        self.path = path
        self.wal = path.with_name(path.name + "-wal")
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="sqlite-checkpoints", daemon=True
        )
        self.checkpoints = 0
        # Set after each checkpoint, for whoever wants to know it happened.
        self.checkpointed = threading.Event()

    def start(self) -> None:
        self._thread.start()
        log.debug("background checkpoints of %s every %.1f s", self.path, self.interval)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        try:
            connection = sqlite3.connect(self.path, timeout=1, check_same_thread=False)
            while not self._stop.wait(self.interval):
                self.checkpoint_if_due(connection)
        except sqlite3.Error as error:
            # The station carries on: SQLite checkpoints again when the last
            # connection closes, and the next start begins a new thread.
            log.warning("background checkpoints of %s stopped: %s", self.path, error)
        finally:
            if connection is not None:
                connection.close()

    def checkpoint_if_due(self, connection: sqlite3.Connection) -> bool:
        try:
            size = self.wal.stat().st_size
        except FileNotFoundError:
            return False
        if size < WAL_LIMIT:
            return False
        busy, pages, copied = connection.execute(
            "PRAGMA wal_checkpoint(PASSIVE)"
        ).fetchone()
        self.checkpoints += 1
        self.checkpointed.set()
        log.debug("checkpoint of %s: %s of %s pages copied", self.path, copied, pages)
        return not busy
