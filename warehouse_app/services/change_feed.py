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
from typing import Protocol

from sqlalchemy import event, func, insert, inspect, select
from sqlalchemy.orm import Session, SessionTransaction, object_session

from warehouse_app.domain.lifecycle import LineStatus
from warehouse_app.persistence.bulk_rows import execute_many
from warehouse_app.persistence.tables import (
    FeedCursor,
    OrderEvent,
    Parcel,
    StockChange,
    WebOrder,
)

FREE_DELTAS = "web_free_deltas"
PART_CHANGES = "part_changes"
ORDER_EVENTS = "order_events"
# The advisory lock that puts the feeds' numbers in commit order on
# PostgreSQL (any constant of our own; "FEED" in ASCII).
FEED_LOCK = 0x46454544
_STOCK_CHANGE = insert(StockChange.__table__)  # type: ignore[arg-type]
_ORDER_EVENT = insert(OrderEvent.__table__)  # type: ignore[arg-type]


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def note_free_change(
    session: Session, depot: str, part_number: str, qty_change: int
) -> None:
    """Count a change of free stock (on hand less allocated) at a depot.

    The stock change row is written at commit, and only when the part's free
    stock at some depot really moved: a pick takes the unit off on hand and
    off allocated at once, which leaves free stock where it was.
    """
    deltas: dict[tuple[str, str], int] = session.info.setdefault(FREE_DELTAS, {})
    key = (depot, part_number)
    deltas[key] = deltas.get(key, 0) + qty_change


def note_stock_change(session: Session, part_number: str) -> None:
    """Record that what the web shows of the part (price, text, status) changed."""
    session.info.setdefault(PART_CHANGES, set()).add(part_number)


@event.listens_for(Session, "before_commit")
def _write_feeds(session: Session) -> None:
    """Write the transaction's feed rows, numbered in commit order.

    A reader moves its cursor past the highest number it has seen, so a row
    must never become visible after a row with a higher number. SQLite lets
    one writer at a time in, which gives that for free. On PostgreSQL two
    transactions may take numbers in one order and commit in the other; so
    the rows are written as the last step before the commit, under a lock
    held until the commit ends, and the numbers follow the commits.
    """
    deltas: dict[tuple[str, str], int] = session.info.pop(FREE_DELTAS, {})
    changed: set[str] = session.info.pop(PART_CHANGES, set())
    events: list[dict[str, object]] = session.info.pop(ORDER_EVENTS, [])
    changed.update(part for (_depot, part), delta in deltas.items() if delta)
    if not changed and not events:
        return
    # The rows the events name go first (the connection does not flush).
    session.flush()
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(FEED_LOCK)))
    # Straight to the driver: the ORM's bulk path costs more than the rows,
    # and this runs in the commit of every scan and every batch of an import.
    if changed:
        at = now()
        execute_many(
            session,
            _STOCK_CHANGE,
            [{"at": at, "part_number": part} for part in sorted(changed)],
        )
    if events:
        execute_many(session, _ORDER_EVENT, events)


@event.listens_for(Session, "after_transaction_end")
def _forget_noted(session: Session, transaction: SessionTransaction) -> None:
    # What a rolled back transaction noted went with it. Only the outermost
    # transaction clears: a savepoint's end must not forget the notes of the
    # transaction around it.
    if transaction.parent is None:
        session.info.pop(FREE_DELTAS, None)
        session.info.pop(PART_CHANGES, None)
        session.info.pop(ORDER_EVENTS, None)


def shop_line_status(status: str, invoice_number: str | None) -> str:
    """The status a shop is told for a line (docs/web-service.md)."""
    match LineStatus(status):
        case LineStatus.AWAITING_STOCK:
            return "backordered"
        case LineStatus.ALLOCATED | LineStatus.READY_TO_PICK:
            return "allocated"
        case LineStatus.CHARGE:
            return "invoiced" if invoice_number else "allocated"
        case other:
            return other.value


class LineSeen(Protocol):
    """What the shop can see of an order line: a mapped line or a plain row."""

    @property
    def id(self) -> int: ...
    @property
    def part_number(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def quantity(self) -> int: ...
    @property
    def invoice_number(self) -> str | None: ...


def progress_digest(
    status: str, lines: Iterable[LineSeen], parcels: Iterable[Parcel] = ()
) -> str:
    """A digest of what the shop can see of an order (kept in `progress`)."""
    seen = hashlib.blake2b(digest_size=16)
    seen.update(status.encode())
    for line in lines:
        # Statuses and quantities ordered, not every unit picked or packed:
        # the shop hears of each step, not of each scan.
        seen.update(
            f"|{line.id}:{line.part_number}:{line.status}:{line.quantity}:"
            f"{line.invoice_number}".encode()
        )
    for parcel in parcels:
        seen.update(f"|p{parcel.number}:{parcel.tracking_number}".encode())
    return seen.hexdigest()


def note_order_progress(order: WebOrder) -> None:
    """Note an order event when what the shop can see of the order changed.

    The event row is written at commit, with the stock changes (see
    `_write_feeds`).
    """
    # Parcels change only through a loaded `order.parcels` (packing), so
    # parcels not loaded in this transaction cannot have changed: skip the
    # query that loading them would cost on every scan.
    parcels = () if "parcels" in inspect(order).unloaded else order.parcels
    digest = progress_digest(order.status, order.lines, parcels)
    if digest == order.progress:
        return
    order.progress = digest
    session = object_session(order)
    if session is None:
        return
    if order.id is None:
        session.flush()
    note_order_event(session, order.channel, order.id, order.status)


def note_order_event(
    session: Session, channel: str, order_id: int, status: str
) -> None:
    """An order event to be written at commit (see `_write_feeds`)."""
    session.info.setdefault(ORDER_EVENTS, []).append(
        {"at": now(), "channel": channel, "order_id": order_id, "status": status}
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
