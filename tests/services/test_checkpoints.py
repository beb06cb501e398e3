"""A station's SQLite log is copied back in the background, not inside a scan."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tests.services.sqlite_log import WAL_LIMIT, by_hand, fill_the_log, wal_of
from warehouse_app.persistence.checkpoints import Checkpointer
from warehouse_app.persistence.database import Database


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
    database, checkpointer = by_hand(path)

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
