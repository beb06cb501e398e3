"""Writing a batch of received orders: each table with one statement.

`order_intake` works a batch out on the plain rows defined here; `write`
puts them in with `execute_many` and expires what the session held of the
stock rows, so ORM work later in the same transaction sees what was written.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.orm import Session

from warehouse_app.domain.allocation import Release
from warehouse_app.domain.documents import DocumentType
from warehouse_app.domain.lifecycle import LineStatus
from warehouse_app.domain.money import line_net
from warehouse_app.integrations.incoming import IncomingOrder
from warehouse_app.persistence.bulk_rows import execute_many
from warehouse_app.persistence.tables import (
    AllocationEvent,
    OrderLine,
    Part,
    PrintJob,
    Stock,
    WebOrder,
)
from warehouse_app.services import print_queue
from warehouse_app.services.change_feed import note_order_event, progress_digest
from warehouse_app.services.invoicing import invoice_order
from warehouse_app.services.ledger import now
from warehouse_app.services.order_status import refresh
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.orders")

GUEST_ACCOUNT = "WEBGUEST"


def _table(entity: type[Any]) -> Table:
    return cast(Table, entity.__table__)


ORDERS, LINES, STOCK = _table(WebOrder), _table(OrderLine), _table(Stock)
PARTS = _table(Part)
_ADD_ORDERS = insert(ORDERS)
_ADD_LINES = insert(LINES)
_ADD_STOCK = insert(STOCK)
_ADD_ALLOCATIONS = insert(_table(AllocationEvent))
_ADD_PRINT_JOBS = insert(_table(PrintJob))
_SET_ASIDE = (
    update(STOCK)
    .where(
        STOCK.c.depot == bindparam("at_depot"),
        STOCK.c.part_number == bindparam("of_part"),
    )
    .values(allocated=STOCK.c.allocated + bindparam("added"))
)


# A line status as the database keeps it; `.value` costs a call per line.
_TEXT = {status: status.value for status in LineStatus}


@dataclass(slots=True)
class NewLine:
    line_no: int
    part_number: str
    description: str
    quantity: int
    unit_price: Decimal
    vat_code: str
    is_charge: bool
    status: LineStatus
    source_row: int | None
    qty_allocated: int = 0
    backorder_of: NewLine | None = None
    id: int = 0
    # A new line is not invoiced; the progress digest reads it all the same.
    invoice_number: str | None = None


@dataclass(slots=True)
class NewOrder:
    incoming: IncomingOrder
    advice_note: str
    lines: list[NewLine]
    release: Release = Release.WAIT
    status: str = ""
    id: int = 0


@dataclass(slots=True)
class HeldStock:
    """A stock row as this batch sees it: what it found and what it set aside."""

    on_hand: int
    allocated: int
    added: int = 0
    new: bool = False


@dataclass
class Batch:
    session: Session
    station: Station
    channel: str
    part_ship: bool
    stock: dict[str, HeldStock] = field(default_factory=dict)
    allocations: list[tuple[NewLine, int]] = field(default_factory=list)
    # Full precision, one time for the batch's orders.
    written_at: datetime = field(default_factory=datetime.now)


def write(batch: Batch, orders: list[NewOrder]) -> None:
    session, depot = batch.session, batch.station.depot
    received = now()
    execute_many(
        session, _ADD_ORDERS, [_order_row(batch, order, received) for order in orders]
    )
    new_stock = [part for part, held in batch.stock.items() if held.new]
    if new_stock:
        execute_many(
            session,
            _ADD_STOCK,
            [
                {
                    "depot": depot,
                    "part_number": part,
                    "on_hand": 0,
                    "allocated": 0,
                    "min_qty": 0,
                    "max_qty": 0,
                }
                for part in new_stock
            ],
        )
    execute_many(
        session,
        _ADD_LINES,
        [_line_row(order, line) for order in orders for line in order.lines],
    )
    added = [(part, held.added) for part, held in batch.stock.items() if held.added]
    if added:
        execute_many(
            session,
            _SET_ASIDE,
            [{"at_depot": depot, "of_part": part, "added": n} for part, n in added],
        )
        execute_many(
            session,
            _ADD_ALLOCATIONS,
            [
                {
                    "at": received,
                    "depot": depot,
                    "part_number": line.part_number,
                    "order_line_id": line.id,
                    "qty_change": take,
                    "reason": "allocate",
                }
                for line, take in batch.allocations
            ],
        )
    jobs = [
        print_queue.queued_row(DocumentType.PICK_DOCUMENT, order.advice_note, order.id)
        for order in orders
        if order.release is Release.PICK
    ]
    if jobs:
        execute_many(session, _ADD_PRINT_JOBS, jobs)
    _expire_stock(session, depot, batch.stock)
    for order in orders:
        if order.release is Release.INVOICE_CHARGES:
            _invoice_charges(session, order.id)
        log.info(
            "order %s became advice note %s with %d lines: %s",
            order.incoming.shop_order_no,
            order.advice_note,
            len(order.lines),
            order.status,
        )


def _order_row(batch: Batch, order: NewOrder, received: datetime) -> dict[str, Any]:
    one = order.incoming
    status = order.status
    live = [line for line in order.lines if line.status != LineStatus.CANCELLED]
    progress = ""
    # An order of charges only is invoiced below, through the ORM; its
    # refresh then tells the shop, once.
    if order.release is not Release.INVOICE_CHARGES:
        progress = progress_digest(status, order.lines)
        note_order_event(batch.session, batch.channel, order.id, status)
    return {
        "id": order.id,
        "channel": batch.channel,
        "shop_order_no": one.shop_order_no,
        "advice_note": order.advice_note,
        "customer_account": one.customer_account or GUEST_ACCOUNT,
        "guest": one.customer_account is None,
        "country": one.country,
        "delivery_method": one.delivery_method,
        "depot": batch.station.depot,
        "ordered_at": one.ordered_at,
        "received_at": received,
        # The order list notices a change by the newest time.
        "updated_at": batch.written_at,
        "status": status,
        "line_count": len(live),
        "value": sum(
            (line_net(line.quantity, line.unit_price) for line in live), Decimal("0")
        ),
        "part_ship": batch.part_ship,
        "email": one.email,
        "ship_name": one.ship_name,
        "ship_address1": one.ship_address1,
        "ship_address2": one.ship_address2,
        "ship_town": one.ship_town,
        "ship_postcode": one.ship_postcode,
        "progress": progress,
    }


def _line_row(order: NewOrder, line: NewLine) -> dict[str, Any]:
    return {
        "id": line.id,
        "order_id": order.id,
        "line_no": line.line_no,
        "part_number": line.part_number,
        "description": line.description,
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        "vat_code": line.vat_code,
        "is_charge": line.is_charge,
        "status": _TEXT[line.status],
        "qty_allocated": line.qty_allocated,
        "qty_picked": 0,
        "qty_packed": 0,
        "backorder_of": line.backorder_of.id if line.backorder_of else None,
        "invoice_number": None,
        "source_row": line.source_row,
    }


def _expire_stock(session: Session, depot: str, stock: Mapping[str, HeldStock]) -> None:
    """Stock rows the session already held are read again when next used."""
    held = session.identity_map
    for key in list(held.keys()):
        if key[0] is Stock and key[1][0] == depot and key[1][1] in stock:
            session.expire(held[key])


def _invoice_charges(session: Session, order_id: int) -> None:
    order = session.get_one(WebOrder, order_id)
    invoice_order(session, order)
    refresh(order)
