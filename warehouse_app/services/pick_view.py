"""What the picker sees: the lines still to pick, in floor-walking order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple, Protocol

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.orm import Session

from warehouse_app.domain.bins import walking_key
from warehouse_app.domain.lifecycle import PICKABLE, LineStatus
from warehouse_app.domain.walking import serpentine_key
from warehouse_app.persistence.tables import Barcode, Stock
from warehouse_app.services.ledger import Balance

_stock: Table = Stock.__table__  # type: ignore[assignment]
_barcode: Table = Barcode.__table__  # type: ignore[assignment]
# The barcode shown for a part is its lowest single-unit code: read with the
# bins, as a pickable line always has a stock row at the depot.
FIRST_CODE = (
    select(func.min(_barcode.c.code))
    .where(_barcode.c.part_number == _stock.c.part_number, _barcode.c.qty_per_scan == 1)
    .scalar_subquery()
)
# What `BinRow` holds, in its order; a query may read them beside other columns.
BIN_COLUMNS = (
    _stock.c.part_number,
    _stock.c.bin,
    _stock.c.second_bin,
    _stock.c.on_hand,
    _stock.c.allocated,
    FIRST_CODE,
)
_BINS = select(*BIN_COLUMNS).where(
    _stock.c.depot == bindparam("depot"),
    _stock.c.part_number.in_(bindparam("parts", expanding=True)),
)


class BinRow(NamedTuple):
    """A part's stock row at the order's depot, as the pick screen reads it."""

    part_number: str
    bin: str | None
    second_bin: str | None
    on_hand: int
    allocated: int
    barcode: str | None


class LineToPick(Protocol):
    """An order line as the pick screen reads it: a mapped line or a plain row."""

    @property
    def id(self) -> int: ...
    @property
    def line_no(self) -> int: ...
    @property
    def part_number(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def quantity(self) -> int: ...
    @property
    def qty_picked(self) -> int: ...
    @property
    def status(self) -> str: ...


class OrderToPick(Protocol):
    """An order as the pick screen reads it: a mapped order or a plain row."""

    @property
    def id(self) -> int: ...
    @property
    def advice_note(self) -> str: ...
    @property
    def shop_order_no(self) -> str: ...
    @property
    def customer_account(self) -> str: ...
    @property
    def depot(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def lines(self) -> Sequence[LineToPick]: ...


@dataclass(frozen=True)
class PickTask:
    line_id: int
    line_no: int
    bin: str
    second_bin: str
    part_number: str
    description: str
    quantity: int
    picked: int
    barcode: str

    @property
    def remaining(self) -> int:
        return self.quantity - self.picked


@dataclass(frozen=True)
class PickView:
    order_id: int
    advice_note: str
    shop_order_no: str
    customer: str
    status: str
    tasks: tuple[PickTask, ...]
    picked_lines: int

    @property
    def complete(self) -> bool:
        return not self.tasks


@dataclass(frozen=True)
class PickOutcome:
    message: str
    view: PickView
    part_number: str = ""
    quantity: int = 0


def pick_tasks(
    session: Session, order: OrderToPick, serpentine: bool = False
) -> list[PickTask]:
    """The lines still to pick, in floor-walking order of their bins."""
    parts = [line.part_number for line in order.lines if line.status in PICKABLE]
    found = session.connection().execute(_BINS, {"depot": order.depot, "parts": parts})
    return tasks_in_bins(order, (BinRow(*row) for row in found), serpentine)


def tasks_in_bins(
    order: OrderToPick,
    bins: Iterable[BinRow],
    serpentine: bool = False,
    held: dict[str, Balance] | None = None,
) -> list[PickTask]:
    """The lines still to pick, given the stock rows of their parts.

    Given `held`, the balances of those rows are kept in it, so that a scan
    about to change one of them need not read it again.
    """
    depot = order.depot
    places: dict[str, tuple[str, str]] = {}
    barcodes: dict[str, str] = {}
    for row in bins:
        places[row.part_number] = (row.bin or "", row.second_bin or "")
        if held is not None:
            held[row.part_number] = Balance(
                depot, row.part_number, row.bin, row.on_hand, row.allocated
            )
        if row.barcode:
            barcodes[row.part_number] = row.barcode.lstrip("0").zfill(13)
    tasks = []
    for line in order.lines:
        if line.status not in PICKABLE:
            continue
        bin_, second_bin = places.get(line.part_number, ("", ""))
        tasks.append(
            PickTask(
                line_id=line.id,
                line_no=line.line_no,
                bin=bin_,
                second_bin=second_bin,
                part_number=line.part_number,
                description=line.description,
                quantity=line.quantity,
                picked=line.qty_picked,
                barcode=barcodes.get(line.part_number, line.part_number),
            )
        )
    if serpentine:
        tasks.sort(key=lambda t: (serpentine_key(t.bin), t.part_number, t.line_no))
    else:
        tasks.sort(key=lambda t: (walking_key(t.bin), t.part_number, t.line_no))
    return tasks


def after_pick(tasks: list[PickTask], line_id: int, quantity: int) -> list[PickTask]:
    """The tasks once `quantity` more of one line is picked; a finished line drops out.

    Saves reading bins and barcodes again on every scan: only the count changed.
    """
    moved = []
    for task in tasks:
        if task.line_id == line_id:
            task = replace(task, picked=task.picked + quantity)
            if task.remaining <= 0:
                continue
        moved.append(task)
    return moved


def pick_view(
    session: Session,
    order: OrderToPick,
    serpentine: bool = False,
    tasks: list[PickTask] | None = None,
) -> PickView:
    """The order as the pick screen shows it; `tasks` if the caller has them."""
    if tasks is None:
        tasks = pick_tasks(session, order, serpentine)
    return PickView(
        order_id=order.id,
        advice_note=order.advice_note,
        shop_order_no=order.shop_order_no,
        customer=order.customer_account,
        status=order.status,
        tasks=tuple(tasks),
        picked_lines=sum(1 for line in order.lines if line.status == LineStatus.PICKED),
    )
