"""What the picker sees: the lines still to pick, in floor-walking order."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse_app.domain.bins import walking_key
from warehouse_app.domain.lifecycle import PICKABLE, LineStatus
from warehouse_app.domain.walking import serpentine_key
from warehouse_app.persistence.tables import Barcode, Stock, WebOrder


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
    session: Session,
    order: WebOrder,
    serpentine: bool = False,
    held: dict[str, Stock] | None = None,
) -> list[PickTask]:
    """The lines still to pick, in floor-walking order of their bins.

    Given `held`, the stock rows read for the bins are kept in it, so that a
    scan about to change one of them need not read it again.
    """
    open_lines = [line for line in order.lines if line.status in PICKABLE]
    parts = [line.part_number for line in open_lines]
    # The barcode shown for a part is its lowest single-unit code: one query
    # with the bins, as a pickable line always has a stock row at the depot.
    first_code = (
        select(func.min(Barcode.code))
        .where(Barcode.part_number == Stock.part_number, Barcode.qty_per_scan == 1)
        .scalar_subquery()
    )
    found = session.execute(
        select(Stock, first_code).where(
            Stock.depot == order.depot, Stock.part_number.in_(parts)
        )
    )
    bins: dict[str, tuple[str, str]] = {}
    barcodes: dict[str, str] = {}
    for stock, code in found:
        part_number = stock.part_number
        bins[part_number] = (stock.bin or "", stock.second_bin or "")
        if held is not None:
            held[part_number] = stock
        if code:
            barcodes[part_number] = code.lstrip("0").zfill(13)
    tasks = []
    for line in open_lines:
        bin_, second_bin = bins.get(line.part_number, ("", ""))
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
    order: WebOrder,
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
