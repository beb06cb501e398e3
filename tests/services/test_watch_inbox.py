"""The folder watcher takes a file as it lands, and leaves a busy channel alone."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from filelock import FileLock

from tests.integrations.order_files import an_order, channel_in, native_file
from warehouse_app.persistence.database import Database
from warehouse_app.services.channel_lock import lock_path
from warehouse_app.services.inbox import watch_inbox
from warehouse_app.services.order_file import FileOutcome
from warehouse_app.services.station import Station


def test_a_file_dropped_in_a_watched_inbox_is_taken(
    masters_db: Database, station: Station, tmp_path: Path
) -> None:
    channel = replace(channel_in(tmp_path), polling=True, poll_seconds=0.2)
    (tmp_path / "in").mkdir(exist_ok=True)
    taken: list[FileOutcome] = []
    landed = threading.Event()

    def heard(outcomes: list[FileOutcome]) -> None:
        taken.extend(outcomes)
        landed.set()

    watcher = watch_inbox(masters_db, station, "shop", channel, heard)
    # Another run holds the channel at first: the watcher leaves it alone.
    held = FileLock(lock_path("shop", channel))
    held.acquire()
    watcher.start()
    try:
        native_file(
            tmp_path / "in" / "orders.txt", [an_order("W1", [("71053", 1, "3.39")])]
        )
        assert not landed.wait(1.0)
        held.release()
        assert landed.wait(20)
    finally:
        watcher.stop()

    assert [(o.file_name, o.status, o.orders_created) for o in taken] == [
        ("orders.txt", "imported", 1)
    ]
