"""Stock that moves without being bought or sold: between depots, from an old
part number to the one that replaces it, and from one bin to another.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse_app.domain.lifecycle import LineStatus
from warehouse_app.persistence.tables import OrderLine, Stock, WebOrder
from warehouse_app.services.ledger import MovementType, move, stock_row
from warehouse_app.services.order_status import refresh
from warehouse_app.services.station import Station
from warehouse_app.services.stock_moves import (
    BIN_WIDTH,
    REF_WIDTH,
    StockRefused,
    StockResult,
    after_allocation,
    check_take_out,
    give_to_waiting,
    holders,
    known_depot,
    listed,
    put_away_bin,
    stock_part,
    text_field,
    whole_quantity,
)

log = logging.getLogger("warehouse.ledger")


def _locked_pair(
    session: Session, first: tuple[str, str], second: tuple[str, str]
) -> tuple[Stock, Stock]:
    # Always lock the two rows in the same order, so two stations moving
    # stock opposite ways wait for each other instead of deadlocking.
    rows = {key: stock_row(session, *key) for key in sorted((first, second))}
    return rows[first], rows[second]


def transfer(
    session: Session,
    station: Station,
    part_text: str,
    quantity: int,
    to_depot: str,
    document_ref: str,
    to_bin: str | None = None,
) -> StockResult:
    """Send free stock from the station's depot to another, as one transaction."""
    whole_quantity(quantity, "transfer")
    ref = text_field(document_ref, REF_WIDTH, "transfer note number", True)
    part = stock_part(session, part_text)
    target = known_depot(session, to_depot)
    if target == station.depot:
        raise StockRefused(
            f"Part {part.part_number} is already at {target}. Choose the depot to"
            " send it to, or make a bin move to move it within the depot."
        )
    source, dest = _locked_pair(
        session, (station.depot, part.part_number), (target, part.part_number)
    )
    check_take_out(session, source, quantity, "transfer")
    into = put_away_bin(dest, to_bin)

    out = move(
        session,
        station,
        source,
        MovementType.TRANSFER_OUT,
        -quantity,
        ref,
        f"to {target}",
    )
    arrived = move(
        session,
        station,
        dest,
        MovementType.TRANSFER_IN,
        quantity,
        ref,
        f"from {source.depot}",
    )
    arrived.bin = into
    session.flush()

    allocated, picks = give_to_waiting(session, target, part.part_number)
    log.info(
        "transfer %s: %d x %s from %s (%d -> %d) to %s bin %s (%d -> %d)",
        ref,
        quantity,
        part.part_number,
        source.depot,
        out.qty_before,
        out.qty_after,
        target,
        into,
        arrived.qty_before,
        arrived.qty_after,
    )
    message = (
        f"Transferred {quantity} x {part.part_number} on {ref}: {source.depot}"
        f" {out.qty_before} -> {out.qty_after}, {target} {arrived.qty_before} ->"
        f" {arrived.qty_after} in {into}." + after_allocation(allocated, picks)
    )
    return StockResult(message, (out.seq, arrived.seq), allocated, picks)


def supersede(
    session: Session,
    station: Station,
    old_text: str,
    document_ref: str = "",
    bin_code: str | None = None,
) -> StockResult:
    """Move the free stock and the waiting backorders of a superseded part onto
    the part that replaces it.

    Stock allocated to orders for the old number stays under that number, to
    be picked as ordered. Backorder lines waiting for the old number with
    nothing allocated now wait for the new one (no more of the old will come)
    and get its free stock, oldest order first. The replacing part goes into
    the old part's bin if it has no bin of its own at the depot, unless
    another bin is given.
    """
    ref = text_field(document_ref, REF_WIDTH, "document reference", False)
    old = stock_part(session, old_text)
    if not old.superseded_by:
        raise StockRefused(
            f"Part {old.part_number} is not superseded. Record the part that"
            " replaces it in the parts master first."
        )
    new = stock_part(session, old.superseded_by)
    source, dest = _locked_pair(
        session, (station.depot, old.part_number), (station.depot, new.part_number)
    )
    free = source.on_hand - source.allocated
    switched = backorders_to_successor(
        session, source.depot, old.part_number, new.part_number
    )
    if free <= 0 and not switched:
        held = listed(holders(session, source.depot, old.part_number))
        raise StockRefused(
            f"Part {old.part_number} has no free stock at {source.depot} to move to"
            f" {new.part_number}: {source.on_hand} on hand, {source.allocated}"
            f" allocated{' to ' + held if held else ''}."
        )
    movements: tuple[int, ...] = ()
    message = ""
    if free > 0:
        into = put_away_bin(dest, bin_code or dest.bin or source.bin)
        out = move(
            session,
            station,
            source,
            MovementType.SUPERSESSION,
            -free,
            ref,
            f"superseded by {new.part_number}",
        )
        arrived = move(
            session,
            station,
            dest,
            MovementType.SUPERSESSION,
            free,
            ref,
            f"replaces {old.part_number}",
        )
        arrived.bin = into
        session.flush()
        movements = (out.seq, arrived.seq)
        message = (
            f"Moved {free} x {old.part_number} to {new.part_number} in {into} at"
            f" {source.depot}."
        )
        if source.allocated:
            message += (
                f" {source.allocated} stay under {old.part_number} for its orders."
            )
        log.info(
            "supersession at %s: %d x %s moved to %s in %s; %d stay allocated",
            source.depot,
            free,
            old.part_number,
            new.part_number,
            into,
            source.allocated,
        )
    if switched:
        message = (
            f"{message} Backorders for {old.part_number} now wait for"
            f" {new.part_number}: {listed(list(switched))}."
        ).strip()

    allocated, picks = give_to_waiting(session, dest.depot, new.part_number)
    message += after_allocation(allocated, picks)
    return StockResult(message, movements, allocated, picks)


def backorders_to_successor(
    session: Session, depot: str, old_number: str, new_number: str
) -> tuple[str, ...]:
    """Lines waiting for the old part, with nothing set aside, now ask for the new.

    A line with some stock of the old part already set aside (an order that
    ships complete) keeps the old number: that stock is picked as ordered.
    Returns the advice notes whose lines moved.
    """
    waiting = session.scalars(
        select(OrderLine)
        .join(WebOrder)
        .where(
            OrderLine.part_number == old_number,
            OrderLine.status == LineStatus.AWAITING_STOCK.value,
            OrderLine.qty_allocated == 0,
            WebOrder.depot == depot,
        )
        .order_by(WebOrder.ordered_at, WebOrder.id, OrderLine.line_no)
    ).all()
    notes: dict[str, None] = {}
    for line in waiting:
        line.part_number = new_number
        notes[line.order.advice_note] = None
        log.info(
            "advice note %s line %d now waits for %s, which supersedes %s",
            line.order.advice_note,
            line.line_no,
            new_number,
            old_number,
        )
    for line in waiting:
        refresh(line.order)
    return tuple(notes)


def move_bin(
    session: Session, station: Station, part_text: str, new_bin: str
) -> StockResult:
    """Give the part a new bin at the station's depot; the move is recorded."""
    wanted = text_field(new_bin, BIN_WIDTH, "new bin", True).upper()
    part = stock_part(session, part_text)
    stock = stock_row(session, station.depot, part.part_number)
    old_bin = stock.bin
    if wanted == old_bin:
        raise StockRefused(f"Part {part.part_number} is already in {wanted}.")

    stock.bin = wanted
    reason = f"bin {old_bin or '(none)'} -> {wanted}"
    if stock.second_bin == wanted:
        # The overflow bin becomes the main one; the old main bin takes its place.
        stock.second_bin = old_bin
        reason += f", overflow {wanted} -> {old_bin or '(none)'}"
    movement = move(session, station, stock, MovementType.BIN_MOVE, 0, "", reason)
    session.flush()

    log.info("part %s at %s moved: %s", part.part_number, stock.depot, reason)
    message = (
        f"Part {part.part_number} at {stock.depot} moved from {old_bin or 'no bin'}"
        f" to {wanted}; {stock.on_hand} on hand."
    )
    return StockResult(message, (movement.seq,))
