"""Goods in: stock received from a supplier, and stock a customer brings back.

Both put stock into a bin and give it at once to waiting backorders, oldest
order first; an order that becomes pickable gets its pick document queued.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from warehouse_app.persistence.tables import Stock
from warehouse_app.services.ledger import MovementType, move, stock_row
from warehouse_app.services.station import Station
from warehouse_app.services.stock_moves import (
    REASON_WIDTH,
    REF_WIDTH,
    StockResult,
    after_allocation,
    give_to_waiting,
    put_away_bin,
    stock_part,
    text_field,
    whole_quantity,
)

log = logging.getLogger("warehouse.ledger")


def suggested_bin(session: Session, depot: str, part_text: str) -> str | None:
    """The bin to offer on the goods-receipt screen: the part's own, if it has one."""
    part = stock_part(session, part_text)
    stock = session.get(Stock, (depot, part.part_number))
    return stock.bin if stock is not None else None


def receive_goods(
    session: Session,
    station: Station,
    part_text: str,
    quantity: int,
    bin_code: str | None = None,
    document_ref: str = "",
) -> StockResult:
    """Book a delivery into the part's bin at the station's depot."""
    return _put_in(
        session,
        station,
        MovementType.GOODS_RECEIPT,
        part_text,
        whole_quantity(quantity, "receive"),
        bin_code,
        text_field(document_ref, REF_WIDTH, "receipt or delivery note", False),
        "",
    )


def customer_return(
    session: Session,
    station: Station,
    part_text: str,
    quantity: int,
    document_ref: str,
    reason: str = "",
    bin_code: str | None = None,
) -> StockResult:
    """Put goods a customer brought back into stock; the invoice is named."""
    return _put_in(
        session,
        station,
        MovementType.CUSTOMER_RETURN,
        part_text,
        whole_quantity(quantity, "return"),
        bin_code,
        text_field(document_ref, REF_WIDTH, "invoice the goods were sold on", True),
        text_field(reason, REASON_WIDTH, "reason", False),
    )


def _put_in(
    session: Session,
    station: Station,
    movement_type: MovementType,
    part_text: str,
    quantity: int,
    bin_code: str | None,
    document_ref: str,
    reason: str,
) -> StockResult:
    part = stock_part(session, part_text)
    stock = stock_row(session, station.depot, part.part_number)
    into = put_away_bin(stock, bin_code)

    movement = move(
        session, station, stock, movement_type, quantity, document_ref, reason
    )
    movement.bin = into
    session.flush()

    allocated, picks = give_to_waiting(session, stock.depot, part.part_number)
    verb = "Received" if movement_type is MovementType.GOODS_RECEIPT else "Returned"
    log.info(
        "%s %d x %s into %s at %s (%s): on hand %d -> %d",
        verb.lower(),
        quantity,
        part.part_number,
        into,
        stock.depot,
        document_ref or "no document",
        movement.qty_before,
        movement.qty_after,
    )
    message = (
        f"{verb} {quantity} x {part.part_number} into {into} at {stock.depot}:"
        f" on hand {movement.qty_before} -> {movement.qty_after}."
        + after_allocation(allocated, picks)
    )
    return StockResult(message, (movement.seq,), allocated, picks)
