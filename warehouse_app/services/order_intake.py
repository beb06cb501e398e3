"""Web orders received in bulk: advice notes worked out on plain rows, then written.

An import takes thousands of orders at a time, and building an ORM object
for every order, line, allocation event and pick document cost ten times the
SQL itself (docs/benchmarks.md). So a batch is worked out here on plain rows,
by the rules the rest of the app follows (domain/allocation.py,
domain/lifecycle.py), and each table is written with one executemany.

The session is flushed first, and the stock rows it holds are expired after,
so ORM work before and after in the same transaction sees what was written.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple, Protocol, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from warehouse_app.domain.allocation import (
    Release,
    backorder_fields,
    release_step,
    share,
)
from warehouse_app.domain.documents import DocumentType
from warehouse_app.domain.lifecycle import LineStatus, check_step, derive_order_status
from warehouse_app.domain.money import line_net
from warehouse_app.integrations.incoming import IncomingOrder
from warehouse_app.persistence.bulk_rows import execute_many, plain_rows_among
from warehouse_app.persistence.row_ids import reserve_ids
from warehouse_app.persistence.tables import (
    AllocationEvent,
    OrderLine,
    Part,
    PrintJob,
    Stock,
    WebOrder,
)
from warehouse_app.services import print_queue
from warehouse_app.services.change_feed import (
    note_free_change,
    note_order_event,
    progress_digest,
)
from warehouse_app.services.invoicing import invoice_order
from warehouse_app.services.ledger import needs_row_locks, now
from warehouse_app.services.numbers import next_number
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


class SaleablePart(Protocol):
    """What receiving an order needs to know of a part."""

    @property
    def part_number(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def vat_code(self) -> str: ...
    @property
    def stock_item(self) -> bool: ...


class PartFacts(NamedTuple):
    part_number: str
    description: str
    vat_code: str
    stock_item: bool


def part_facts(session: Session, part_numbers: Iterable[str]) -> dict[str, PartFacts]:
    """The named parts that exist, read as plain rows."""
    wanted = sorted(set(part_numbers))
    if not wanted:
        return {}
    found = plain_rows_among(
        session,
        select(
            PARTS.c.part_number,
            PARTS.c.description,
            PARTS.c.vat_code,
            PARTS.c.stock_item,
        ),
        PARTS.c.part_number,
        wanted,
    )
    return {
        number: PartFacts(number, description, vat_code, bool(stock_item))
        for number, description, vat_code, stock_item in found
    }


@dataclass(slots=True)
class _Line:
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
    backorder_of: _Line | None = None
    id: int = 0
    # A new line is not invoiced; the progress digest reads it all the same.
    invoice_number: str | None = None


@dataclass(slots=True)
class _Order:
    incoming: IncomingOrder
    advice_note: str
    lines: list[_Line]
    release: Release = Release.WAIT
    status: str = ""
    id: int = 0


@dataclass(slots=True)
class _Held:
    """A stock row as this batch sees it: what it found and what it set aside."""

    on_hand: int
    allocated: int
    added: int = 0
    new: bool = False


@dataclass
class _Batch:
    session: Session
    station: Station
    channel: str
    part_ship: bool
    stock: dict[str, _Held] = field(default_factory=dict)
    allocations: list[tuple[_Line, int]] = field(default_factory=list)
    # Full precision, one time for the batch's orders.
    written_at: datetime = field(default_factory=datetime.now)


def receive_in_bulk(
    session: Session,
    station: Station,
    incoming: Sequence[IncomingOrder],
    channel: str,
    parts: Mapping[str, SaleablePart],
    part_ship: bool = True,
) -> list[int]:
    """Write incoming orders as advice notes, allocating stock in their order.

    Each order in turn takes what free stock is left, so an earlier order in
    the list is served first. Returns the new orders' ids, in list order.
    """
    if not incoming:
        return []
    session.flush()
    batch = _Batch(session, station, channel, part_ship)
    orders = [
        _Order(one, next_number(session, "advice_note"), _lines(one, parts))
        for one in incoming
    ]
    batch.stock = _stock(
        session,
        station.depot,
        {line.part_number for o in orders for line in o.lines if not line.is_charge},
    )
    for order in orders:
        _allocate(batch, order)
    _number(session, orders)
    _write(batch, orders)
    return [order.id for order in orders]


def _lines(incoming: IncomingOrder, parts: Mapping[str, SaleablePart]) -> list[_Line]:
    lines = []
    for number, line in enumerate(incoming.lines, start=1):
        part = parts[line.part_number]
        lines.append(
            _Line(
                line_no=number,
                part_number=part.part_number,
                description=line.description or part.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                vat_code=part.vat_code,
                is_charge=not part.stock_item,
                status=LineStatus.AWAITING_STOCK
                if part.stock_item
                else LineStatus.CHARGE,
                source_row=line.source_row,
            )
        )
    return lines


def _stock(session: Session, depot: str, part_numbers: set[str]) -> dict[str, _Held]:
    """The parts' stock rows at the depot, locked; rows missing are made at zero.

    Locked in part-number order, the same order for every station, so two
    stations never deadlock over them.
    """
    if not part_numbers:
        return {}
    query = (
        select(STOCK.c.part_number, STOCK.c.on_hand, STOCK.c.allocated)
        .where(STOCK.c.depot == depot)
        .order_by(STOCK.c.part_number)
    )
    if needs_row_locks(session):
        query = query.with_for_update()
    found = plain_rows_among(session, query, STOCK.c.part_number, sorted(part_numbers))
    held = {part: _Held(on_hand, allocated) for part, on_hand, allocated in found}
    for part in sorted(part_numbers - held.keys()):
        held[part] = _Held(0, 0, new=True)
    return held


def _allocate(batch: _Batch, order: _Order) -> None:
    """Give each stock line its share, then release the order if it may go."""
    for line in [line for line in order.lines if not line.is_charge]:
        held = batch.stock[line.part_number]
        got = share(
            line.quantity - line.qty_allocated,
            held.on_hand - held.allocated,
            batch.part_ship,
        )
        if not got.take:
            continue
        if got.backorder:
            _split_backorder(order, line, got.backorder)
        line.qty_allocated += got.take
        held.allocated += got.take
        held.added += got.take
        note_free_change(
            batch.session, batch.station.depot, line.part_number, -got.take
        )
        batch.allocations.append((line, got.take))
        if line.qty_allocated == line.quantity:
            line.status = check_step("allocate", line.status, LineStatus.ALLOCATED)
    order.release = release_step(
        ((line.status, line.is_charge) for line in order.lines), batch.part_ship
    )
    if order.release is Release.PICK:
        for line in order.lines:
            if line.status == LineStatus.ALLOCATED:
                line.status = check_step(
                    "release", line.status, LineStatus.READY_TO_PICK
                )
    order.status = derive_order_status(line.status for line in order.lines).value


def _split_backorder(order: _Order, line: _Line, rest: int) -> None:
    next_no = max(existing.line_no for existing in order.lines) + 1
    backorder = _Line(**backorder_fields(line, next_no, rest), backorder_of=line)
    order.lines.append(backorder)
    line.quantity -= rest
    log.info(
        "advice note %s line %d: %d of %s on backorder as line %d",
        order.advice_note,
        line.line_no,
        rest,
        line.part_number,
        backorder.line_no,
    )


def _number(session: Session, orders: list[_Order]) -> None:
    order_ids = reserve_ids(session, ORDERS.c.id, len(orders))
    line_ids = iter(reserve_ids(session, LINES.c.id, sum(len(o.lines) for o in orders)))
    for order, order_id in zip(orders, order_ids, strict=True):
        order.id = order_id
        for line in order.lines:
            line.id = next(line_ids)


def _write(batch: _Batch, orders: list[_Order]) -> None:
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


def _order_row(batch: _Batch, order: _Order, received: datetime) -> dict[str, Any]:
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


def _line_row(order: _Order, line: _Line) -> dict[str, Any]:
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


def _expire_stock(session: Session, depot: str, stock: Mapping[str, _Held]) -> None:
    """Stock rows the session already held are read again when next used."""
    held = session.identity_map
    for key in list(held.keys()):
        if key[0] is Stock and key[1][0] == depot and key[1][1] in stock:
            session.expire(held[key])


def _invoice_charges(session: Session, order_id: int) -> None:
    order = session.get_one(WebOrder, order_id)
    invoice_order(session, order)
    refresh(order)
