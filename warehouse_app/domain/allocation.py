"""How free stock is shared out to an order, and when the order goes to picking.

Written once, for both ways an order meets stock: the import and the web
service receive orders in bulk on plain rows (services/order_intake.py), and
goods in gives newly free stock to waiting lines one at a time
(services/orders.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol

from warehouse_app.domain.lifecycle import LineStatus


@dataclass(frozen=True)
class Share:
    """What a waiting line gets of the free stock."""

    take: int
    # Units split off onto a new backorder line (the line keeps `take`).
    backorder: int


def share(wanted: int, free: int, part_ship: bool) -> Share:
    """Give a line what free stock allows; the rest waits.

    An order that may ship in parts splits what is missing onto a backorder
    line, so the allocated units can go to picking now. One that ships
    complete keeps the line whole, partly allocated, until the rest comes in.
    """
    take = min(wanted, max(free, 0))
    if take <= 0:
        return Share(0, 0)
    return Share(take, wanted - take if take < wanted and part_ship else 0)


class SplitLine(Protocol):
    """What a backorder line takes over from the line it is split from."""

    part_number: str
    description: str
    unit_price: Decimal
    vat_code: str
    source_row: int | None


def backorder_fields(line: SplitLine, line_no: int, rest: int) -> dict[str, Any]:
    """The new line that waits for the `rest` a line could not have.

    The same part at the same price and VAT, from the same row of the
    shop's file; the order's next line number. Whoever builds it (a mapped
    line or a plain row) adds the link back to `line`.
    """
    return {
        "line_no": line_no,
        "part_number": line.part_number,
        "description": line.description,
        "quantity": rest,
        "unit_price": line.unit_price,
        "vat_code": line.vat_code,
        "is_charge": False,
        "status": LineStatus.AWAITING_STOCK,
        "source_row": line.source_row,
    }


class Release(Enum):
    """What happens to an order once its lines have had their share."""

    WAIT = "wait"
    PICK = "pick"
    INVOICE_CHARGES = "invoice charges"


def release_step(lines: Iterable[tuple[LineStatus, bool]], part_ship: bool) -> Release:
    """Whether the order's allocated lines go to picking now.

    `lines` are each line's status and whether it is a charge. A
    part-shipping order releases whatever is allocated; one that ships
    complete waits while a stock line waits. An order with no stock line
    left but a charge (carriage, a fee) still to bill is invoiced at once.
    """
    lines = list(lines)
    stock = [
        status
        for status, is_charge in lines
        if not is_charge and status != LineStatus.CANCELLED
    ]
    if LineStatus.ALLOCATED not in stock:
        if not stock and any(status == LineStatus.CHARGE for status, _ in lines):
            return Release.INVOICE_CHARGES
        return Release.WAIT
    if LineStatus.AWAITING_STOCK in stock and not part_ship:
        return Release.WAIT
    return Release.PICK
