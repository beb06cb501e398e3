"""The stock ledger: every change of on-hand is a movement, written with it."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse_app.persistence.tables import AllocationEvent, Stock, StockMovement
from warehouse_app.services.change_feed import note_free_change
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.group_totals import note_on_hand
from warehouse_app.services.station import Station

log = logging.getLogger("warehouse.ledger")


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
    after = before + qty_change
    if after < 0:
        raise WarehouseError(
            f"You cannot take {-qty_change} of part {stock.part_number} from"
            f" {stock.depot}: only {before} on hand. Count the bin and correct"
            " the stock first."
        )
    stock.on_hand = after
    if qty_change:
        note_free_change(session, stock.depot, stock.part_number, qty_change)
        note_on_hand(session, stock.depot, stock.part_number, qty_change)
    movement = StockMovement(
        at=now(),
        user=station.user,
        station=station.name,
        depot=stock.depot,
        part_number=stock.part_number,
        movement_type=movement_type.value,
        document_ref=document_ref,
        qty_change=qty_change,
        qty_before=before,
        qty_after=after,
        bin=stock.bin,
        reason=reason,
        reverses_seq=reverses_seq,
    )
    session.add(movement)
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
    return movement


def change_allocation(
    session: Session, stock: Stock, order_line_id: int, qty_change: int, reason: str
) -> None:
    """Set stock aside for an order line (positive) or release it (negative)."""
    stock.allocated += qty_change
    note_free_change(session, stock.depot, stock.part_number, -qty_change)
    session.add(
        AllocationEvent(
            at=now(),
            depot=stock.depot,
            part_number=stock.part_number,
            order_line_id=order_line_id,
            qty_change=qty_change,
            reason=reason,
        )
    )
