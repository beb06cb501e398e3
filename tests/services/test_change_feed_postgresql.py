"""On PostgreSQL the change feed's numbers follow the commits.

A reader moves its cursor past the highest number it has seen; a row that
became visible later with a lower number would be skipped for ever. Two
stations commit at once here: the one that took its number first must also
be seen first.
"""

from __future__ import annotations

import threading

from sqlalchemy import Connection, event, func, select

from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import StockChange
from warehouse_app.services.change_feed import note_stock_change


def newest(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.coalesce(func.max(StockChange.seq), 0)))


def test_a_change_numbered_first_is_committed_first(pg_database: Database) -> None:
    start = newest(pg_database)
    first_wrote = threading.Event()
    let_first_commit = threading.Event()
    second_done = threading.Event()

    def hold(connection: Connection) -> None:
        # The first station's feed row is written; stop it before its COMMIT.
        if threading.current_thread() is first:
            first_wrote.set()
            let_first_commit.wait(10)

    event.listen(pg_database.write_engine, "commit", hold)

    def first_station() -> None:
        with pg_database.unit_of_work() as uow:
            note_stock_change(uow.session, "FIRST")
            uow.commit()

    def second_station() -> None:
        with pg_database.unit_of_work() as uow:
            note_stock_change(uow.session, "SECOND")
            uow.commit()
        second_done.set()

    first = threading.Thread(target=first_station)
    first.start()
    assert first_wrote.wait(10)
    second = threading.Thread(target=second_station)
    second.start()

    # The second station waits for the first one's commit, not the other way.
    assert not second_done.wait(1.0)
    let_first_commit.set()
    first.join(10)
    second.join(10)
    event.remove(pg_database.write_engine, "commit", hold)

    with pg_database.reading() as session:
        rows = session.execute(
            select(StockChange.part_number)
            .where(StockChange.seq > start)
            .order_by(StockChange.seq)
        ).scalars()
        assert list(rows) == ["FIRST", "SECOND"]
