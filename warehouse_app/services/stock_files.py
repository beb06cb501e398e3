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

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse_app.integrations.out_files import OutFormat, WrittenFile, write_file
from warehouse_app.link_settings import ChannelSettings
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import FeedCursor, StockChange
from warehouse_app.services.change_feed import changed_parts, cursor
from warehouse_app.services.web_stock import (
    SafetyHold,
    WebStock,
    all_web_stock,
    web_stock,
)

log = logging.getLogger("warehouse.shop_files")

DELTA_FEED = "stock_delta"
STOCK_COLUMNS = ("part_number", "description", "free_stock", "price", "status")
CENT = Decimal("0.01")


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


def _records(stock: Iterable[WebStock]) -> Iterator[tuple[str, str, int, str, str]]:
    for part in stock:
        yield (
            part.part_number,
            part.description,
            part.free,
            f"{part.price:.2f}",
            part.status,
        )


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


def note_failure(database: Database, channel_name: str, feed: str, error: str) -> None:
    """Count a failed attempt on the feed's cursor; its place stays where it was."""
    with database.unit_of_work() as uow:
        place = cursor(uow.session, channel_name, feed)
        place.attempts += 1
        place.last_error = error[:2000]
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
            _records(all_web_stock(session, hold_of(channel))),
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
    """The parts changed since the last delta or full file; nothing if none."""
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
