"""Copying SQLite's write-ahead log back into the database, off the floor's path.

SQLite in WAL mode copies the log into the database file every 1,000 pages,
inside whichever commit crosses the mark: that commit (a picker's scan, say)
then takes several milliseconds longer. A station instead turns that off on
its own connections and lets this thread copy the log in the background,
PASSIVE, so it never waits for a reader or a writer and never makes one wait.
When writes come so fast that the log is never found fully copied at the
start of one (SQLite's moment to start it again), the thread starts it again
itself, holding writers back while it does (see `_start_log_again`).

The app and the commands that work through its services (`import`,
`print-queue`, `sync`, `serve`) work this way. The short commands such as
`check`, and any other program that opens the file, keep SQLite's own
checkpoints.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger("warehouse.db")

# A log this long (16 MB of 4 KB pages) that was copied back whole is
# started again at once rather than left for writers to restart.
RESTART_AFTER_PAGES = 4096
# How long the restart waits for a writer or reader in its way before it
# gives up; writers wait at most this long on it.
RESTART_WAIT_MS = 5


class Checkpointer:
    """A daemon thread that checkpoints the log whenever it was written to.

    The log file keeps its size after a checkpoint (SQLite writes it again
    from the start), so its size says nothing about what is left to copy;
    what counts is whether it was written since the last checkpoint.
    """

    def __init__(self, path: Path, interval: float = 0.5) -> None:
        self.path = path
        self.wal = path.with_name(path.name + "-wal")
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="sqlite-checkpoints", daemon=True
        )
        self._copied_up_to: tuple[int, int] | None = None
        self.checkpoints = 0
        # Times the log was started again from its beginning (see
        # `_start_log_again`).
        self.restarts = 0
        # The length of log at which the next restart is tried: put off by a
        # log's length after a restart that found someone in its way.
        self._restart_from = RESTART_AFTER_PAGES
        self.failures = 0
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
        while not self._stop.wait(self.interval):
            try:
                if connection is None:
                    connection = sqlite3.connect(
                        self.path, timeout=1, check_same_thread=False
                    )
                self.checkpoint_if_due(connection)
                self.failures = 0
            except sqlite3.Error as error:
                # Keep trying: the station's own connections never copy the
                # log back, so a thread that gave up would let it grow.
                self.failures += 1
                if self.failures == 1 or self.failures % 100 == 0:
                    log.warning(
                        "background checkpoint of %s failed (%d so far), trying"
                        " again: %s",
                        self.path,
                        self.failures,
                        error,
                    )
                if connection is not None:
                    connection.close()
                    connection = None
        if connection is not None:
            connection.close()

    def _restart_if_long(self, connection: sqlite3.Connection, pages: int) -> None:
        """Start a long log again; after a try that found someone in the way,
        not again until the log has grown by as much once more."""
        if pages < RESTART_AFTER_PAGES:
            self._restart_from = RESTART_AFTER_PAGES
        elif pages >= self._restart_from:
            started = self._start_log_again(connection)
            self._restart_from = (
                RESTART_AFTER_PAGES if started else pages + RESTART_AFTER_PAGES
            )

    def _start_log_again(self, connection: sqlite3.Connection) -> bool:
        """Copy the last pages back and start the log again from its beginning.

        SQLite starts the log again only when a write begins with every page
        of it copied back. Writes that come faster than a copy takes (a busy
        floor, or a station and an import at once) never leave that moment,
        and the log grows on and on: each commit then makes the file longer,
        and each read looks through more of it. RESTART holds writers back
        while it copies the pages written since the copy just made and while
        it waits for readers still on the old log: RESTART_WAIT_MS at most,
        after which it gives up and says busy. True when the log was started
        again.
        """
        waited = connection.execute("PRAGMA busy_timeout").fetchone()[0]
        connection.execute(f"PRAGMA busy_timeout={RESTART_WAIT_MS}")
        try:
            busy, pages, copied = connection.execute(
                "PRAGMA wal_checkpoint(RESTART)"
            ).fetchone()
        finally:
            connection.execute(f"PRAGMA busy_timeout={int(waited)}")
        log.debug(
            "log of %s %s: %s of %s pages copied",
            self.path,
            "in use, left for now" if busy else "started again",
            copied,
            pages,
        )
        if busy:
            return False
        self.restarts += 1
        return True

    def _log_mark(self) -> tuple[int, int] | None:
        try:
            seen = self.wal.stat()
        except FileNotFoundError:
            return None
        return (seen.st_size, seen.st_mtime_ns)

    def checkpoint_if_due(self, connection: sqlite3.Connection) -> bool:
        """Copy the log back if it was written since the last copy; True when
        everything in it was copied."""
        mark = self._log_mark()
        if mark is None or mark == self._copied_up_to:
            return False
        busy, pages, copied = connection.execute(
            "PRAGMA wal_checkpoint(PASSIVE)"
        ).fetchone()
        if not busy and pages == copied:
            self._restart_if_long(connection, pages)
        self.checkpoints += 1
        if not busy and pages == copied:
            self._copied_up_to = mark
        self.checkpointed.set()
        log.debug("checkpoint of %s: %s of %s pages copied", self.path, copied, pages)
        return not busy and pages == copied
