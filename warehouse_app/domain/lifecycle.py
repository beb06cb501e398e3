"""The life of an order line, written down once.

Status lives on each line; an order's status is derived from its lines.
Every allowed step is one (from, to) pair below, named by the verb that
takes it. A service that moves a line calls `advance`, which refuses any
step that is not in the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class LineStatus(StrEnum):
    AWAITING_STOCK = "awaiting_stock"
    ALLOCATED = "allocated"
    READY_TO_PICK = "ready_to_pick"
    PICKING = "picking"
    PICKED = "picked"
    PACKED = "packed"
    INVOICED = "invoiced"
    DISPATCHED = "dispatched"
    CANCELLED = "cancelled"
    CHARGE = "charge"


class OrderStatus(StrEnum):
    SHORT_OF_STOCK = "short of stock"
    ALLOCATED = "allocated"
    READY_TO_PICK = "ready to pick"
    PICKING = "picking"
    PICKED = "picked"
    PACKED = "packed"
    INVOICED = "invoiced"
    DISPATCHED = "dispatched"
    CANCELLED = "cancelled"


S = LineStatus

TRANSITIONS: dict[str, frozenset[tuple[LineStatus, LineStatus]]] = {
    "allocate": frozenset({(S.AWAITING_STOCK, S.ALLOCATED)}),
    "release": frozenset({(S.ALLOCATED, S.READY_TO_PICK)}),
    "start_pick": frozenset({(S.READY_TO_PICK, S.PICKING)}),
    "pick": frozenset({(S.READY_TO_PICK, S.PICKED), (S.PICKING, S.PICKED)}),
    "short_pick": frozenset(
        {(S.READY_TO_PICK, S.AWAITING_STOCK), (S.PICKING, S.PICKED)}
    ),
    "undo_pick": frozenset(
        {
            (S.PICKING, S.READY_TO_PICK),
            (S.PICKED, S.PICKING),
            (S.PICKED, S.READY_TO_PICK),
        }
    ),
    "pack": frozenset({(S.PICKED, S.PACKED)}),
    "invoice": frozenset({(S.PACKED, S.INVOICED), (S.CHARGE, S.INVOICED)}),
    "dispatch": frozenset({(S.INVOICED, S.DISPATCHED)}),
    "cancel": frozenset(
        {
            (S.AWAITING_STOCK, S.CANCELLED),
            (S.ALLOCATED, S.CANCELLED),
            (S.READY_TO_PICK, S.CANCELLED),
            (S.PICKING, S.CANCELLED),
            (S.CHARGE, S.CANCELLED),
        }
    ),
}


class TransitionRefused(Exception):
    """A line was asked to take a step the life cycle does not allow."""

    def __init__(self, verb: str, current: LineStatus, target: LineStatus) -> None:
        super().__init__(
            f"You cannot {verb.replace('_', ' ')} a line that is {current.value}"
            f" (it would become {target.value}). Open the order again to see"
            " where its lines are now."
        )
        self.verb = verb
        self.current = current
        self.target = target


def check_step(verb: str, current: LineStatus, target: LineStatus) -> LineStatus:
    """Return `target` when `verb` may move a line from `current` to it."""
    if (current, target) not in TRANSITIONS[verb]:
        raise TransitionRefused(verb, current, target)
    return target


STOCK_OPEN = frozenset({S.AWAITING_STOCK, S.ALLOCATED, S.READY_TO_PICK, S.PICKING})
PICKABLE = frozenset({S.READY_TO_PICK, S.PICKING})


# The order shows the step that most needs someone's hands next.
_PRECEDENCE = (
    (S.READY_TO_PICK, OrderStatus.READY_TO_PICK),
    (S.ALLOCATED, OrderStatus.ALLOCATED),
    (S.PICKED, OrderStatus.PICKED),
    (S.PACKED, OrderStatus.PACKED),
    (S.AWAITING_STOCK, OrderStatus.SHORT_OF_STOCK),
    (S.INVOICED, OrderStatus.INVOICED),
    (S.DISPATCHED, OrderStatus.DISPATCHED),
)


def derive_order_status(lines: Iterable[LineStatus]) -> OrderStatus:
    """The order's status, read from the status of its lines.

    Charge lines (carriage, discount) ride along: they decide the status only
    of an order made of nothing else, which waits for its invoice. Cancelled
    lines count only when every line is cancelled. A pick under way (a line
    being picked, or picked lines beside lines still to pick) is `picking`;
    otherwise the first status in `_PRECEDENCE` that a line has wins, so a
    part-shipped order whose backorder waits shows `short of stock`.
    """
    live = [s for s in lines if s is not S.CANCELLED]
    if not live:
        return OrderStatus.CANCELLED
    stock = {s for s in live if s is not S.CHARGE}
    if not stock:
        return OrderStatus.PACKED
    if S.PICKING in stock or (S.PICKED in stock and S.READY_TO_PICK in stock):
        return OrderStatus.PICKING
    for line_status, order_status in _PRECEDENCE:
        if line_status in stock:
            return order_status
    raise ValueError(f"no order status for lines {sorted(stock)}")
