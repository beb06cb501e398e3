"""Many rows in one statement, without SQLAlchemy's work on every row.

An executemany through `Session.execute` builds and converts a parameter set
per row in Python; for the 30,000-odd rows an order file of 10,000 orders
writes (issue 6), that cost as much as the database's own work. Here the
statement is compiled once for the session's dialect, each value goes
through its column type's own conversion (the one SQLAlchemy would apply),
and the rows go to the driver's `executemany` as they are.

Reading works the same way: rows of plain values (part numbers, stock
balances) are fetched with the driver's `fetchall`, with no result rows built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, Insert, Select, Update, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.types import TypeEngine

Processor = Callable[[Any], Any] | None


def execute_many(
    session: Session, statement: Insert | Update, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Run an INSERT or UPDATE once per row, each row a mapping by bind name.

    Every row must name the same binds as the first one.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect, column_keys=list(rows[0]))
    assert isinstance(compiled, SQLCompiler)
    converters: dict[str, Processor] = {
        name: _converter(bind.type, dialect) for name, bind in compiled.binds.items()
    }
    if compiled.positiontup is not None:
        values: list[Any] = _positional(rows, compiled.positiontup, converters)
    else:
        active = {name: convert for name, convert in converters.items() if convert}
        values = [
            {
                **row,
                **{name: convert(row[name]) for name, convert in active.items()},
            }
            for row in rows
        ]
    connection.exec_driver_sql(str(compiled), values)


def _converter(kind: TypeEngine[Any], dialect: Dialect) -> Processor:
    """The conversion SQLAlchemy applies to a value of this type on the way in.

    The dialect's own form of the type holds it: the generic DateTime has
    none, SQLite's DATETIME turns a datetime into the text SQLite keeps.
    """
    return kind.dialect_impl(dialect).bind_processor(dialect)


def _positional(
    rows: Sequence[Mapping[str, Any]],
    names: Sequence[str],
    converters: Mapping[str, Processor],
) -> list[Any]:
    """Each row as a tuple in the statement's order, converted where needed."""
    pick = itemgetter(*names)
    if len(names) == 1:
        return [(pick(row),) for row in rows]
    converted = [
        (place, convert)
        for place, name in enumerate(names)
        if (convert := converters.get(name)) is not None
    ]
    if not converted:
        return [pick(row) for row in rows]
    values = []
    for row in rows:
        one = list(pick(row))
        for place, convert in converted:
            one[place] = convert(one[place])
        values.append(tuple(one))
    return values


def plain_rows(session: Session, query: Select[Any]) -> list[Any]:
    """The rows of a query as tuples, as the driver returns them.

    Only for columns the driver returns as Python wants them: text and whole
    numbers, not dates or money on SQLite (a flag comes back as 0 or 1 there).
    """
    connection = session.connection()
    dialect = connection.dialect
    compiled = query.compile(
        dialect=dialect, compile_kwargs={"render_postcompile": True}
    )
    assert isinstance(compiled, SQLCompiler)
    given = compiled.construct_params()
    for name, bind in compiled.binds.items():
        convert = _converter(bind.type, dialect)
        if convert is not None and name in given:
            given[name] = convert(given[name])
    arguments: Any = given
    if compiled.positiontup is not None:
        arguments = tuple(given[name] for name in compiled.positiontup)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), arguments)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def column_values(session: Session, column: Column[Any]) -> list[Any]:
    """Every value of a column, as the driver returns it (see `plain_rows`)."""
    return [row[0] for row in plain_rows(session, select(column))]
