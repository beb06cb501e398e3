"""Cancelling an order before it is picked.

Until the first unit is taken from a bin, cancelling is only paperwork: the
allocations are released, the lines become cancelled, and the stock that
comes free goes to the orders waiting for it, oldest first. Once a unit has
been picked, the parts are off the shelf; the order can no longer be
cancelled here, and the answer says which line stops it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from warehouse_app.domain.lifecycle import LineStatus, check_step
from warehouse_app.persistence.tables import OrderLine, WebOrder
from warehouse_app.services.errors import NotFound, WarehouseError
from warehouse_app.services.ledger import change_allocation, needs_row_locks, stock_row
from warehouse_app.services.lost_sales import LostReason, record_lost_sale
from warehouse_app.services.order_status import refresh
from warehouse_app.services.orders import allocate_waiting
from warehouse_app.services.print_queue import withdraw_pick_documents
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.orders")

# Who cancels when the caller does not say: the web shop itself.
WEB_SHOP = Station("web-service", "web-shop")

# Lines in these states have left the shelf, or the building.
_TOO_LATE = frozenset(
    {
        LineStatus.PICKED,
        LineStatus.PACKED,
        LineStatus.INVOICED,
        LineStatus.DISPATCHED,
    }
)


class CancelRefused(WarehouseError):
    """The order has got too far to be cancelled."""


@dataclass(frozen=True)
class Cancelled:
    order_id: int
    advice_note: str
    already: bool
    released: dict[str, int]
    given_to: tuple[str, ...]


def why_not(order: WebOrder) -> str | None:
    """Why the order cannot be cancelled any more, or None when it can."""
    for line in order.lines:
        status = LineStatus(line.status)
        if status is LineStatus.CANCELLED:
            continue
        if status in _TOO_LATE or line.qty_picked > 0:
            done = status.value if status in _TOO_LATE else "being picked"
            return (
                f"Order {order.shop_order_no} (advice note {order.advice_note})"
                f" cannot be cancelled: line {line.line_no} ({line.part_number})"
                f" is already {done}, so its parts have left the shelf. Ask the"
                " parts department to stop it; once it is delivered, the customer"
                " can return it."
            )
    return None


def cancel(
    session: Session, order_id: int, station: Station | None = None
) -> Cancelled:
    """Cancel every line of the order; refuse once picking has begun.

    What the order still waited for (its backorders) is recorded as a lost
    sale: demand the stock could not meet.
    """
    order = session.get(WebOrder, order_id, with_for_update=needs_row_locks(session))
    if order is None:
        raise NotFound(
            f"Order {order_id} could not be cancelled: there is no such order;"
            " it may have gone since the list was shown. Refresh the Incoming"
            " orders list and find the order by its shop order number or advice"
            " note."
        )
    live = [line for line in order.lines if line.status != LineStatus.CANCELLED]
    if not live:
        return Cancelled(order.id, order.advice_note, True, {}, ())
    reason = why_not(order)
    if reason is not None:
        raise CancelRefused(reason)

    released: dict[str, int] = {}
    with session.no_autoflush:
        for line in live:
            _lost_if_waiting(session, station or WEB_SHOP, order, line)
            freed = _cancel_line(session, order, line)
            if freed:
                released[line.part_number] = released.get(line.part_number, 0) + freed
        refresh(order)
    withdrawn = withdraw_pick_documents(
        session,
        order,
        f"Not printed: order {order.shop_order_no} (advice note"
        f" {order.advice_note}) was cancelled before its pick document printed.",
    )
    session.flush()

    given_to: list[str] = []
    for part_number in sorted(released):
        for other in allocate_waiting(session, order.depot, part_number):
            given_to.append(other.advice_note)
    log.info(
        "order %s (advice note %s) cancelled; released %s; stock given to %s;"
        " pick documents withdrawn from the print queue: %d",
        order.shop_order_no,
        order.advice_note,
        released or "nothing",
        ", ".join(given_to) or "no waiting order",
        withdrawn,
    )
    # FIXME:cancel: a pick document that already printed stays on the floor;
    # a picker who scans against it is refused at the first scan, which
    # costs a walk to the bin.
    return Cancelled(
        order.id, order.advice_note, False, released, tuple(dict.fromkeys(given_to))
    )


def _lost_if_waiting(
    session: Session, station: Station, order: WebOrder, line: OrderLine
) -> None:
    waiting = line.quantity - line.qty_allocated
    if line.is_charge or line.status != LineStatus.AWAITING_STOCK or waiting <= 0:
        return
    record_lost_sale(
        session,
        station,
        order.depot,
        line.part_number,
        waiting,
        LostReason.BACKORDER_CANCELLED,
        "" if order.guest else order.customer_account,
        order.advice_note,
    )


def _cancel_line(session: Session, order: WebOrder, line: OrderLine) -> int:
    freed = line.qty_allocated
    if freed:
        stock = stock_row(session, order.depot, line.part_number)
        change_allocation(session, stock, line.id, -freed, "cancel")
        line.qty_allocated = 0
    line.status = check_step("cancel", LineStatus(line.status), LineStatus.CANCELLED)
    return freed
