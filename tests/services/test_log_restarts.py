"""A long SQLite log started again by the background thread, without holding
writers back for long."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from sqlalchemy import text

from tests.services.sqlite_log import by_hand, fill_the_log
from warehouse_app.persistence import checkpoints
from warehouse_app.persistence.checkpoints import Checkpointer
from warehouse_app.persistence.database import Database


class Station(NamedTuple):
    path: Path
    database: Database
    checkpointer: Checkpointer


@pytest.fixture
def station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Station]:
    """A station whose log holds 500 rows, a few hundred pages, checkpointed by
    hand; a log of 100 pages is long enough to be started again."""
    monkeypatch.setattr(checkpoints, "RESTART_AFTER_PAGES", 100)
    path = tmp_path / "station.sqlite3"
    database, checkpointer = by_hand(path)
    yield Station(path, database, checkpointer)
    database.dispose()


@pytest.fixture
def reader(station: Station) -> Iterator[sqlite3.Connection]:
    """A connection in the middle of reading the 500 rows the log holds."""
    reading = sqlite3.connect(station.path, isolation_level=None)
    reading.execute("BEGIN")
    assert reading.execute("SELECT count(*) FROM filler").fetchone() == (500,)
    yield reading
    if reading.in_transaction:
        reading.execute("COMMIT")
    reading.close()


def _log_pages(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1])


def test_a_long_log_copied_back_whole_is_started_again_from_its_beginning(
    station: Station,
) -> None:
    with sqlite3.connect(station.path) as connection:
        assert station.checkpointer.checkpoint_if_due(connection)
    with station.database.write_engine.begin() as connection:
        connection.execute(text("INSERT INTO filler VALUES ('one more')"))

    assert station.checkpointer.restarts == 1
    # The next commit wrote at the start of the log, not after the old pages.
    assert _log_pages(station.path) < 10


def test_a_short_log_is_left_for_the_next_write_to_start_again(
    station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checkpoints, "RESTART_AFTER_PAGES", 4096)

    with sqlite3.connect(station.path) as connection:
        assert station.checkpointer.checkpoint_if_due(connection)

    assert station.checkpointer.restarts == 0


def test_a_reader_in_the_way_makes_the_restart_give_up_at_once(
    station: Station, reader: sqlite3.Connection
) -> None:
    with sqlite3.connect(station.path) as connection:
        started = time.perf_counter()
        station.checkpointer.checkpoint_if_due(connection)
        waited = time.perf_counter() - started
        # The connection's own patience is given back.
        assert connection.execute("PRAGMA busy_timeout").fetchone() == (5000,)

    assert station.checkpointer.restarts == 0
    # It waited its few milliseconds, not the connection's five seconds.
    assert waited < 0.5
    # The reader goes on reading what it saw.
    assert reader.execute("SELECT count(*) FROM filler").fetchone() == (500,)


def test_a_restart_that_met_a_reader_is_tried_again_once_the_log_grew_as_much(
    station: Station, reader: sqlite3.Connection
) -> None:
    checkpointer = station.checkpointer
    with sqlite3.connect(station.path) as connection:
        assert checkpointer.checkpoint_if_due(connection)  # the restart met it
        reader.execute("COMMIT")

        with station.database.write_engine.begin() as writing:
            writing.execute(text("INSERT INTO filler VALUES ('a little more')"))
        checkpointer.checkpoint_if_due(connection)
        put_off = checkpointer.restarts

        fill_the_log(station.database, rows=500)  # as much again
        checkpointer.checkpoint_if_due(connection)

    assert put_off == 0
    assert checkpointer.restarts == 1


def test_a_writer_waits_on_a_restart_no_longer_than_the_restart_waits(
    station: Station, reader: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    took: list[float] = []

    def write_while_it_restarts() -> None:
        time.sleep(0.001)
        started = time.perf_counter()
        with station.database.write_engine.begin() as writing:
            writing.execute(text("INSERT INTO filler VALUES ('a scan')"))
        took.append(time.perf_counter() - started)

    restart = station.checkpointer._start_log_again

    def restart_with_a_writer_coming(connection: sqlite3.Connection) -> bool:
        writer = threading.Thread(target=write_while_it_restarts)
        writer.start()
        try:
            return restart(connection)
        finally:
            writer.join(10)

    monkeypatch.setattr(
        station.checkpointer, "_start_log_again", restart_with_a_writer_coming
    )
    with sqlite3.connect(station.path) as connection:  # a patient connection: 5 s
        station.checkpointer.checkpoint_if_due(connection)

    assert station.checkpointer.restarts == 0
    # The restart held the write lock while the reader was there, but only
    # its few milliseconds, not the connection's five seconds.
    assert took and took[0] < 0.25
