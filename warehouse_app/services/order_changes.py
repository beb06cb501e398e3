"""An order the shop sends again: the same (already imported) or changed.

A later file may repeat an order already taken. If it says the same thing,
nothing happens; if it changes the lines, quantities, prices, customer or
delivery address, the change is flagged as an `OrderConflict` for a person
to settle with the shop, and never applied by itself: the order may already
be picked or invoiced.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse_app.integrations.incoming import IncomingOrder
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import OrderConflict, WebOrder
from warehouse_app.services.errors import NotFound
from warehouse_app.services.ledger import now

log = logging.getLogger("warehouse.import")

# The order's fields a later file may not change, with the words for them.
FIELDS = (
    ("customer_account", "customer account"),
    ("country", "country"),
    ("delivery_method", "delivery method"),
    ("email", "email"),
    ("ship_name", "ship-to name"),
    ("ship_address1", "address line 1"),
    ("ship_address2", "address line 2"),
    ("ship_town", "town"),
    ("ship_postcode", "postcode"),
)


# Prices are kept to four places (Numeric(14, 4)); a file's 2.55555 was
# stored as 2.5556 and is the same price.
PLACES = Decimal("0.0001")


def _lines_of_order(order: WebOrder) -> Counter[tuple[str, Decimal]]:
    # A short pick or a backorder splits a line; the pieces add up again.
    held: Counter[tuple[str, Decimal]] = Counter()
    for line in order.lines:
        price = Decimal(line.unit_price).quantize(PLACES)
        held[(line.part_number, price)] += line.quantity
    return held


def _lines_of_file(incoming: IncomingOrder) -> Counter[tuple[str, Decimal]]:
    sent: Counter[tuple[str, Decimal]] = Counter()
    for line in incoming.lines:
        sent[(line.part_number, line.unit_price.quantize(PLACES))] += line.quantity
    return sent


def differences(order: WebOrder, incoming: IncomingOrder, guest: str) -> list[str]:
    """What the file says differently from the order taken before, in words."""
    found = []
    sent = {name: getattr(incoming, name, "") for name, _ in FIELDS}
    sent["customer_account"] = incoming.customer_account or guest
    for name, words in FIELDS:
        before, after = str(getattr(order, name) or ""), str(sent[name] or "")
        if before != after:
            found.append(f"{words}: {before!r} in the order, {after!r} in the file")
    held, wanted = _lines_of_order(order), _lines_of_file(incoming)
    for part, price in sorted(set(held) | set(wanted)):
        if held[(part, price)] != wanted[(part, price)]:
            found.append(
                f"part {part} at {price:.2f}: {held[(part, price)]} in the order,"
                f" {wanted[(part, price)]} in the file"
            )
    return found


def flag(
    session: Session,
    channel: str,
    order: WebOrder,
    file_name: str,
    found: list[str],
) -> None:
    """Record the change for a person, once while it is not settled."""
    text = "\n".join(found)
    already = session.scalar(
        select(OrderConflict.id).where(
            OrderConflict.channel == channel,
            OrderConflict.order_id == order.id,
            OrderConflict.resolved_at.is_(None),
            OrderConflict.differences == text,
        )
    )
    if already is not None:
        return
    session.add(
        OrderConflict(
            channel=channel,
            shop_order_no=order.shop_order_no,
            order_id=order.id,
            at=now(),
            file_name=file_name[:200],
            differences=text,
            resolved_at=None,
            resolved_by="",
        )
    )
    log.warning(
        "order %s (advice note %s) sent again by %s with changes, flagged: %s",
        order.shop_order_no,
        order.advice_note,
        file_name,
        "; ".join(found),
    )


@dataclass(frozen=True)
class FlaggedChange:
    """A changed order a later file sent, as a person sees it on the list."""

    id: int
    channel: str
    shop_order_no: str
    advice_note: str
    at: datetime
    file_name: str
    differences: str
    settled_at: datetime | None
    settled_by: str


def open_changes(session: Session, channel: str | None = None) -> list[FlaggedChange]:
    """The flagged changes not settled yet, newest first; of one shop if named."""
    query = (
        select(OrderConflict, WebOrder.advice_note)
        .join(WebOrder, WebOrder.id == OrderConflict.order_id)
        .where(OrderConflict.resolved_at.is_(None))
        .order_by(OrderConflict.at.desc(), OrderConflict.id.desc())
    )
    if channel is not None:
        query = query.where(OrderConflict.channel == channel)
    return [_flagged(row, advice_note) for row, advice_note in session.execute(query)]


def _flagged(row: OrderConflict, advice_note: str) -> FlaggedChange:
    return FlaggedChange(
        row.id,
        row.channel,
        row.shop_order_no,
        advice_note,
        row.at,
        row.file_name,
        row.differences,
        row.resolved_at,
        row.resolved_by,
    )


def settle(database: Database, conflict_id: int, by: str) -> FlaggedChange:
    """A person has settled a flagged change with the shop: off the list.

    Nothing of the order changes: what the shop and the person agreed is done
    by hand. Settling one already settled leaves who and when as they were.
    """
    with database.unit_of_work() as uow:
        conflict = uow.session.get(OrderConflict, conflict_id)
        if conflict is None:
            raise NotFound(
                f"There is no flagged order change #{conflict_id}. Refresh the list"
                " (warehouse-app shop conflicts)."
            )
        order = uow.session.get(WebOrder, conflict.order_id)
        already = conflict.resolved_at is not None
        if not already:
            conflict.resolved_at = now()
            conflict.resolved_by = by[:40]
        settled = _flagged(conflict, order.advice_note if order else "")
        uow.commit()
    if not already:
        log.info(
            "flagged change #%d of order %s settled by %s",
            conflict_id,
            settled.shop_order_no,
            by,
        )
    return settled
