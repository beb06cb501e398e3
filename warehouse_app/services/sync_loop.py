"""The batch link on schedule: runs what is due until told to stop.

`warehouse-app sync` runs it in the foreground until Ctrl+C; the web service
starts it on a thread beside itself. Between passes it waits on its stop
event, never longer than the shortest inbox poll of the channels, nor past
the next file that falls due. It keeps each inbox file's size from pass to
pass, so a file that grew since the last pass waits for the next.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from warehouse_app.persistence.database import Database
from warehouse_app.services import schedule
from warehouse_app.services.batch_files import Sizes
from warehouse_app.services.errors import first_words
from warehouse_app.services.station import Station
from warehouse_app.services.sync_cycle import (
    RunReport,
    channels_of,
    history,
    run_due,
)
from warehouse_app.settings import Settings

log = logging.getLogger("warehouse.sync")

LONGEST_PAUSE = 60.0
SHORTEST_PAUSE = 1.0
# After the database did not answer, wait this long before the next pass.
PAUSE_AFTER_FAILURE = 30.0


class SyncLoop:
    def __init__(
        self,
        database: Database,
        station: Station,
        settings: Settings,
        on_report: Callable[[RunReport], None] | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.database = database
        self.station = station
        self.settings = settings
        self.on_report = on_report
        self.clock = clock
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None
        # Each inbox file's size from pass to pass: one that grew since the
        # last pass is still being written, whatever its modification time.
        self.sizes = {name: Sizes() for name in channels_of(settings)}

    def run_pass(self) -> list[RunReport]:
        reports = run_due(
            self.database,
            self.station,
            self.settings,
            self.clock().replace(microsecond=0),
            self.sizes,
        )
        for report in reports:
            if self.on_report is not None:
                self.on_report(report)
        return reports

    def pause(self) -> float:
        """Seconds until the next pass: the next due file, or the next inbox poll."""
        channels = channels_of(self.settings)
        longest = min([LONGEST_PAUSE, *(c.poll_seconds for c in channels.values())])
        now = self.clock()
        for name, channel in channels.items():
            due = schedule.next_due(channel, history(self.database, name))
            longest = min(longest, (due - now).total_seconds())
        return max(longest, SHORTEST_PAUSE)

    def run(self) -> None:
        """Pass after pass until `stop()`."""
        log.info("batch link running for %s", ", ".join(channels_of(self.settings)))
        while not self.stopping.is_set():
            try:
                self.run_pass()
                wait = self.pause()
            except SQLAlchemyError as error:
                log.error(
                    "the batch link cannot reach the database (%s); trying again"
                    " in %.0f s",
                    first_words(error),
                    PAUSE_AFTER_FAILURE,
                )
                wait = PAUSE_AFTER_FAILURE
            except ValueError as error:  # settings a person has to correct
                log.error("the batch link cannot run: %s", error)
                wait = LONGEST_PAUSE
            except Exception:  # a bug: keep the loop alive, keep the evidence
                log.exception("the batch link pass failed unexpectedly")
                wait = PAUSE_AFTER_FAILURE
            self.stopping.wait(wait)
        log.info("batch link stopped")

    def start(self) -> threading.Thread:
        """Run on a background thread; `stop()` ends it after the current pass."""
        self.stopping.clear()
        self._thread = threading.Thread(target=self.run, name="sync-loop", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self, timeout: float | None = 30.0) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
