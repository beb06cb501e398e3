"""Web orders become advice notes with stock allocated, oldest first."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse_app.domain.documents import DocumentType
from warehouse_app.domain.lifecycle import LineStatus, check_step
from warehouse_app.integrations.incoming import IncomingOrder
from warehouse_app.persistence.tables import OrderLine, Part, WebOrder
from warehouse_app.services import print_queue
from warehouse_app.services.invoicing import invoice_order
from warehouse_app.services.ledger import (
    change_allocation,
    now,
    stock_row,
    stock_rows,
)
from warehouse_app.services.numbers import next_number
from warehouse_app.services.order_status import refresh
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.orders")

GUEST_ACCOUNT = "WEBGUEST"


def receive(
    session: Session,
    station: Station,
    incoming: IncomingOrder,
    channel: str,
    parts: dict[str, Part],
    part_ship: bool = True,
) -> WebOrder:
    """Turn one incoming order into an advice note and allocate its stock."""
    [order] = receive_many(session, station, [incoming], channel, parts, part_ship)
    return order


def receive_many(
    session: Session,
    station: Station,
    incoming: list[IncomingOrder],
    channel: str,
    parts: dict[str, Part],
    part_ship: bool = True,
) -> list[WebOrder]:
    """Turn incoming orders into advice notes, allocating stock in their order.

    The orders and their lines are written in one flush, and the stock rows
    of every part in them read in one query; then each order in turn takes
    what free stock is left, so an earlier order in the list is served first.
    """
    orders = [
        _advice_note(session, station, one, channel, part_ship) for one in incoming
    ]
    session.add_all(orders)
    with session.no_autoflush:
        for order, one in zip(orders, incoming, strict=True):
            _add_lines(order, one, parts)
    session.flush()
    with session.no_autoflush:
        held = stock_rows(
            session,
            station.depot,
            (ln.part_number for o in orders for ln in o.lines if not ln.is_charge),
        )
        for order in orders:
            for line in [line for line in order.lines if not line.is_charge]:
                allocate_line(session, order, line, flush=False)
            release_if_pickable(session, order)
        del held
    # The backorder lines split off above get their ids, which the order's
    # progress (what the shop is told) is worked out from.
    session.flush()
    with session.no_autoflush:
        for order in orders:
            refresh(order)
            log.info(
                "order %s became advice note %s with %d lines: %s",
                order.shop_order_no,
                order.advice_note,
                len(order.lines),
                order.status,
            )
    return orders


def _advice_note(
    session: Session,
    station: Station,
    incoming: IncomingOrder,
    channel: str,
    part_ship: bool,
) -> WebOrder:
    return WebOrder(
        channel=channel,
        shop_order_no=incoming.shop_order_no,
        advice_note=next_number(session, "advice_note"),
        customer_account=incoming.customer_account or GUEST_ACCOUNT,
        guest=incoming.customer_account is None,
        country=incoming.country,
        delivery_method=incoming.delivery_method,
        depot=station.depot,
        ordered_at=incoming.ordered_at,
        received_at=now(),
        updated_at=now(),
        status="",
        part_ship=part_ship,
        email=incoming.email,
        ship_name=incoming.ship_name,
        ship_address1=incoming.ship_address1,
        ship_address2=incoming.ship_address2,
        ship_town=incoming.ship_town,
        ship_postcode=incoming.ship_postcode,
    )


def _add_lines(
    order: WebOrder, incoming: IncomingOrder, parts: dict[str, Part]
) -> None:
    for number, incoming_line in enumerate(incoming.lines, start=1):
        part = parts[incoming_line.part_number]
        order.lines.append(
            OrderLine(
                line_no=number,
                part_number=part.part_number,
                description=incoming_line.description or part.description,
                quantity=incoming_line.quantity,
                unit_price=incoming_line.unit_price,
                vat_code=part.vat_code,
                is_charge=not part.stock_item,
                status=LineStatus.AWAITING_STOCK
                if part.stock_item
                else LineStatus.CHARGE,
                qty_allocated=0,
                qty_picked=0,
                qty_packed=0,
                source_row=incoming_line.source_row,
            )
        )


def allocate_line(
    session: Session, order: WebOrder, line: OrderLine, flush: bool = True
) -> int:
    """Set aside what free stock allows for a waiting line; return the quantity.

    `flush=False` leaves a backorder line it splits off to the next flush.
    """
    stock = stock_row(session, order.depot, line.part_number)
    wanted = line.quantity - line.qty_allocated
    free = stock.on_hand - stock.allocated
    take = min(wanted, max(free, 0))
    if take <= 0:
        return 0
    if take < wanted and order.part_ship:
        split_backorder(session, order, line, line.qty_allocated + take, flush)
    line.qty_allocated += take
    change_allocation(session, stock, line.id, take, "allocate")
    if line.qty_allocated == line.quantity:
        line.status = check_step(
            "allocate", LineStatus(line.status), LineStatus.ALLOCATED
        )
    return take


def split_backorder(
    session: Session, order: WebOrder, line: OrderLine, keep: int, flush: bool = True
) -> OrderLine:
    """Keep `keep` units on the line; the rest becomes a backorder line."""
    rest = line.quantity - keep
    backorder = OrderLine(
        line_no=max(existing.line_no for existing in order.lines) + 1,
        part_number=line.part_number,
        description=line.description,
        quantity=rest,
        unit_price=line.unit_price,
        vat_code=line.vat_code,
        is_charge=False,
        status=LineStatus.AWAITING_STOCK,
        qty_allocated=0,
        qty_picked=0,
        qty_packed=0,
        backorder_of=line.id,
        source_row=line.source_row,
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
    stock_lines = [
        line
        for line in order.lines
        if not line.is_charge and line.status != LineStatus.CANCELLED
    ]
    allocated = [line for line in stock_lines if line.status == LineStatus.ALLOCATED]
    if not allocated:
        if not stock_lines:
            _invoice_charges_only(session, order)
        return False
    waiting = any(line.status == LineStatus.AWAITING_STOCK for line in stock_lines)
    if waiting and not order.part_ship:
        return False
    for line in allocated:
        line.status = check_step(
            "release", LineStatus.ALLOCATED, LineStatus.READY_TO_PICK
        )
    print_queue.enqueue(
        session, DocumentType.PICK_DOCUMENT, order.advice_note, order.id
    )
    return True


def _invoice_charges_only(session: Session, order: WebOrder) -> None:
    if any(line.status == LineStatus.CHARGE for line in order.lines):
        invoice_order(session, order)


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
