"""Numbering new rows before a flush on SQLite, so their INSERTs go as one batch.

The ORM has to know a new row's id to link rows to it. PostgreSQL hands the
ids of a whole batch back in order; SQLite cannot say which id went to which
row of a multi-row INSERT, so the ORM falls back to one INSERT per row, which
made an import of 200 orders send about 1,500 statements.

On SQLite a transaction that writes holds the database's only write lock
(`BEGIN IMMEDIATE`, see database.py), so the next free id of a table is its
highest id plus one, read at the flush. The ids are given in the order the
rows were added, as SQLite itself would have. A flush with one new row of a
table leaves it to SQLite, which costs nothing extra.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Any

from sqlalchemy import Column, ColumnElement, event, func, inspect, select
from sqlalchemy.orm import Mapper, Session, UOWTransaction

# Fewer new rows of a table than this in one flush are left to SQLite.
AT_LEAST = 2


@cache
def _own_id(mapper: Mapper[Any]) -> tuple[ColumnElement[Any], str] | None:
    """The integer id the database would number, and its attribute, if any."""
    key = mapper.primary_key
    if len(key) != 1:
        return None
    column = key[0]
    if column.autoincrement is not True or column.type.python_type is not int:
        return None
    return column, mapper.get_property_by_column(column).key


@event.listens_for(Session, "before_flush")
def number_new_rows(
    session: Session, _flush: UOWTransaction, _instances: object
) -> None:
    if not session.new or session.get_bind().dialect.name != "sqlite":
        return
    waiting: dict[tuple[ColumnElement[Any], str], list[Any]] = defaultdict(list)
    for instance in session.new:
        own = _own_id(inspect(instance).mapper)
        if own is not None and getattr(instance, own[1]) is None:
            waiting[own].append(instance)
    with session.no_autoflush:
        for (column, key), rows in waiting.items():
            if len(rows) < AT_LEAST:
                continue
            highest = session.execute(select(func.max(column))).scalar() or 0
            rows.sort(key=lambda row: inspect(row).insert_order)
            for number, row in enumerate(rows, start=highest + 1):
                setattr(row, key, number)


def reserve_ids(session: Session, column: Column[Any], count: int) -> list[int]:
    """`count` new ids of a table's own integer id, for rows written with Core.

    Rows that point at each other (an order and its lines, a line and its
    backorder) can then be written in one executemany a table. On SQLite the
    writer holds the only write lock, so the ids after the highest are free;
    on PostgreSQL they are drawn from the column's sequence.
    """
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "sqlite":
        highest = session.execute(select(func.max(column))).scalar() or 0
        return list(range(highest + 1, highest + 1 + count))
    table = column.table.name
    drawn = session.execute(
        select(
            func.nextval(func.pg_get_serial_sequence(table, column.name))
        ).select_from(func.generate_series(1, count))
    )
    return list(drawn.scalars())
