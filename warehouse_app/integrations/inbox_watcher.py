"""Watching a shop channel's inbox folder for order files.

The operating system's file events (watchdog's Observer) say when something
in the folder changed; on a network share, where events do not arrive, the
folder is polled instead (PollingObserver). Either way the watcher does not
judge whether a file is complete: once the folder has been quiet for a
moment it calls back, and the callback (a pass over the inbox) decides. The
callback may answer in how many seconds to look again, for a file that is
waiting to settle; the watcher then calls back again without an event.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("warehouse.inbox")

# Opening or reading a file (the pass itself does) is no reason to look again.
WRITES = (EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED, EVENT_TYPE_CLOSED)


class InboxWatcher:
    """Calls `on_ready` when a file in `folder` may be ready to take.

    `on_ready` runs on the watcher's own thread, never two at once; it returns
    the seconds after which to call it again, or None to wait for an event.
    """

    def __init__(
        self,
        folder: Path,
        on_ready: Callable[[], float | None],
        polling: bool = False,
        poll_seconds: float = 5.0,
        quiet_seconds: float = 0.5,
    ) -> None:
        self.folder = folder
        self.on_ready = on_ready
        self.polling = polling
        self.poll_seconds = poll_seconds
        self.quiet_seconds = quiet_seconds
        self._observer: BaseObserver | None = None
        self._timer: threading.Timer | None = None
        self._due = 0.0
        self._lock = threading.Lock()
        self._running = threading.Lock()
        self._stopped = True

    def start(self) -> None:
        """Watch the folder; look once at once, for files already there."""
        self.folder.mkdir(parents=True, exist_ok=True)
        observer: BaseObserver = (
            PollingObserver(timeout=self.poll_seconds) if self.polling else Observer()
        )
        observer.schedule(_Handler(self), str(self.folder), recursive=False)
        observer.daemon = True
        self._stopped = False
        observer.start()
        self._observer = observer
        log.info(
            "watching %s for order files (%s)",
            self.folder,
            "polling" if self.polling else "file events",
        )
        self.nudge(0.0)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=10)
            self._observer = None
        # Wait for a pass already running to end.
        with self._running:
            pass

    @property
    def watching(self) -> bool:
        return not self._stopped

    def nudge(self, after: float | None = None) -> None:
        """Call back after `after` seconds, or after the quiet time.

        Without `after` (a file event) a call already planned is put off, as
        events come in bursts while a file is written; with it, a call planned
        sooner is kept.
        """
        with self._lock:
            if self._stopped:
                return
            delay = self.quiet_seconds if after is None else max(after, 0.0)
            due = time.monotonic() + delay
            if self._timer is not None:
                if after is not None and self._due <= due:
                    return
                self._timer.cancel()
            self._due = due
            self._timer = threading.Timer(delay, self._call)
            self._timer.daemon = True
            self._timer.start()

    def _call(self) -> None:
        with self._lock:
            self._timer = None
        with self._running:
            if self._stopped:
                return
            try:
                again = self.on_ready()
            except Exception:  # noqa: BLE001 - the watcher must keep watching
                log.exception("a pass over %s failed; watching on", self.folder)
                again = self.poll_seconds
        if again is not None:
            self.nudge(again + 0.05)


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: InboxWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in WRITES:
            return
        log.debug("inbox event %s %s", event.event_type, event.src_path)
        self.watcher.nudge()
