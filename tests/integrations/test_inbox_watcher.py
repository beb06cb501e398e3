"""The inbox watcher on a real folder: a file growing is not taken half way."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.integrations.order_files import an_order, channel_in
from warehouse_app.integrations.inbox_watcher import InboxWatcher
from warehouse_app.integrations.native_format import native_records
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import WebOrder
from warehouse_app.services.inbox import FileOutcome, next_look, take_inbox
from warehouse_app.services.station import Station

WAIT = 20.0


class Passes:
    """Counts the watcher's passes over the inbox, and what each took."""

    def __init__(self) -> None:
        self.taken: list[FileOutcome] = []
        self.count = 0
        self.changed = threading.Condition()

    def record(self, outcomes: list[FileOutcome]) -> None:
        with self.changed:
            self.count += 1
            self.taken.extend(outcomes)
            self.changed.notify_all()

    def wait_for(self, condition: str, test: object) -> None:
        with self.changed:
            assert self.changed.wait_for(test, timeout=WAIT), condition  # type: ignore[arg-type]


@pytest.mark.parametrize("polling", [False, True], ids=["events", "polling"])
def test_a_file_growing_under_the_watcher_is_taken_only_once_complete(
    masters_db: Database, station: Station, tmp_path: Path, polling: bool
) -> None:
    channel = channel_in(tmp_path, polling=polling, poll_seconds=0.2)
    inbox = tmp_path / "in"
    passes = Passes()

    def look() -> float | None:
        passes.record(take_inbox(masters_db, station, "shop", channel))
        return next_look("shop", channel)

    records = native_records(
        [
            an_order("G1", [("85123A", 1, "2.55"), ("71053", 2, "3.39")]),
            an_order("G2", [("22423", 1, "10.95")]),
        ]
    )
    watcher = InboxWatcher(inbox, look, polling, poll_seconds=0.2, quiet_seconds=0.1)
    watcher.start()
    try:
        passes.wait_for("the first look at the inbox", lambda: passes.count >= 1)
        with (inbox / "orders.txt").open("w", newline="") as handle:
            for record in records[:-1]:
                seen = passes.count
                handle.write(record + "\r\n")
                handle.flush()
                passes.wait_for(
                    "a look after each record", lambda seen=seen: passes.count > seen
                )
                assert passes.taken == []
                assert (inbox / "orders.txt").exists()
            handle.write(records[-1] + "\r\n")

        passes.wait_for("the file taken", lambda: bool(passes.taken))
    finally:
        watcher.stop()

    [outcome] = passes.taken
    assert (outcome.status, outcome.orders_created, outcome.rows_read) == (
        "imported",
        2,
        3,
    )
    with masters_db.reading() as session:
        assert session.scalar(select(func.count(WebOrder.id))) == 2
    assert not (inbox / "orders.txt").exists()
