"""Putting stock right: adjustments, stock check corrections, reversals.

Movements are never edited or deleted. A wrong figure is corrected by a new
movement: an adjustment with its reason, a stock check that records what was
counted, or a reversal that names the movement it takes back.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse_app.persistence.tables import StockMovement
from warehouse_app.services.errors import NotFound
from warehouse_app.services.ledger import MovementType, move, stock_row
from warehouse_app.services.station import Station
from warehouse_app.services.stock_moves import (
    REASON_WIDTH,
    REF_WIDTH,
    StockRefused,
    StockResult,
    after_allocation,
    check_take_out,
    give_to_waiting,
    holders,
    listed,
    stock_part,
    text_field,
)

log = logging.getLogger("warehouse.ledger")

# Movements whose reversal would leave something else wrong, and what to do.
_NOT_REVERSIBLE = {
    MovementType.ISSUE_ON_SALE: (
        "it issued stock to order {ref} at the pick screen. Undo the scan there,"
        " so the order line gets the stock back too"
    ),
    MovementType.REVERSAL: (
        "it is itself a reversal. Record the stock change again instead,"
        " as a receipt or an adjustment"
    ),
    MovementType.TRANSFER_OUT: (
        "it is one half of transfer {ref}. Transfer the stock back instead,"
        " so both depots are put right"
    ),
    MovementType.TRANSFER_IN: (
        "it is one half of transfer {ref}. Transfer the stock back instead,"
        " so both depots are put right"
    ),
    MovementType.SUPERSESSION: (
        "it is one half of a supersession transfer. Adjust both parts instead"
    ),
    MovementType.BIN_MOVE: "it moved no stock. Make a bin move back instead",
}


def adjust(
    session: Session,
    station: Station,
    part_text: str,
    qty_change: int,
    reason: str,
    document_ref: str = "",
) -> StockResult:
    """Add or take off stock at the station's depot, for a reason that is kept."""
    why = text_field(reason, REASON_WIDTH, "reason for the adjustment", True)
    ref = text_field(document_ref, REF_WIDTH, "document reference", False)
    if (
        isinstance(qty_change, bool)
        or not isinstance(qty_change, int)
        or not qty_change
    ):
        raise StockRefused(
            "An adjustment must add or take off a whole number of 1 or more."
        )
    part = stock_part(session, part_text)
    stock = stock_row(session, station.depot, part.part_number)
    if qty_change < 0:
        check_take_out(session, stock, -qty_change, "adjust away")

    movement = move(
        session, station, stock, MovementType.ADJUSTMENT, qty_change, ref, why
    )
    session.flush()

    allocated, picks = (
        give_to_waiting(session, stock.depot, part.part_number)
        if qty_change > 0
        else ((), ())
    )
    log.info(
        "adjustment %+d of %s at %s (%s): on hand %d -> %d",
        qty_change,
        part.part_number,
        stock.depot,
        why,
        movement.qty_before,
        movement.qty_after,
    )
    message = (
        f"Adjusted {part.part_number} at {stock.depot} by {qty_change:+d}:"
        f" on hand {movement.qty_before} -> {movement.qty_after}."
        + after_allocation(allocated, picks)
    )
    return StockResult(message, (movement.seq,), allocated, picks)


def stock_check(
    session: Session,
    station: Station,
    part_text: str,
    counted: int,
    document_ref: str = "",
    reason: str = "",
) -> StockResult:
    """Record what was counted in the bin; on-hand moves by the difference.

    A count that agrees is recorded too, with no change, so the audit trail
    shows when the part was last counted. A count below what is allocated is
    taken, since it is what is there, and the message names the orders that
    now hold stock the bin does not have.
    """
    if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0:
        raise StockRefused("The counted quantity must be a whole number, 0 or more.")
    ref = text_field(document_ref, REF_WIDTH, "count sheet reference", False)
    why = text_field(reason, REASON_WIDTH, "reason", False) or "stock check"
    part = stock_part(session, part_text)
    stock = stock_row(session, station.depot, part.part_number)

    change = counted - stock.on_hand
    movement = move(session, station, stock, MovementType.STOCK_CHECK, change, ref, why)
    session.flush()

    allocated, picks = (
        give_to_waiting(session, stock.depot, part.part_number)
        if change > 0
        else ((), ())
    )
    message = (
        f"Counted {counted} x {part.part_number} at {stock.depot}: on hand"
        f" {movement.qty_before} -> {movement.qty_after}."
        + after_allocation(allocated, picks)
    )
    if stock.allocated > stock.on_hand:
        orders = listed(holders(session, stock.depot, part.part_number))
        message += (
            f" {stock.allocated} are allocated to {orders or 'orders'}, more than"
            " were counted: short-pick what cannot be found."
        )
        log.warning(
            "count of %s at %s is %d, below the %d allocated to %s",
            part.part_number,
            stock.depot,
            counted,
            stock.allocated,
            orders,
        )
    log.info(
        "stock check of %s at %s: counted %d, on hand was %d",
        part.part_number,
        stock.depot,
        counted,
        movement.qty_before,
    )
    return StockResult(message, (movement.seq,), allocated, picks)


def reverse(session: Session, station: Station, seq: int, reason: str) -> StockResult:
    """Take back one movement with a reversing movement that names it.

    A movement can be reversed once. The reversal is refused, like any other
    change, when it would take stock below zero or below what is allocated.
    """
    why = text_field(reason, REASON_WIDTH, "reason for the reversal", True)
    original = session.get(StockMovement, seq)
    if original is None:
        raise NotFound(
            f"There is no movement {seq} in the stock ledger. Check the number"
            " in the audit trail."
        )
    kind = MovementType(original.movement_type)
    if kind in _NOT_REVERSIBLE:
        advice = _NOT_REVERSIBLE[kind].format(ref=original.document_ref or "-")
        raise StockRefused(f"Movement {seq} cannot be reversed here: {advice}.")
    if not original.qty_change:
        raise StockRefused(
            f"Movement {seq} changed no stock; there is nothing to reverse."
        )

    stock = stock_row(session, original.depot, original.part_number)
    earlier = session.scalars(
        select(StockMovement.seq).where(StockMovement.reverses_seq == seq)
    ).first()
    if earlier is not None:
        raise StockRefused(
            f"Movement {seq} was already reversed by movement {earlier}. A movement"
            " can be reversed only once; make an adjustment if stock is still wrong."
        )
    change = -original.qty_change
    if change < 0:
        check_take_out(session, stock, -change, f"reverse movement {seq} and take")

    movement = move(
        session,
        station,
        stock,
        MovementType.REVERSAL,
        change,
        original.document_ref,
        why,
        reverses_seq=seq,
    )
    session.flush()

    allocated, picks = (
        give_to_waiting(session, stock.depot, stock.part_number)
        if change > 0
        else ((), ())
    )
    log.info(
        "movement %d (%s %+d of %s at %s) reversed by %d: %s",
        seq,
        kind.value,
        original.qty_change,
        stock.part_number,
        stock.depot,
        movement.seq,
        why,
    )
    message = (
        f"Movement {seq} reversed: {change:+d} x {stock.part_number} at"
        f" {stock.depot}, on hand {movement.qty_before} -> {movement.qty_after}."
        + after_allocation(allocated, picks)
    )
    return StockResult(message, (movement.seq,), allocated, picks)
