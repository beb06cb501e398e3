"""Web orders received in bulk: advice notes worked out on plain rows, then written.

An import takes thousands of orders at a time, and building an ORM object
for every order, line, allocation event and pick document cost ten times the
SQL itself (docs/benchmarks.md). So a batch is worked out here on plain rows,
by the rules the rest of the app follows (domain/allocation.py,
domain/lifecycle.py), and each table is written with one executemany
(services/intake_rows.py).

The session is flushed first, and the stock rows it holds are expired after,
so ORM work before and after in the same transaction sees what was written.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse_app.domain.allocation import (
    Release,
    backorder_fields,
    release_step,
    share,
)
from warehouse_app.domain.lifecycle import LineStatus, check_step, derive_order_status
from warehouse_app.integrations.incoming import IncomingOrder
from warehouse_app.persistence.bulk_rows import plain_rows_among
from warehouse_app.persistence.row_ids import reserve_ids
from warehouse_app.services.change_feed import (
    note_free_change,
)
from warehouse_app.services.intake_rows import (
    LINES,
    ORDERS,
    PARTS,
    STOCK,
    Batch,
    HeldStock,
    NewLine,
    NewOrder,
    write,
)
from warehouse_app.services.ledger import needs_row_locks
from warehouse_app.services.numbers import next_number
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.orders")


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
    batch = Batch(session, station, channel, part_ship)
    orders = [
        NewOrder(one, next_number(session, "advice_note"), _lines(one, parts))
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
    write(batch, orders)
    return [order.id for order in orders]


def _lines(incoming: IncomingOrder, parts: Mapping[str, SaleablePart]) -> list[NewLine]:
    lines = []
    for number, line in enumerate(incoming.lines, start=1):
        part = parts[line.part_number]
        lines.append(
            NewLine(
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


def _stock(
    session: Session, depot: str, part_numbers: set[str]
) -> dict[str, HeldStock]:
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
    held = {part: HeldStock(on_hand, allocated) for part, on_hand, allocated in found}
    for part in sorted(part_numbers - held.keys()):
        held[part] = HeldStock(0, 0, new=True)
    return held


def _allocate(batch: Batch, order: NewOrder) -> None:
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


def _split_backorder(order: NewOrder, line: NewLine, rest: int) -> None:
    next_no = max(existing.line_no for existing in order.lines) + 1
    backorder = NewLine(**backorder_fields(line, next_no, rest), backorder_of=line)
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


def _number(session: Session, orders: list[NewOrder]) -> None:
    order_ids = reserve_ids(session, ORDERS.c.id, len(orders))
    line_ids = iter(reserve_ids(session, LINES.c.id, sum(len(o.lines) for o in orders)))
    for order, order_id in zip(orders, order_ids, strict=True):
        order.id = order_id
        for line in order.lines:
            line.id = next(line_ids)
