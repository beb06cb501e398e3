"""A station's SQLite log filled for the checkpoint tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

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


def by_hand(path: Path) -> tuple[Database, Checkpointer]:
    """A station whose log holds 500 rows, checkpointed by hand, not on the clock."""
    database = Database(f"sqlite:///{path}", background_checkpoints=True)
    checkpointer = database.checkpointer
    assert checkpointer is not None
    checkpointer.stop()
    fill_the_log(database, rows=500)
    return database, checkpointer
