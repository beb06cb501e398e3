"""What the order list shows, kept in step with the lines."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from warehouse_app.domain.lifecycle import LineStatus, OrderStatus, derive_order_status
from warehouse_app.domain.money import line_net
from warehouse_app.persistence.tables import WebOrder
from warehouse_app.services.change_feed import note_order_progress


class PricedLine(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def quantity(self) -> int: ...
    @property
    def unit_price(self) -> Decimal: ...


def summary(lines: Iterable[PricedLine]) -> tuple[OrderStatus, int, Decimal]:
    """The order's status, line count and value, read from its lines."""
    lines = list(lines)
    status = derive_order_status(LineStatus(line.status) for line in lines)
    live = [line for line in lines if line.status != LineStatus.CANCELLED]
    value = sum(
        (line_net(line.quantity, line.unit_price) for line in live), Decimal("0")
    )
    return status, len(live), value


def refresh(order: WebOrder) -> None:
    """Recompute the order's status, line count and value from its lines.

    Called in the same transaction as every change of a line, so the list
    (which reads these columns to stay fast on 100,000 orders) never shows a
    status the lines do not have.
    """
    order.status, order.line_count, order.value = summary(order.lines)
    # Full precision: the order list notices a change by the newest time.
    order.updated_at = datetime.now()
    note_order_progress(order)
