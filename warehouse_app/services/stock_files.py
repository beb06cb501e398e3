"""Stock files for the web shop: a full file of every part, and deltas.

A delta holds the parts whose free stock, price, description or status
changed since the last file that reached the outbox. It reads the stock
change feed from the channel's cursor (feed `stock_delta`) and moves the
cursor only once the file is in place, so a failed run or a machine that was
off loses nothing: the next delta carries every change since. A full file
moves the cursor to the feed's end as read before the parts were streamed:
a change made while the file is written is sent again by the next delta,
never missed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Select, bindparam, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from warehouse_app.domain.money import shop_price
from warehouse_app.integrations.out_files import OutFormat, WrittenFile, write_file
from warehouse_app.link_settings import ChannelSettings
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import (
    Depot,
    FeedCursor,
    Part,
    Stock,
    StockChange,
)
from warehouse_app.services.change_feed import changed_parts, cursor
from warehouse_app.services.web_stock import (
    SafetyHold,
    WebStock,
    part_status,
    web_stock,
)

log = logging.getLogger("warehouse.shop_files")

DELTA_FEED = "stock_delta"
# Parts read per query for the full file: memory stays small, and each
# range's stock is read in one query.
FULL_CHUNK = 5000
STOCK_COLUMNS = ("part_number", "description", "free_stock", "price", "status")


@dataclass(frozen=True)
class StockFileResult:
    """What a stock run wrote: no file when a delta found nothing changed."""

    file: WrittenFile | None
    parts: int
    feed_end: int

    @property
    def file_name(self) -> str:
        return self.file.path.name if self.file else ""


def hold_of(channel: ChannelSettings) -> SafetyHold:
    return SafetyHold(by_part=channel.safety_by_part, by_group=channel.safety_by_group)


StockRecord = tuple[str, str, int, str, str]


def _records(stock: Iterable[WebStock]) -> Iterator[StockRecord]:
    for part in stock:
        yield (
            part.part_number,
            part.description,
            part.free,
            shop_price(part.price),
            part.status,
        )


def _parts_query() -> Select[str, str, str, Decimal, bool, str | None]:
    return (
        select(
            Part.part_number,
            Part.description,
            Part.group_code,
            Part.retail_price,
            Part.stock_item,
            Part.superseded_by,
        )
        .where(Part.part_number > bindparam("after"))
        .order_by(Part.part_number)
        .limit(FULL_CHUNK)
    )


def _free_query() -> Select[str, int]:
    """Free stock at each web depot of a range of parts, a row a depot.

    Added up in Python: cheaper than a GROUP BY, which sorts.
    """
    web_depots = select(Depot.code).where(Depot.serves_web)
    return select(Stock.part_number, Stock.on_hand - Stock.allocated).where(
        Stock.depot.in_(web_depots),
        Stock.part_number > bindparam("after"),
        Stock.part_number <= bindparam("last"),
    )


class _PlainQuery:
    """A query compiled once, whose rows come as the database driver gives them.

    No Row objects and no Decimals: a price comes as a float from SQLite and
    a Decimal from PostgreSQL, and `shop_price` prints both the same.
    """

    def __init__(self, connection: Connection, statement: ClauseElement) -> None:
        compiled = cast(SQLCompiler, statement.compile(dialect=connection.dialect))
        self.connection = connection
        self.sql = str(compiled)
        self.names = compiled.positiontup if compiled.positional else None
        self.fixed = dict(compiled.params)

    def rows(self, **values: object) -> list[Any]:
        params: Any = {**self.fixed, **values}
        if self.names is not None:
            params = tuple(params[name] for name in self.names)
        cursor = self.connection.connection.cursor()
        try:
            cursor.execute(self.sql, params)
            return list(cursor.fetchall())
        finally:
            cursor.close()


def _full_records(session: Session, hold: SafetyHold) -> Iterator[StockRecord]:
    """Every part as a stock file record, in part-number order, a chunk at a time.

    The same free stock as `web_stock.all_web_stock` (a test holds them
    equal), read as plain values a range of part numbers at a time: one
    query per range for the parts and one for their stock, instead of a
    stock lookup per part and half a million `WebStock` objects and
    Decimals, which took longer than the whole file may (FIXME:web-stock:
    the free-stock rule lives here and in web_stock until web_stock has a
    plain-row reader of its own).
    """
    connection = session.connection()
    parts_of = _PlainQuery(connection, _parts_query())
    stock_of = _PlainQuery(connection, _free_query())
    holding = bool(hold.by_part or hold.by_group)
    # A catalogue has far fewer prices than parts: each printed once.
    printed: dict[Any, str] = {}
    after = ""
    while True:
        parts = parts_of.rows(after=after)
        if not parts:
            return
        last = parts[-1][0]
        free_of: dict[str, int] = {}
        for number, free in stock_of.rows(after=after, last=last):
            free_of[number] = free_of.get(number, 0) + free
        if holding:
            # A pass of its own, over the parts with free stock only: most
            # channels hold nothing back.
            free_of = {
                number: max(free - hold.for_part(number, group), 0)
                for number, _text, group, _price, stock_item, _next in parts
                if stock_item and (free := free_of.get(number, 0)) > 0
            }
        yield from [
            (
                number,
                description,
                free if stock_item and (free := free_of.get(number, 0)) > 0 else 0,
                printed.get(price) or printed.setdefault(price, shop_price(price)),
                part_status(stock_item, successor),
            )
            for number, description, _group, price, stock_item, successor in parts
        ]
        after = last


def _feed_end(session: Session) -> int:
    return session.scalar(select(func.coalesce(func.max(StockChange.seq), 0))) or 0


def _last_seq(session: Session, channel_name: str) -> int:
    place = session.get(FeedCursor, (channel_name, DELTA_FEED))
    return place.last_seq if place is not None else 0


def _move_cursor(
    database: Database, channel_name: str, to_seq: int, at: datetime
) -> None:
    with database.unit_of_work() as uow:
        place = cursor(uow.session, channel_name, DELTA_FEED)
        # Never backwards: a delta that finished meanwhile may be further on.
        place.last_seq = max(place.last_seq, to_seq)
        place.last_run_at = at
        place.attempts = 0
        place.last_error = ""
        uow.commit()


def write_full(
    database: Database,
    channel_name: str,
    channel: ChannelSettings,
    at: datetime,
    outbox: Path | None = None,
) -> StockFileResult:
    """Every part's web stock, streamed into one file."""
    layout = OutFormat.of(channel)
    folder = outbox or channel.folder(channel_name, "outbox")
    with database.reading() as session:
        # Read first, in the same transaction as the parts: on SQLite the two
        # see one snapshot; elsewhere a later change is at worst sent twice.
        end = _feed_end(session)
        written = write_file(
            folder,
            "stock-full",
            at,
            STOCK_COLUMNS,
            _full_records(session, hold_of(channel)),
            layout,
        )
    _move_cursor(database, channel_name, end, at)
    log.info(
        "channel %s: full stock file %s, %d parts, delta cursor at %d",
        channel_name,
        written.path.name,
        written.records,
        end,
    )
    return StockFileResult(written, written.records, end)


def write_delta(
    database: Database,
    channel_name: str,
    channel: ChannelSettings,
    at: datetime,
    outbox: Path | None = None,
) -> StockFileResult:
    """The parts changed since the last delta or full file; nothing if none.

    The change feed numbers its rows in commit order (see
    `change_feed._write_feeds`), so reading on from the last number never
    passes over a change that commits late.
    """
    layout = OutFormat.of(channel)
    folder = outbox or channel.folder(channel_name, "outbox")
    with database.reading() as session:
        start = _last_seq(session, channel_name)
        parts, end = changed_parts(session, start)
        if not parts:
            log.debug("channel %s: no stock changes after %d", channel_name, start)
            return StockFileResult(None, 0, start)
        found = web_stock(session, parts, hold_of(channel))
    rows = [found[number] for number in sorted(found)]
    written = write_file(
        folder, "stock-delta", at, STOCK_COLUMNS, _records(rows), layout
    )
    _move_cursor(database, channel_name, end, at)
    log.info(
        "channel %s: stock delta %s, %d parts, changes %d..%d",
        channel_name,
        written.path.name,
        written.records,
        start + 1,
        end,
    )
    return StockFileResult(written, written.records, end)
