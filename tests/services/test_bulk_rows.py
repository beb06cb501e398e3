"""Many rows in one statement past the ORM, on a real SQLite file and PostgreSQL.

What `execute_many` stores must be exactly what SQLAlchemy itself would have
stored (dates as SQLite keeps them, money to the penny, flags), and the ids
`reserve_ids` hands out must never collide with the database's own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    bindparam,
    insert,
    select,
    update,
)

from warehouse_app.persistence.bulk_rows import (
    column_values,
    execute_many,
    plain_rows,
    plain_rows_among,
)
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.row_ids import reserve_ids


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'bulk.sqlite3'}")
        yield db
        db.dispose()
    else:
        yield request.getfixturevalue("pg_database")


@pytest.fixture
def probe(database: Database) -> Iterator[Table]:
    """A table of its own, with a column of each kind the app writes."""
    table = Table(
        f"bulk_probe_{uuid.uuid4().hex[:8]}",
        MetaData(),
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("at", DateTime),
        Column("price", Numeric(12, 4)),
        Column("flag", Boolean),
        Column("name", String(40)),
        Column("qty", Integer),
    )
    table.create(database.engine)
    yield table
    table.drop(database.engine)


ROWS: list[dict[str, Any]] = [
    {
        "at": datetime(2026, 12, 4, 9, 30, 15, 123456),
        "price": Decimal("3.3900"),
        "flag": True,
        "name": "WHITE METAL LANTERN",
        "qty": 6,
    },
    {
        "at": datetime(2026, 1, 1, 0, 0),
        "price": Decimal("0.0100"),
        "flag": False,
        "name": "£ sign and ünïcode",
        "qty": 0,
    },
    {"at": None, "price": None, "flag": None, "name": None, "qty": None},
]


def _stored(database: Database, table: Table) -> list[tuple[object, ...]]:
    with database.reading() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    table.c.at, table.c.price, table.c.flag, table.c.name, table.c.qty
                ).order_by(table.c.id)
            )
        ]


def test_rows_come_back_as_they_went_in(database: Database, probe: Table) -> None:
    with database.unit_of_work() as uow:
        execute_many(uow.session, insert(probe), ROWS)
        uow.commit()

    assert _stored(database, probe) == [tuple(row.values()) for row in ROWS]


def test_rows_are_stored_exactly_as_sqlalchemy_stores_them(
    database: Database, probe: Table
) -> None:
    with database.unit_of_work() as uow:
        execute_many(uow.session, insert(probe), ROWS)
        uow.session.execute(insert(probe), ROWS)
        uow.commit()

    # Read as the driver returns them: a date written by us and one written
    # by SQLAlchemy must be the same text on SQLite, so both sort together.
    with database.reading() as session:
        raw = plain_rows(
            session,
            select(probe.c.at, probe.c.price, probe.c.flag, probe.c.name).order_by(
                probe.c.id
            ),
        )
    assert raw[:3] == raw[3:]


def test_an_update_takes_named_values_per_row(database: Database, probe: Table) -> None:
    with database.unit_of_work() as uow:
        execute_many(uow.session, insert(probe), ROWS[:2])
        execute_many(
            uow.session,
            update(probe)
            .where(probe.c.name == bindparam("called"))
            .values(qty=probe.c.qty + bindparam("added")),
            [
                {"called": "WHITE METAL LANTERN", "added": 4},
                {"called": "£ sign and ünïcode", "added": -1},
            ],
        )
        uow.commit()

    assert [row[4] for row in _stored(database, probe)] == [10, -1]


def test_no_rows_send_no_statement(database: Database, probe: Table) -> None:
    with database.unit_of_work() as uow:
        execute_many(uow.session, insert(probe), [])
        uow.commit()
    assert _stored(database, probe) == []


def test_a_statement_of_one_value_converts_it_too(
    database: Database, probe: Table
) -> None:
    at = datetime(2026, 1, 1, 9, 0)
    with database.unit_of_work() as uow:
        execute_many(uow.session, insert(probe), [{"at": at}])
        execute_many(uow.session, insert(probe), [{"price": Decimal("2.5500")}])
        uow.session.execute(insert(probe), [{"at": at}])
        uow.commit()

    with database.reading() as session:
        raw = plain_rows(session, select(probe.c.at).order_by(probe.c.id))
    assert raw[0] == raw[2]
    assert [row[:2] for row in _stored(database, probe)] == [
        (at, None),
        (None, Decimal("2.5500")),
        (at, None),
    ]


def test_times_of_one_instant_in_two_zones_are_each_written_as_given(
    database: Database, probe: Table
) -> None:
    noon = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    one_pm = noon.astimezone(timezone(timedelta(hours=1)))
    with database.unit_of_work() as uow:
        execute_many(uow.session, insert(probe), [{"at": noon}, {"at": one_pm}])
        uow.session.execute(insert(probe), [{"at": noon}, {"at": one_pm}])
        uow.commit()

    with database.reading() as session:
        raw = plain_rows(session, select(probe.c.at).order_by(probe.c.id))
    assert raw[:2] == raw[2:]


def test_a_row_short_of_a_value_is_refused_naming_it(
    database: Database, probe: Table
) -> None:
    with database.unit_of_work() as uow, pytest.raises(ValueError, match="qty"):
        execute_many(
            uow.session,
            insert(probe),
            [{"name": "A", "qty": 1}, {"name": "B"}],
        )


def _three_hundred_parts(database: Database, probe: Table) -> None:
    """P000 to P299, each with its number as its quantity."""
    with database.unit_of_work() as uow:
        execute_many(
            uow.session,
            insert(probe),
            [{**ROWS[0], "name": f"P{n:03d}", "qty": n} for n in range(300)],
        )
        uow.commit()


def test_plain_rows_expand_a_list_of_values(database: Database, probe: Table) -> None:
    _three_hundred_parts(database, probe)
    wanted = [f"P{n:03d}" for n in range(0, 300, 7)]

    with database.reading() as session:
        found = plain_rows(
            session,
            select(probe.c.name, probe.c.qty)
            .where(probe.c.name.in_(wanted), probe.c.qty >= 0)
            .order_by(probe.c.name),
        )
        names = column_values(session, probe.c.name)

    assert found == [(name, int(name[1:])) for name in wanted]
    assert sorted(names) == [f"P{n:03d}" for n in range(300)]


def test_rows_among_many_values_are_asked_in_chunks_and_each_comes_once(
    database: Database, probe: Table
) -> None:
    _three_hundred_parts(database, probe)
    # Seven chunks of three, the last one short; one name that is not there.
    wanted = [f"P{n:03d}" for n in range(0, 300, 15)] + ["P999"]

    with database.reading() as session:
        found = plain_rows_among(
            session,
            select(probe.c.name, probe.c.qty)
            .where(probe.c.qty >= 0)
            .order_by(probe.c.name),
            probe.c.name,
            wanted,
            chunk=3,
        )
        nothing = plain_rows_among(
            session, select(probe.c.name), probe.c.name, [], chunk=3
        )

    assert found == [(name, int(name[1:])) for name in wanted[:-1]]
    assert nothing == []


def test_a_value_repeated_down_the_rows_is_stored_the_same_each_time(
    database: Database, probe: Table
) -> None:
    at = datetime(2026, 12, 4, 9, 30, 15, 123456)
    rows = [
        {**ROWS[0], "at": at, "price": price, "flag": flag, "qty": n}
        for n, (price, flag) in enumerate(
            [(Decimal("1.5"), True), (Decimal("1.50"), True), (Decimal("1.5"), False)]
        )
    ]
    with database.unit_of_work() as uow:
        execute_many(uow.session, insert(probe), rows)
        uow.commit()

    assert [row[:3] for row in _stored(database, probe)] == [
        (at, Decimal("1.5000"), True),
        (at, Decimal("1.5000"), True),
        (at, Decimal("1.5000"), False),
    ]


def test_reserved_ids_are_free_and_the_database_numbers_on_after_them(
    database: Database, probe: Table
) -> None:
    with database.unit_of_work() as uow:
        uow.session.execute(insert(probe), [ROWS[0]])
        ids = reserve_ids(uow.session, probe.c.id, 3)
        execute_many(uow.session, insert(probe), [{**ROWS[1], "id": n} for n in ids])
        assert reserve_ids(uow.session, probe.c.id, 0) == []
        uow.session.execute(insert(probe), [ROWS[2]])
        uow.commit()

    with database.reading() as session:
        stored = (
            session.execute(select(probe.c.id).order_by(probe.c.id)).scalars().all()
        )
    assert len(ids) == len(set(ids)) == 3
    assert len(stored) == len(set(stored)) == 5
    assert set(ids) <= set(stored)
    assert stored[-1] > max(ids)
