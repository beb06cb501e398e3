"""The two change feeds the web shop reads: stock changes and order events.

Both are rows written in the transaction that made the change, so a feed read
forward from a cursor (`seq`) never misses a committed change, whatever
failed or was switched off in between. A consumer keeps its place in
`feed_cursor` and moves it only after it has delivered what it read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction, object_session

from warehouse_app.domain.lifecycle import LineStatus
from warehouse_app.persistence.tables import (
    FeedCursor,
    OrderEvent,
    StockChange,
    WebOrder,
)

NOTED = "stock_changes_noted"


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def note_stock_change(session: Session, part_number: str) -> None:
    """Record that the part's web stock may have changed, once per transaction."""
    noted: set[str] = session.info.setdefault(NOTED, set())
    if part_number in noted:
        return
    noted.add(part_number)
    session.add(StockChange(at=now(), part_number=part_number))


@event.listens_for(Session, "after_transaction_end")
def _forget_noted(session: Session, transaction: SessionTransaction) -> None:
    # A rolled back transaction took its rows with it, so the next change
    # must be noted again; a committed one needs no second row either way.
    session.info.pop(NOTED, None)


def shop_line_status(status: str, invoice_number: str | None) -> str:
    """The status a shop is told for a line (see docs/web-link.md)."""
    match LineStatus(status):
        case LineStatus.AWAITING_STOCK:
            return "backordered"
        case LineStatus.ALLOCATED | LineStatus.READY_TO_PICK:
            return "allocated"
        case LineStatus.CHARGE:
            return "invoiced" if invoice_number else "allocated"
        case other:
            return other.value


def _digest(order: WebOrder) -> str:
    seen = hashlib.blake2b(digest_size=16)
    seen.update(order.status.encode())
    for line in order.lines:
        seen.update(
            f"|{line.id}:{line.status}:{line.quantity}:{line.qty_allocated}:"
            f"{line.qty_picked}:{line.qty_packed}:{line.invoice_number}".encode()
        )
    for parcel in order.parcels:
        seen.update(f"|p{parcel.number}:{parcel.tracking_number}".encode())
    return seen.hexdigest()


def note_order_progress(order: WebOrder) -> None:
    """Write an order event when what the shop can see of the order changed."""
    digest = _digest(order)
    if digest == order.progress:
        return
    order.progress = digest
    session = object_session(order)
    if session is None:
        return
    if order.id is None:
        session.flush()
    session.add(
        OrderEvent(
            at=now(), channel=order.channel, order_id=order.id, status=order.status
        )
    )


def cursor(session: Session, channel: str, feed: str) -> FeedCursor:
    """The consumer's place in a feed, created at the start when new."""
    place = session.get(FeedCursor, (channel, feed))
    if place is None:
        place = FeedCursor(
            channel=channel, feed=feed, last_seq=0, attempts=0, last_error=""
        )
        session.add(place)
        session.flush()
    return place


def changed_parts(
    session: Session, after_seq: int, limit: int | None = None
) -> tuple[list[str], int]:
    """Parts changed after the cursor, each once, and the cursor to go on from.

    With a limit, reading stops after that many change rows; the returned
    cursor is then the last row read, so the next call carries on from there.
    """
    query = (
        select(StockChange.seq, StockChange.part_number)
        .where(StockChange.seq > after_seq)
        .order_by(StockChange.seq)
    )
    if limit is not None:
        query = query.limit(limit)
    last = after_seq
    parts: dict[str, None] = {}
    for seq, part_number in session.execute(query):
        parts[part_number] = None
        last = seq
    return list(parts), last


def changed_orders(
    session: Session, channel: str, after_seq: int, limit: int | None = None
) -> tuple[list[int], int]:
    """Orders of the channel with events after the cursor, in event order."""
    query = (
        select(OrderEvent.seq, OrderEvent.order_id)
        .where(OrderEvent.channel == channel, OrderEvent.seq > after_seq)
        .order_by(OrderEvent.seq)
    )
    if limit is not None:
        query = query.limit(limit)
    last = after_seq
    orders: dict[int, None] = {}
    for seq, order_id in session.execute(query):
        orders.pop(order_id, None)
        orders[order_id] = None
        last = seq
    return list(orders), last


def note_parts_changed(session: Session, part_numbers: Iterable[str]) -> None:
    for part_number in part_numbers:
        note_stock_change(session, part_number)
