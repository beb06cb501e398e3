"""The stock ledger: every change of on-hand is a movement, written with it."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from warehouse_app.persistence.tables import AllocationEvent, Stock, StockMovement
from warehouse_app.services.change_feed import note_free_change
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.group_totals import note_on_hand
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.ledger")

_stock: Table = Stock.__table__  # type: ignore[assignment]
# The statements of a pick scan, built once: it runs them on every scan.
_SET_BALANCES = (
    update(_stock)
    .where(
        _stock.c.depot == bindparam("key_depot"),
        _stock.c.part_number == bindparam("key_part"),
    )
    .values(on_hand=bindparam("on_hand"), allocated=bindparam("allocated"))
)
_LOCK_BALANCE = (
    select(_stock.c.bin, _stock.c.on_hand, _stock.c.allocated)
    .where(
        _stock.c.depot == bindparam("depot"),
        _stock.c.part_number == bindparam("part_number"),
    )
    .with_for_update()
)
_ADD_MOVEMENT = insert(StockMovement.__table__)  # type: ignore[arg-type]
_ADD_ALLOCATION_EVENT = insert(AllocationEvent.__table__)  # type: ignore[arg-type]


class MovementType(StrEnum):
    OPENING_BALANCE = "opening_balance"
    GOODS_RECEIPT = "goods_receipt"
    ISSUE_ON_SALE = "issue_on_sale"
    CUSTOMER_RETURN = "customer_return"
    ADJUSTMENT = "adjustment"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    STOCK_CHECK = "stock_check"
    SUPERSESSION = "supersession"
    BIN_MOVE = "bin_move"
    REVERSAL = "reversal"


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def needs_row_locks(session: Session) -> bool:
    """PostgreSQL needs SELECT ... FOR UPDATE; SQLite already holds the write lock."""
    bind = session.get_bind()
    return bind.dialect.name != "sqlite"


@dataclass
class Balance:
    """A part's stock row at a depot as plain values, read in this transaction."""

    depot: str
    part_number: str
    bin: str | None
    on_hand: int
    allocated: int


def stock_row(session: Session, depot: str, part_number: str) -> Stock:
    """The part's stock row at the depot, locked for this transaction."""
    row = session.get(
        Stock, (depot, part_number), with_for_update=needs_row_locks(session)
    )
    if row is None:
        row = Stock(
            depot=depot,
            part_number=part_number,
            on_hand=0,
            allocated=0,
            min_qty=0,
            max_qty=0,
        )
        session.add(row)
        session.flush()
    return row


def stock_rows(
    session: Session, depot: str, part_numbers: Iterable[str]
) -> dict[str, Stock]:
    """The parts' stock rows at the depot in one query, locked for this transaction.

    Keep the returned mapping while working on the parts: the session holds
    rows it has not changed only weakly, and `stock_row` then finds them
    without reading each again. Rows are locked in part-number order, the
    same order for every station, so two stations never deadlock over them.
    """
    wanted = sorted(set(part_numbers))
    if not wanted:
        return {}
    query = (
        select(Stock)
        .where(Stock.depot == depot, Stock.part_number.in_(wanted))
        .order_by(Stock.part_number)
    )
    if needs_row_locks(session):
        query = query.with_for_update()
    return {row.part_number: row for row in session.scalars(query)}


def move(
    session: Session,
    station: Station,
    stock: Stock,
    movement_type: MovementType,
    qty_change: int,
    document_ref: str = "",
    reason: str = "",
    reverses_seq: int | None = None,
) -> StockMovement:
    """Change on-hand and write the movement that explains it."""
    before = stock.on_hand
    after = _checked(stock.depot, stock.part_number, before, qty_change)
    stock.on_hand = after
    values = _movement(
        session,
        station,
        Balance(stock.depot, stock.part_number, stock.bin, before, stock.allocated),
        movement_type,
        qty_change,
        document_ref,
        reason,
        reverses_seq,
    )
    movement = StockMovement(**values)
    session.add(movement)
    return movement


def _checked(depot: str, part_number: str, before: int, qty_change: int) -> int:
    """On hand after the change; never below zero."""
    after = before + qty_change
    if after < 0:
        raise WarehouseError(
            f"You cannot take {-qty_change} of part {part_number} from"
            f" {depot}: only {before} on hand. Count the bin and correct"
            " the stock first."
        )
    return after


def _movement(
    session: Session,
    station: Station,
    stock: Balance,
    movement_type: MovementType,
    qty_change: int,
    document_ref: str,
    reason: str,
    reverses_seq: int | None,
) -> dict[str, Any]:
    """The movement row of a change of on hand; the change is noted for the
    feeds and the group totals."""
    before = stock.on_hand
    after = before + qty_change
    if qty_change:
        note_free_change(session, stock.depot, stock.part_number, qty_change)
        note_on_hand(session, stock.depot, stock.part_number, qty_change)
    log.debug(
        "%s %+d of %s at %s (%d -> %d) for %s",
        movement_type.value,
        qty_change,
        stock.part_number,
        stock.depot,
        before,
        after,
        document_ref,
    )
    return {
        "at": now(),
        "user": station.user,
        "station": station.name,
        "depot": stock.depot,
        "part_number": stock.part_number,
        "movement_type": movement_type.value,
        "document_ref": document_ref,
        "qty_change": qty_change,
        "qty_before": before,
        "qty_after": after,
        "bin": stock.bin,
        "reason": reason,
        "reverses_seq": reverses_seq,
    }


def change_allocation(
    session: Session, stock: Stock, order_line_id: int, qty_change: int, reason: str
) -> None:
    """Set stock aside for an order line (positive) or release it (negative)."""
    stock.allocated += qty_change
    session.add(
        AllocationEvent(
            **_allocation_event(
                session,
                stock.depot,
                stock.part_number,
                order_line_id,
                qty_change,
                reason,
            )
        )
    )


def _allocation_event(
    session: Session,
    depot: str,
    part_number: str,
    order_line_id: int,
    qty_change: int,
    reason: str,
) -> dict[str, Any]:
    """The allocation event row of a change of allocated; free stock is noted."""
    note_free_change(session, depot, part_number, -qty_change)
    return {
        "at": now(),
        "depot": depot,
        "part_number": part_number,
        "order_line_id": order_line_id,
        "qty_change": qty_change,
        "reason": reason,
    }


def locked_balance(session: Session, depot: str, part_number: str) -> Balance | None:
    """The part's balances at the depot, the row locked for this transaction."""
    row = (
        session.connection()
        .execute(_LOCK_BALANCE, {"depot": depot, "part_number": part_number})
        .first()
    )
    if row is None:
        return None
    return Balance(depot, part_number, row.bin, row.on_hand, row.allocated)


def issue_on_sale(
    session: Session,
    station: Station,
    stock: Balance,
    order_line_id: int,
    quantity: int,
    advice_note: str,
) -> int:
    """Take picked stock off on hand and off what the line holds; the movement's seq.

    The pick scan's own path: the same rows as `move` and `change_allocation`
    write, sent as plain statements, because it runs on every scan. `stock`
    must have been read in this transaction (locked, on PostgreSQL).
    """
    after = _checked(stock.depot, stock.part_number, stock.on_hand, -quantity)
    connection = session.connection()
    values = _movement(
        session,
        station,
        stock,
        MovementType.ISSUE_ON_SALE,
        -quantity,
        advice_note,
        "",
        None,
    )
    added = connection.execute(_ADD_MOVEMENT, values).inserted_primary_key
    assert added is not None  # seq is the ledger's own primary key
    stock.on_hand = after
    stock.allocated -= quantity
    connection.execute(
        _SET_BALANCES,
        {
            "key_depot": stock.depot,
            "key_part": stock.part_number,
            "on_hand": stock.on_hand,
            "allocated": stock.allocated,
        },
    )
    connection.execute(
        _ADD_ALLOCATION_EVENT,
        _allocation_event(
            session, stock.depot, stock.part_number, order_line_id, -quantity, "issue"
        ),
    )
    return int(added[0])
