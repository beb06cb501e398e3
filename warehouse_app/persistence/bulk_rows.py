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

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Column, Connection, Insert, Select, Update, bindparam, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.types import TypeEngine

Processor = Callable[[Any], Any] | None
# Values asked at a time by `plain_rows_among`.
CHUNK = 500


def execute_many(
    session: Session, statement: Insert | Update, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Run an INSERT or UPDATE once per row, each row a mapping by bind name.

    Every row must name the same binds as the first one, and give every
    column the statement writes: a column's Python-side default is not
    filled in here as SQLAlchemy's own execute would.
    """
    if not rows:
        return
    connection = session.connection()
    prepared = _prepared(statement, connection.dialect, tuple(rows[0]))
    converters = {
        name: _remembered(convert) for name, convert in prepared.converters.items()
    }
    try:
        if prepared.by_position:
            values: list[Any] = _positional(rows, prepared.names, converters)
        else:
            values = _named(rows, prepared.names, converters)
    except KeyError as missing:
        raise ValueError(
            f"A row for {statement.table} has no value for {missing}; the"
            f" statement needs a value for each of {', '.join(prepared.names)}."
            " Give every row all of them."
        ) from None
    connection.exec_driver_sql(prepared.sql, values)


class _Prepared(NamedTuple):
    sql: str
    # The bind names, in the order the driver takes them if by position.
    names: tuple[str, ...]
    by_position: bool
    converters: dict[str, Callable[[Any], Any]]


@lru_cache(maxsize=256)
def _prepared(
    statement: Insert | Update, dialect: Dialect, keys: tuple[str, ...]
) -> _Prepared:
    """The statement compiled for the dialect, once: a scan's commit writes
    a feed row with it, and compiling cost more than the row."""
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    assert isinstance(compiled, SQLCompiler)
    order = compiled.positiontup
    return _Prepared(
        str(compiled),
        tuple(order if order is not None else compiled.binds),
        order is not None,
        {
            name: convert
            for name, bind in compiled.binds.items()
            if (convert := _converter(bind.type, dialect)) is not None
        },
    )


def _converter(kind: TypeEngine[Any], dialect: Dialect) -> Processor:
    """The conversion SQLAlchemy applies to a value of this type on the way in.

    The dialect's own form of the type holds it: the generic DateTime has
    none, SQLite's DATETIME turns a datetime into the text SQLite keeps.
    """
    return kind.dialect_impl(dialect).bind_processor(dialect)


def _remembered(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The conversion, done once per distinct value in the rows.

    A batch repeats its values (one time of receipt, one depot, a price per
    part), and SQLite's conversion of a date and time builds a string each
    time. The key holds the value's type and time zone too: two times of
    the same instant in different zones are equal, and are written apart.
    A value that cannot be a dictionary key is converted every time.
    """
    done: dict[Any, Any] = {}

    def once(value: Any) -> Any:
        key = (value, type(value), getattr(value, "tzinfo", None))
        try:
            return done[key]
        except KeyError:
            done[key] = converted = convert(value)
            return converted
        except TypeError:
            return convert(value)

    return once


def _named(
    rows: Sequence[Mapping[str, Any]],
    names: Sequence[str],
    converters: Mapping[str, Callable[[Any], Any]],
) -> list[dict[str, Any]]:
    """Each row as a mapping of the statement's binds, converted where needed."""
    plain = [name for name in names if name not in converters]
    return [
        {
            **{name: row[name] for name in plain},
            **{name: convert(row[name]) for name, convert in converters.items()},
        }
        for row in rows
    ]


def _positional(
    rows: Sequence[Mapping[str, Any]],
    names: Sequence[str],
    converters: Mapping[str, Callable[[Any], Any]],
) -> list[Any]:
    """Each row as a tuple in the statement's order, converted where needed."""
    if len(names) == 1:
        [name] = names
        only = converters.get(name)
        if only is None:
            return [(row[name],) for row in rows]
        return [(only(row[name]),) for row in rows]
    pick = itemgetter(*names)
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
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    assert isinstance(compiled, SQLCompiler)
    return _fetched(connection, compiled, [_given(compiled, connection.dialect)])


def plain_rows_among(
    session: Session,
    query: Select[Any],
    column: Column[Any],
    values: Sequence[Any],
    chunk: int = CHUNK,
) -> list[Any]:
    """The rows of `query` whose `column` is one of `values` (each given once).

    A list of thousands (the parts of a batch of orders) is asked `chunk` at
    a time with one statement compiled once; SQLAlchemy spelling out an IN
    list of that length cost more than the database's lookups. Chunks are
    asked in the order of `values`: with the values sorted and the query
    ordered by `column`, rows locked FOR UPDATE are locked in that order.
    """
    if not values:
        return []
    size = min(chunk, len(values))
    places = [f"among_{place}" for place in range(size)]
    connection = session.connection()
    dialect = connection.dialect
    compiled = query.where(
        column.in_([bindparam(name, None, type_=column.type) for name in places])
    ).compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    given = _given(compiled, dialect)
    convert = _converter(compiled.binds[places[0]].type, dialect)
    asked = [convert(value) for value in values] if convert else list(values)

    def chunks() -> Iterator[dict[str, Any]]:
        for start in range(0, len(asked), size):
            part = asked[start : start + size]
            # The last chunk is filled up by asking its last value again.
            part += [part[-1]] * (size - len(part))
            yield {**given, **dict(zip(places, part, strict=True))}

    return _fetched(connection, compiled, chunks())


def _given(compiled: SQLCompiler, dialect: Dialect) -> dict[str, Any]:
    """The statement's own values, converted as SQLAlchemy would."""
    given = dict(compiled.construct_params())
    for name, bind in compiled.binds.items():
        convert = _converter(bind.type, dialect)
        if convert is not None and name in given:
            given[name] = convert(given[name])
    return given


def _fetched(
    connection: Connection, compiled: SQLCompiler, each: Iterable[dict[str, Any]]
) -> list[Any]:
    """Every row the statement returns, run once per set of values."""
    sql = str(compiled)
    order = compiled.positiontup
    cursor = connection.connection.cursor()
    found: list[Any] = []
    try:
        for given in each:
            arguments: Any = given
            if order is not None:
                arguments = tuple(given[name] for name in order)
            cursor.execute(sql, arguments)
            found.extend(cursor.fetchall())
    finally:
        cursor.close()
    return found


def column_values(session: Session, column: Column[Any]) -> list[Any]:
    """Every value of a column, as the driver returns it (see `plain_rows`)."""
    return [row[0] for row in plain_rows(session, select(column))]
