"""A station's SQLite log is copied back in the background, not inside a scan."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from warehouse_app.persistence import checkpoints
from warehouse_app.persistence.checkpoints import Checkpointer
from warehouse_app.persistence.database import Database

# SQLite's own checkpoint mark, in bytes of log at its default page size.
WAL_LIMIT = 1000 * 4096


def fill_the_log(database: Database, rows: int = 3000) -> None:
    with database.write_engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS filler (t TEXT)"))
    for _batch in range(0, rows, 500):
        with database.write_engine.begin() as connection:
            connection.execute(
                text("INSERT INTO filler VALUES (:t)"),
                [{"t": "x" * 2000} for _ in range(500)],
            )


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _by_hand(path: Path) -> tuple[Database, Checkpointer]:
    """A station whose log holds 500 rows, checkpointed by hand, not on the clock."""
    database = Database(f"sqlite:///{path}", background_checkpoints=True)
    checkpointer = database.checkpointer
    assert checkpointer is not None
    checkpointer.stop()
    fill_the_log(database, rows=500)
    return database, checkpointer


def test_a_station_leaves_the_log_to_the_background_thread(tmp_path: Path) -> None:
    path = tmp_path / "station.sqlite3"
    database = Database(f"sqlite:///{path}", background_checkpoints=True)
    assert database.checkpointer is not None
    database.checkpointer.stop()  # checkpoint by hand below, not on the clock
    with database.write_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0

    fill_the_log(database)

    # No commit copied the log back: it is past SQLite's own mark.
    assert wal_of(path).stat().st_size > WAL_LIMIT
    with sqlite3.connect(path) as connection:
        assert database.checkpointer.checkpoint_if_due(connection)
        busy, pages, copied = connection.execute(
            "PRAGMA wal_checkpoint(PASSIVE)"
        ).fetchone()
    assert (busy, pages) == (0, copied)
    database.dispose()


def test_the_thread_copies_the_log_back_once_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "station.sqlite3"
    database = Database(f"sqlite:///{path}", background_checkpoints=True)
    checkpointer = database.checkpointer
    assert checkpointer is not None

    fill_the_log(database)

    assert checkpointer.checkpointed.wait(10)
    assert checkpointer.checkpoints >= 1
    database.dispose()


def test_a_command_line_run_keeps_sqlites_own_checkpoints(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'cli.sqlite3'}")

    assert database.checkpointer is None
    with database.write_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
    database.dispose()


def test_a_log_copied_back_is_not_copied_again_until_written(tmp_path: Path) -> None:
    path = tmp_path / "station.sqlite3"
    database, checkpointer = _by_hand(path)

    with sqlite3.connect(path) as connection:
        assert checkpointer.checkpoint_if_due(connection)
        # The log file keeps its size; nothing new was written to it.
        assert wal_of(path).stat().st_size > 0
        assert not checkpointer.checkpoint_if_due(connection)
        fill_the_log(database, rows=500)
        assert checkpointer.checkpoint_if_due(connection)
    assert checkpointer.checkpoints == 2
    database.dispose()


def test_the_thread_keeps_trying_after_a_failed_checkpoint(tmp_path: Path) -> None:
    broken = Checkpointer(tmp_path / "missing-folder" / "station.sqlite3", 0.01)
    broken.start()
    # It cannot even open its file, and goes on trying rather than stopping.
    for _ in range(200):
        if broken.failures >= 3:
            break
        time.sleep(0.01)
    assert broken.failures >= 3
    assert broken._thread.is_alive()
    broken.stop()


@pytest.fixture
def restart_at_100_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """A log of 100 pages is long enough to be started again."""
    monkeypatch.setattr(checkpoints, "RESTART_AFTER_PAGES", 100)


def _a_reader_on(path: Path) -> sqlite3.Connection:
    """A connection in the middle of reading the 500 rows the log holds."""
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM filler").fetchone() == (500,)
    return reader


def _log_pages(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1])


def test_a_long_log_copied_back_whole_is_started_again_from_its_beginning(
    tmp_path: Path, restart_at_100_pages: None
) -> None:
    path = tmp_path / "station.sqlite3"
    database, checkpointer = _by_hand(path)  # a few hundred pages in the log

    with sqlite3.connect(path) as connection:
        assert checkpointer.checkpoint_if_due(connection)
    with database.write_engine.begin() as connection:
        connection.execute(text("INSERT INTO filler VALUES ('one more')"))

    assert checkpointer.restarts == 1
    # The next commit wrote at the start of the log, not after the old pages.
    assert _log_pages(path) < 10
    database.dispose()


def test_a_short_log_is_left_for_the_next_write_to_start_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "station.sqlite3"
    database, checkpointer = _by_hand(path)

    with sqlite3.connect(path) as connection:
        assert checkpointer.checkpoint_if_due(connection)

    assert checkpointer.restarts == 0
    database.dispose()


def test_a_reader_in_the_way_makes_the_restart_give_up_at_once(
    tmp_path: Path, restart_at_100_pages: None
) -> None:
    path = tmp_path / "station.sqlite3"
    database, checkpointer = _by_hand(path)
    reader = _a_reader_on(path)

    with sqlite3.connect(path) as connection:
        started = time.perf_counter()
        checkpointer.checkpoint_if_due(connection)
        waited = time.perf_counter() - started
        # The connection's own patience is given back.
        assert connection.execute("PRAGMA busy_timeout").fetchone() == (5000,)

    assert checkpointer.restarts == 0
    # It waited its few milliseconds, not the connection's five seconds.
    assert waited < 0.5
    # The reader goes on reading what it saw.
    assert reader.execute("SELECT count(*) FROM filler").fetchone() == (500,)
    reader.execute("COMMIT")
    reader.close()
    database.dispose()


def test_a_restart_that_met_a_reader_is_tried_again_once_the_log_grew_as_much(
    tmp_path: Path, restart_at_100_pages: None
) -> None:
    path = tmp_path / "station.sqlite3"
    database, checkpointer = _by_hand(path)
    reader = _a_reader_on(path)
    with sqlite3.connect(path) as connection:
        assert checkpointer.checkpoint_if_due(connection)  # the restart met it
        reader.execute("COMMIT")

        with database.write_engine.begin() as writing:
            writing.execute(text("INSERT INTO filler VALUES ('a little more')"))
        checkpointer.checkpoint_if_due(connection)
        put_off = checkpointer.restarts

        fill_the_log(database, rows=500)  # as much again
        checkpointer.checkpoint_if_due(connection)

    assert put_off == 0
    assert checkpointer.restarts == 1
    reader.close()
    database.dispose()


def test_a_writer_waits_on_a_restart_no_longer_than_the_restart_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restart_at_100_pages: None
) -> None:
    path = tmp_path / "station.sqlite3"
    database, checkpointer = _by_hand(path)
    reader = _a_reader_on(path)
    took: list[float] = []

    def write_while_it_restarts() -> None:
        time.sleep(0.001)
        started = time.perf_counter()
        with database.write_engine.begin() as writing:
            writing.execute(text("INSERT INTO filler VALUES ('a scan')"))
        took.append(time.perf_counter() - started)

    restart = checkpointer._start_log_again

    def restart_with_a_writer_coming(connection: sqlite3.Connection) -> bool:
        writer = threading.Thread(target=write_while_it_restarts)
        writer.start()
        try:
            return restart(connection)
        finally:
            writer.join(10)

    monkeypatch.setattr(checkpointer, "_start_log_again", restart_with_a_writer_coming)
    with sqlite3.connect(path) as connection:  # a patient connection: 5 s
        checkpointer.checkpoint_if_due(connection)

    assert checkpointer.restarts == 0
    # The restart held the write lock while the reader was there, but only
    # its few milliseconds, not the connection's five seconds.
    assert took and took[0] < 0.25
    reader.execute("COMMIT")
    reader.close()
    database.dispose()
