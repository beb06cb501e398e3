"""Status files for the web shop: how far each changed order has got.

One file holds every order of the channel with an order event since the last
status file, described as it is now: a record for the order, one for each
line and one for each parcel (columns in docs/stock-and-status-files.md). The
channel's cursor on the order events (feed `status_file`) moves only once the
file is in place, so a failed run loses nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from warehouse_app.integrations.out_files import OutFormat, WrittenFile, write_file
from warehouse_app.link_settings import ChannelSettings
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import FeedCursor
from warehouse_app.services.change_feed import changed_orders, cursor
from warehouse_app.services.order_progress import ShopOrder, progress_of

log = logging.getLogger("warehouse.shop_files")

STATUS_FEED = "status_file"
STATUS_COLUMNS = (
    "record",
    "shop_order_no",
    "advice_note",
    "shop_line",
    "line",
    "part_number",
    "status",
    "quantity",
    "allocated",
    "backordered",
    "picked",
    "packed",
    "invoice_number",
    "tracking_number",
    "at",
)
# Orders described per query; the order events after a long outage can name
# tens of thousands.
CHUNK = 500

Record = tuple[str | int, ...]


@dataclass(frozen=True)
class StatusFileResult:
    file: WrittenFile | None
    orders: int
    feed_end: int

    @property
    def file_name(self) -> str:
        return self.file.path.name if self.file else ""


def _stamp(at: datetime | None) -> str:
    return at.isoformat(timespec="seconds") if at else ""


def order_records(order: ShopOrder) -> Iterator[Record]:
    """The order, its lines and its parcels as status file records."""
    at = order.history[-1].at if order.history else order.updated_at
    yield (
        "order",
        order.shop_order_no,
        order.advice_note,
        "",
        "",
        "",
        order.status,
        sum(line.quantity for line in order.lines),
        sum(line.qty_allocated for line in order.lines),
        sum(line.qty_backordered for line in order.lines),
        sum(line.qty_picked for line in order.lines),
        sum(line.qty_packed for line in order.lines),
        " ".join(order.invoice_numbers),
        " ".join(p.tracking_number for p in order.parcels if p.tracking_number),
        _stamp(at),
    )
    for line in order.lines:
        yield (
            "line",
            order.shop_order_no,
            order.advice_note,
            line.shop_line,
            line.line_no,
            line.part_number,
            line.status,
            line.quantity,
            line.qty_allocated,
            line.qty_backordered,
            line.qty_picked,
            line.qty_packed,
            line.invoice_number or "",
            "",
            _stamp(order.updated_at),
        )
    for parcel in order.parcels:
        yield (
            "parcel",
            order.shop_order_no,
            order.advice_note,
            "",
            parcel.number,
            "",
            order.status,
            "",
            "",
            "",
            "",
            "",
            "",
            parcel.tracking_number or "",
            _stamp(parcel.closed_at),
        )


def _records(session: Session, order_ids: Sequence[int]) -> Iterator[Record]:
    for start in range(0, len(order_ids), CHUNK):
        for order in progress_of(session, order_ids[start : start + CHUNK]):
            yield from order_records(order)


def write_status(
    database: Database,
    channel_name: str,
    channel: ChannelSettings,
    at: datetime,
    outbox: Path | None = None,
) -> StatusFileResult:
    """A status file of the orders changed since the last one; nothing if none."""
    layout = OutFormat.of(channel)
    folder = outbox or channel.folder(channel_name, "outbox")
    with database.reading() as session:
        place = session.get(FeedCursor, (channel_name, STATUS_FEED))
        start = place.last_seq if place is not None else 0
        order_ids, end = changed_orders(session, channel_name, start)
        if not order_ids:
            return StatusFileResult(None, 0, start)
        written = write_file(
            folder,
            "status",
            at,
            STATUS_COLUMNS,
            _records(session, order_ids),
            layout,
        )
    with database.unit_of_work() as uow:
        moved = cursor(uow.session, channel_name, STATUS_FEED)
        moved.last_seq = max(moved.last_seq, end)
        moved.last_run_at = at
        moved.attempts = 0
        moved.last_error = ""
        uow.commit()
    log.info(
        "channel %s: status file %s, %d orders, events %d..%d",
        channel_name,
        written.path.name,
        len(order_ids),
        start + 1,
        end,
    )
    return StatusFileResult(written, len(order_ids), end)
