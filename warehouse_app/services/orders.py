"""Web orders become advice notes with stock allocated, oldest first."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse_app.domain.allocation import (
    Release,
    backorder_fields,
    release_step,
    share,
)
from warehouse_app.domain.documents import DocumentType
from warehouse_app.domain.lifecycle import LineStatus, check_step
from warehouse_app.integrations.incoming import IncomingOrder
from warehouse_app.persistence.tables import OrderLine, WebOrder
from warehouse_app.services import print_queue
from warehouse_app.services.intake_rows import GUEST_ACCOUNT
from warehouse_app.services.invoicing import invoice_order
from warehouse_app.services.ledger import change_allocation, stock_row
from warehouse_app.services.order_intake import SaleablePart, receive_in_bulk
from warehouse_app.services.order_status import refresh
from warehouse_app.services.station import Station

__all__ = [
    "GUEST_ACCOUNT",
    "allocate_line",
    "allocate_waiting",
    "receive",
    "release_if_pickable",
    "split_backorder",
]

log = logging.getLogger("warehouse.orders")


def receive(
    session: Session,
    station: Station,
    incoming: IncomingOrder,
    channel: str,
    parts: Mapping[str, SaleablePart],
    part_ship: bool = True,
) -> WebOrder:
    """Turn one incoming order into an advice note and allocate its stock."""
    [order_id] = receive_in_bulk(
        session, station, [incoming], channel, parts, part_ship
    )
    return session.get_one(WebOrder, order_id)


def allocate_line(
    session: Session, order: WebOrder, line: OrderLine, flush: bool = True
) -> int:
    """Set aside what free stock allows for a waiting line; return the quantity.

    `flush=False` leaves a backorder line it splits off to the next flush.
    """
    stock = stock_row(session, order.depot, line.part_number)
    got = share(
        line.quantity - line.qty_allocated,
        stock.on_hand - stock.allocated,
        order.part_ship,
    )
    if not got.take:
        return 0
    if got.backorder:
        split_backorder(session, order, line, line.quantity - got.backorder, flush)
    line.qty_allocated += got.take
    change_allocation(session, stock, line.id, got.take, "allocate")
    if line.qty_allocated == line.quantity:
        line.status = check_step(
            "allocate", LineStatus(line.status), LineStatus.ALLOCATED
        )
    return got.take


def split_backorder(
    session: Session, order: WebOrder, line: OrderLine, keep: int, flush: bool = True
) -> OrderLine:
    """Keep `keep` units on the line; the rest becomes a backorder line."""
    rest = line.quantity - keep
    next_no = max(existing.line_no for existing in order.lines) + 1
    backorder = OrderLine(
        **backorder_fields(line, next_no, rest),
        qty_allocated=0,
        qty_picked=0,
        qty_packed=0,
        backorder_of=line.id,
    )
    order.lines.append(backorder)
    line.quantity = keep
    if flush:
        session.flush()
    log.info(
        "advice note %s line %d: %d of %s on backorder as line %d",
        order.advice_note,
        line.line_no,
        rest,
        line.part_number,
        backorder.line_no,
    )
    return backorder


def release_if_pickable(session: Session, order: WebOrder) -> bool:
    """Send allocated lines to picking, and queue the pick document.

    An order that part-ships releases whatever is allocated; one that ships
    complete waits until every stock line is allocated.
    """
    step = release_step(
        ((LineStatus(line.status), line.is_charge) for line in order.lines),
        order.part_ship,
    )
    if step is Release.INVOICE_CHARGES:
        invoice_order(session, order)
    if step is not Release.PICK:
        return False
    for line in order.lines:
        if line.status == LineStatus.ALLOCATED:
            line.status = check_step(
                "release", LineStatus.ALLOCATED, LineStatus.READY_TO_PICK
            )
    print_queue.enqueue(
        session, DocumentType.PICK_DOCUMENT, order.advice_note, order.id
    )
    return True


def allocate_waiting(session: Session, depot: str, part_number: str) -> list[WebOrder]:
    """Give newly free stock to waiting lines, oldest order first."""
    waiting = session.scalars(
        select(OrderLine)
        .join(WebOrder)
        .where(
            OrderLine.part_number == part_number,
            OrderLine.status == LineStatus.AWAITING_STOCK,
            WebOrder.depot == depot,
        )
        .order_by(WebOrder.ordered_at, WebOrder.id, OrderLine.line_no)
    ).all()
    touched: dict[int, WebOrder] = {}
    for line in waiting:
        if allocate_line(session, line.order, line):
            touched[line.order.id] = line.order
    for order in touched.values():
        release_if_pickable(session, order)
        refresh(order)
    return list(touched.values())
