"""What every stock operation shares: checks, refusals, and giving stock away.

The operations themselves live beside this module: goods in
(`goods_receipt`), corrections (`corrections`), and moves between depots,
parts and bins (`transfers`). Each works inside the caller's transaction and
writes its movements through `ledger.move` with the on-hand change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse_app.domain.documents import DocumentType
from warehouse_app.domain.lifecycle import STOCK_OPEN
from warehouse_app.persistence.tables import (
    Depot,
    OrderLine,
    Part,
    PrintJob,
    Stock,
    WebOrder,
)
from warehouse_app.services.errors import NotFound, WarehouseError
from warehouse_app.services.lookup import find_part
from warehouse_app.services.orders import allocate_waiting

log = logging.getLogger("warehouse.ledger")

BIN_WIDTH = 32
REF_WIDTH = 40
REASON_WIDTH = 200


class StockRefused(WarehouseError):
    """A stock operation that was refused and changed nothing."""


@dataclass(frozen=True)
class StockResult:
    """What one stock operation did, in words and in ledger entries."""

    message: str
    movements: tuple[int, ...]
    allocated_to: tuple[str, ...] = ()
    pick_documents: tuple[str, ...] = ()


def stock_part(session: Session, text: str) -> Part:
    """The stock part a typed part number or scanned barcode means."""
    part = find_part(session, text)
    if part is None:
        raise NotFound(
            f"{text.strip() or 'An empty entry'} is neither a part number nor a"
            " barcode we know. Check the label, or look the part up by description."
        )
    if not part.stock_item:
        raise StockRefused(
            f"{part.part_number} ({part.description}) is a charge code, not a"
            " stock part: it has no stock to receive, count or move."
        )
    return part


def known_depot(session: Session, code: str) -> str:
    depot = code.strip().upper()
    if session.get(Depot, depot) is None:
        raise NotFound(f"There is no depot {depot}. Check the depot code.")
    return depot


def whole_quantity(quantity: int, what: str) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise StockRefused(f"The quantity to {what} must be a whole number, 1 or more.")
    return quantity


def text_field(text: str, width: int, what: str, required: bool) -> str:
    value = text.strip()
    if required and not value:
        raise StockRefused(f"Give the {what}: it is kept in the audit trail.")
    if len(value) > width:
        raise StockRefused(f"The {what} is too long: at most {width} characters.")
    return value


def holders(session: Session, depot: str, part_number: str) -> list[str]:
    """The advice notes of the orders that hold allocated stock of the part."""
    return list(
        session.scalars(
            select(WebOrder.advice_note)
            .join(OrderLine)
            .where(
                WebOrder.depot == depot,
                OrderLine.part_number == part_number,
                OrderLine.status.in_(STOCK_OPEN),
                OrderLine.qty_allocated > OrderLine.qty_picked,
            )
            .group_by(WebOrder.advice_note)
            .order_by(WebOrder.advice_note)
        )
    )


def listed(advice_notes: list[str], most: int = 5) -> str:
    shown = ", ".join(advice_notes[:most])
    if len(advice_notes) > most:
        shown += f" and {len(advice_notes) - most} more"
    return shown


def check_take_out(session: Session, stock: Stock, quantity: int, doing: str) -> None:
    """Refuse to take `quantity` off on-hand below zero or below what is allocated.

    Allocated stock is promised to orders; taking it away would leave a
    picker sent to an empty bin. The message names the orders holding it.
    """
    part, depot = stock.part_number, stock.depot
    after = stock.on_hand - quantity
    if after < 0:
        raise StockRefused(
            f"You cannot {doing} {quantity} of part {part} at {depot}: only"
            f" {stock.on_hand} on hand, so stock would go below zero. Count the"
            " bin and record a stock check if the figure is wrong."
        )
    if after < stock.allocated:
        orders = listed(holders(session, depot, part)) or "orders"
        free = max(stock.on_hand - stock.allocated, 0)
        raise StockRefused(
            f"You cannot {doing} {quantity} of part {part} at {depot}:"
            f" {stock.allocated} of the {stock.on_hand} on hand are allocated to"
            f" {orders}, so only {free} are free. Pick or short-pick those orders"
            " first."
        )


def put_away_bin(stock: Stock, given: str | None) -> str:
    """The bin stock goes into: the part's own, or the one given for a new part.

    A part with no bin at the depot takes the given bin as its bin; a part
    that has bins takes stock only into one of them, so the bins on the
    enquiry and the pick document stay true.
    """
    wanted = text_field(given or "", BIN_WIDTH, "bin", required=False).upper()
    part, depot = stock.part_number, stock.depot
    if not stock.bin:
        if not wanted:
            raise StockRefused(
                f"Part {part} has no bin at {depot} yet. Choose or scan the bin"
                " to put it in; it becomes the part's bin."
            )
        stock.bin = wanted
        log.info("part %s at %s given bin %s", part, depot, wanted)
        return wanted
    if not wanted or wanted in (stock.bin, stock.second_bin):
        return wanted or stock.bin
    bins = " or ".join(b for b in (stock.bin, stock.second_bin) if b)
    raise StockRefused(
        f"Part {part} lives in {bins} at {depot}, not {wanted}. Put it there, or"
        f" move the part to {wanted} with a bin move first."
    )


def give_to_waiting(
    session: Session, depot: str, part_number: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Allocate newly free stock to waiting lines, oldest order first.

    Returns the advice notes that got stock, and those whose pick document
    was queued because they became pickable.
    """
    last_job = session.scalar(select(func.max(PrintJob.id))) or 0
    orders = allocate_waiting(session, depot, part_number)
    if not orders:
        return (), ()
    session.flush()
    queued = session.scalars(
        select(PrintJob.document_ref)
        .where(
            PrintJob.id > last_job,
            PrintJob.document_type == DocumentType.PICK_DOCUMENT.value,
            PrintJob.order_id.in_([order.id for order in orders]),
        )
        .order_by(PrintJob.id)
    ).all()
    allocated = tuple(order.advice_note for order in orders)
    log.info(
        "free stock of %s at %s allocated to %s; pick documents queued for %s",
        part_number,
        depot,
        ", ".join(allocated),
        ", ".join(queued) or "none",
    )
    return allocated, tuple(dict.fromkeys(queued))


def after_allocation(
    allocated: tuple[str, ...], pick_documents: tuple[str, ...]
) -> str:
    """The sentence a message ends with when stock went to waiting orders."""
    if not allocated:
        return ""
    text = f" Allocated to waiting {listed(list(allocated))}."
    if pick_documents:
        text += f" Pick document queued for {listed(list(pick_documents))}."
    return text
