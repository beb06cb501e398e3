"""How far an order has got, as the web shop is told it.

The status files and the web service both describe an order from here: the
order's status, each line with its quantities and status in the shop's words,
the parcels with tracking numbers, the invoices, and the times of each change.
A line the warehouse split because only part of it was in stock keeps the
shop's own line number (`shop_line`), so the shop can put the pieces together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from warehouse_app.persistence.tables import OrderEvent, OrderLine, WebOrder
from warehouse_app.services.change_feed import shop_line_status

SHOP_STATUSES = (
    "allocated",
    "backordered",
    "picking",
    "picked",
    "packed",
    "invoiced",
    "dispatched",
    "cancelled",
)


@dataclass(frozen=True)
class ShopLine:
    line_no: int
    shop_line: int
    part_number: str
    description: str
    quantity: int
    unit_price: Decimal
    status: str
    qty_allocated: int
    qty_backordered: int
    qty_picked: int
    qty_packed: int
    invoice_number: str | None


@dataclass(frozen=True)
class ShopParcel:
    number: int
    tracking_number: str | None
    weight_kg: Decimal | None
    closed_at: datetime | None


@dataclass(frozen=True)
class StatusChange:
    seq: int
    status: str
    at: datetime


@dataclass(frozen=True)
class ShopOrder:
    order_id: int
    channel: str
    shop_order_no: str
    advice_note: str
    status: str
    ordered_at: datetime
    received_at: datetime
    updated_at: datetime
    lines: tuple[ShopLine, ...]
    parcels: tuple[ShopParcel, ...]
    invoice_numbers: tuple[str, ...]
    history: tuple[StatusChange, ...]


def shop_order_status(status: str) -> str:
    """The order status in the shop's words: short of stock is backordered."""
    return {"short of stock": "backordered", "ready to pick": "allocated"}.get(
        status, status
    )


def _shop_line_numbers(lines: Sequence[OrderLine]) -> dict[int, int]:
    by_id = {line.id: line for line in lines}
    shop: dict[int, int] = {}
    for line in lines:
        first = line
        seen = 0
        while first.backorder_of in by_id and seen < len(lines):
            first = by_id[first.backorder_of]
            seen += 1
        shop[line.id] = first.line_no
    return shop


def _describe(order: WebOrder, history: Sequence[StatusChange]) -> ShopOrder:
    shop_lines = _shop_line_numbers(order.lines)
    lines = tuple(
        ShopLine(
            line_no=line.line_no,
            shop_line=shop_lines[line.id],
            part_number=line.part_number,
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            status=shop_line_status(line.status, line.invoice_number),
            qty_allocated=line.qty_allocated,
            qty_backordered=0
            if line.is_charge or line.status == "cancelled"
            else line.quantity - line.qty_allocated,
            qty_picked=line.qty_picked,
            qty_packed=line.qty_packed,
            invoice_number=line.invoice_number,
        )
        for line in order.lines
    )
    invoices = tuple(
        sorted({line.invoice_number for line in order.lines if line.invoice_number})
    )
    return ShopOrder(
        order_id=order.id,
        channel=order.channel,
        shop_order_no=order.shop_order_no,
        advice_note=order.advice_note,
        status=shop_order_status(order.status),
        ordered_at=order.ordered_at,
        received_at=order.received_at,
        updated_at=order.updated_at,
        lines=lines,
        parcels=tuple(
            ShopParcel(p.number, p.tracking_number, p.weight_kg, p.closed_at)
            for p in order.parcels
        ),
        invoice_numbers=invoices,
        history=tuple(history),
    )


def progress_of(session: Session, order_ids: Sequence[int]) -> list[ShopOrder]:
    """The shop's view of the orders, in the order of `order_ids`."""
    if not order_ids:
        return []
    orders = {
        order.id: order
        for order in session.scalars(
            select(WebOrder)
            .where(WebOrder.id.in_(order_ids))
            .options(selectinload(WebOrder.lines), selectinload(WebOrder.parcels))
        )
    }
    history: dict[int, list[StatusChange]] = defaultdict(list)
    events = session.execute(
        select(OrderEvent.order_id, OrderEvent.seq, OrderEvent.status, OrderEvent.at)
        .where(OrderEvent.order_id.in_(order_ids))
        .order_by(OrderEvent.seq)
    )
    for order_id, seq, status, at in events:
        change = StatusChange(seq, shop_order_status(status), at)
        changes = history[order_id]
        if not changes or changes[-1].status != change.status:
            changes.append(change)
    return [
        _describe(orders[order_id], history[order_id])
        for order_id in order_ids
        if order_id in orders
    ]


def find_order(session: Session, channel: str, shop_order_no: str) -> int | None:
    return session.scalar(
        select(WebOrder.id).where(
            WebOrder.channel == channel, WebOrder.shop_order_no == shop_order_no
        )
    )
