"""Order progress pushed to a shop's callback URL: the outbox and its place.

Every status change the shop can see is an order event, written in the same
transaction as the change (see change_feed.py). The sender reads a shop's
events forward from its `feed_cursor` row (feed "callback") and moves the
cursor past an event only once the shop acknowledged it. So a shop or a
service that was down misses nothing, and an acknowledged event is never
sent again. This module keeps the state; webservice/outbox.py sends.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import FeedCursor, OrderEvent, ShopCallback
from warehouse_app.services.api_keys import CHANNEL_PATTERN
from warehouse_app.services.change_feed import cursor
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.ledger import now

log = logging.getLogger("warehouse.callback")

FEED = "callback"

# Past 2**30 times the first wait every backoff is at the cap anyway; a larger
# power only risks a float overflow after a very long outage.
LONGEST_DOUBLING = 30
LONGEST_BACKOFF = 3600.0


@dataclass(frozen=True)
class Callback:
    channel: str
    url: str
    secret: str


@dataclass(frozen=True)
class PendingEvent:
    seq: int
    at: datetime
    order_id: int
    status: str


@dataclass(frozen=True)
class Backlog:
    channel: str
    waiting: int
    attempts: int
    next_attempt_at: datetime | None


def set_callback(
    database: Database, channel: str, url: str, secret: str | None = None
) -> Callback:
    """Push the shop's order progress to `url` from now on, signed with `secret`.

    A new callback starts after the newest event there is: the shop reads
    what happened before from the order list (GET /api/v1/orders?since=0).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise WarehouseError(
            f"{url!r} is not a web address the shop can be called at. Give it"
            " whole, like https://shop.example.com/hooks/warehouse."
        )
    if not CHANNEL_PATTERN.match(channel):
        raise WarehouseError(f"{channel!r} is not a shop name.")
    secret = secret or secrets.token_urlsafe(32)
    if len(secret) < 16 or len(secret) > 128:
        raise WarehouseError(
            "The callback secret must be 16 to 128 characters long; leave it out"
            " and a random one is made for you."
        )
    with database.unit_of_work() as uow:
        session = uow.session
        row = session.get(ShopCallback, channel)
        if row is None:
            place = cursor(session, channel, FEED)
            place.last_seq = _newest_event(session, channel)
            row = ShopCallback(channel=channel, created_at=now())
            session.add(row)
        row.url = url
        row.secret = secret
        row.enabled = True
        uow.commit()
    log.info("callbacks of shop %s go to %s", channel, url)
    return Callback(channel, url, secret)


def _newest_event(session: Session, channel: str) -> int:
    newest = session.scalar(
        select(func.max(OrderEvent.seq)).where(OrderEvent.channel == channel)
    )
    return newest or 0


def enabled_callbacks(session: Session) -> list[Callback]:
    rows = session.scalars(select(ShopCallback).where(ShopCallback.enabled))
    return [Callback(row.channel, row.url, row.secret) for row in rows]


def due(session: Session, channel: str, at: datetime) -> bool:
    """Whether the shop's next try is due (no try is waiting out a backoff)."""
    place = session.get(FeedCursor, (channel, FEED))
    if place is None or place.next_attempt_at is None:
        return True
    return place.next_attempt_at <= at


def pending(session: Session, channel: str, limit: int = 50) -> list[PendingEvent]:
    """The shop's events after its cursor, oldest first."""
    place = session.get(FeedCursor, (channel, FEED))
    last = place.last_seq if place else 0
    rows = session.execute(
        select(OrderEvent.seq, OrderEvent.at, OrderEvent.order_id, OrderEvent.status)
        .where(OrderEvent.channel == channel, OrderEvent.seq > last)
        .order_by(OrderEvent.seq)
        .limit(limit)
    )
    return [PendingEvent(*row) for row in rows]


def acknowledged(database: Database, channel: str, seq: int) -> None:
    """The shop said 2xx to event `seq`: never send it again."""
    with database.unit_of_work() as uow:
        place = cursor(uow.session, channel, FEED)
        place.last_seq = max(place.last_seq, seq)
        place.last_run_at = now()
        place.attempts = 0
        place.next_attempt_at = None
        place.last_error = ""
        uow.commit()
    log.debug("shop %s acknowledged event %d", channel, seq)


def failed(
    database: Database,
    channel: str,
    seq: int,
    error: str,
    first_wait: float,
    longest_wait: float,
) -> timedelta:
    """The shop did not acknowledge: wait longer each time, up to a cap."""
    with database.unit_of_work() as uow:
        place = cursor(uow.session, channel, FEED)
        place.attempts += 1
        wait = backoff(place.attempts, first_wait, longest_wait)
        place.next_attempt_at = datetime.now() + wait
        place.last_run_at = now()
        place.last_error = error[:500]
        attempts = place.attempts
        uow.commit()
    log.warning(
        "callback of event %d to shop %s failed (attempt %d): %s; next try in %.1f s",
        seq,
        channel,
        attempts,
        error,
        wait.total_seconds(),
    )
    return wait


def backoff(attempts: int, first_wait: float, longest_wait: float) -> timedelta:
    """How long to wait after `attempts` failed tries: doubling, never past an hour."""
    doublings = min(max(attempts - 1, 0), LONGEST_DOUBLING)
    seconds = min(first_wait * 2**doublings, longest_wait, LONGEST_BACKOFF)
    return timedelta(seconds=seconds)


def backlogs(session: Session) -> list[Backlog]:
    """Events waiting to be delivered, per shop with a callback."""
    result = []
    for callback in enabled_callbacks(session):
        place = session.get(FeedCursor, (callback.channel, FEED))
        last = place.last_seq if place else 0
        waiting = session.scalar(
            select(func.count())
            .select_from(OrderEvent)
            .where(OrderEvent.channel == callback.channel, OrderEvent.seq > last)
        )
        result.append(
            Backlog(
                callback.channel,
                waiting or 0,
                place.attempts if place else 0,
                place.next_attempt_at if place else None,
            )
        )
    return result
