"""Pick confirm: every scan at the pick screen, checked against the order."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse_app.domain.lifecycle import PICKABLE, LineStatus, check_step
from warehouse_app.domain.scans import ScanKind, ScanRefused, read_scan
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import PickScan, Stock, WebOrder
from warehouse_app.services.errors import NotFound, ScanNotAccepted, WarehouseError
from warehouse_app.services.ledger import (
    Balance,
    MovementType,
    change_allocation,
    issue_on_sale,
    locked_balance,
    move,
    needs_row_locks,
    stock_row,
)
from warehouse_app.services.lookup import identify
from warehouse_app.services.order_status import refresh
from warehouse_app.services.orders import split_backorder
from warehouse_app.services.pick_confirm import (
    ScanLine,
    ScanOrder,
    order_to_scan,
    record_pick,
    refresh_scanned,
)
from warehouse_app.services.pick_view import (
    PickOutcome,
    PickTask,
    PickView,
    after_pick,
    pick_tasks,
    pick_view,
    tasks_in_bins,
)
from warehouse_app.services.station import Station

__all__ = ["PickOutcome", "PickTask", "PickView", "PickingService", "pick_tasks"]

log = logging.getLogger("warehouse.pick")


class PickingService:
    """What the pick screen asks of the back office."""

    def __init__(
        self,
        database: Database,
        station: Station,
        gs_substitute: str = "",
        serpentine: bool = False,
    ) -> None:
        self.database = database
        self.station = station
        self.gs_substitute = gs_substitute
        self.serpentine = serpentine

    def find_order(self, text: str) -> int:
        """The order an advice note barcode or a shop order number points at."""
        key = text.strip().upper()
        with self.database.reading() as session:
            order_id = session.scalars(
                select(WebOrder.id).where(
                    (WebOrder.advice_note == key) | (WebOrder.shop_order_no == key)
                )
            ).first()
        if order_id is None:
            raise NotFound(
                f"No order or advice note {key}. Check the number on the pick document."
            )
        return order_id

    def view(self, order_id: int) -> PickView:
        with self.database.reading() as session:
            return pick_view(session, self._order(session, order_id), self.serpentine)

    def scan(self, order_id: int, frame: str, times: int = 1) -> PickOutcome:
        """Confirm what one scan says was taken; refuse and change nothing otherwise.

        `times` is a count the picker keyed before scanning, for a bulk pick:
        the scan then stands for that many of what its barcode holds.
        """
        if times < 1:
            raise ScanNotAccepted("A keyed count must be 1 or more.")
        try:
            reading = read_scan(frame, self.gs_substitute)
        except ScanRefused as refusal:
            raise ScanNotAccepted(str(refusal)) from refusal
        if reading.kind not in (ScanKind.GTIN, ScanKind.GS1, ScanKind.PART_NUMBER):
            raise ScanNotAccepted(
                f"{reading.value} is a {reading.kind.value.replace('_', ' ')} barcode,"
                " not a part. Scan the part's barcode."
            )
        with self.database.unit_of_work() as uow:
            session = uow.session
            order = order_to_scan(session, order_id)
            if order is None:
                raise NotFound(f"Order {order_id} no longer exists. Refresh the list.")
            found = identify(session, reading)
            quantity = found.quantity * times
            held: dict[str, Balance] = {}
            tasks = tasks_in_bins(order, order.bins, self.serpentine, held)
            line = self._line_for(tasks, order, found.part_number, quantity)
            self._confirm(session, order, line, quantity, found.code, held)
            refresh_scanned(session, order)
            # Built before the commit: afterwards a new transaction would take
            # the write lock again just to read.
            tasks = after_pick(tasks, line.id, quantity)
            view = pick_view(session, order, self.serpentine, tasks)
            uow.commit()
        message = f"{quantity} x {found.part_number} picked"
        return PickOutcome(message, view, found.part_number, quantity)

    def short_pick(self, order_id: int, line_id: int) -> PickOutcome:
        """Less was in the bin than the line asks for: the rest goes on backorder."""
        with self.database.unit_of_work() as uow:
            session = uow.session
            order = self._order(session, order_id, lock=True)
            line = next((ln for ln in order.lines if ln.id == line_id), None)
            if line is None or line.status not in PICKABLE:
                raise WarehouseError(
                    "That line is not waiting to be picked any more. Open the order"
                    " again to see where its lines are now."
                )
            missing = line.quantity - line.qty_picked
            stock = stock_row(session, order.depot, line.part_number)
            change_allocation(session, stock, line.id, -missing, "short_pick")
            line.qty_allocated -= missing
            if line.qty_picked:
                split_backorder(session, order, line, line.qty_picked)
                line.status = check_step(
                    "short_pick", LineStatus(line.status), LineStatus.PICKED
                )
            else:
                line.status = check_step(
                    "short_pick", LineStatus(line.status), LineStatus.AWAITING_STOCK
                )
            self._write_off_missing(session, order, stock, missing)
            refresh(order)
            view = pick_view(session, order, self.serpentine)
            uow.commit()
        log.info(
            "short pick on %s line %d: %d of %s on backorder",
            view.advice_note,
            line.line_no,
            missing,
            line.part_number,
        )
        return PickOutcome(f"{missing} x {line.part_number} put on backorder", view)

    def _write_off_missing(
        self, session: Session, order: WebOrder, stock: Stock, missing: int
    ) -> None:
        """What the picker did not find is no longer counted as on hand.

        Otherwise the next order would be promised stock that is not in the
        bin. Stock set aside for other orders is left alone; a count of the
        bin (a stock check) puts right whatever is still wrong.
        """
        gone = min(missing, max(stock.on_hand - stock.allocated, 0))
        if gone:
            move(
                session,
                self.station,
                stock,
                MovementType.STOCK_CHECK,
                -gone,
                order.advice_note,
                f"short pick: {missing} not found in bin {stock.bin or '(none)'}",
            )

    def undo_last_scan(self, order_id: int) -> PickOutcome:
        """Reverse the last confirmed scan of this order through the ledger."""
        with self.database.unit_of_work() as uow:
            session = uow.session
            order = self._order(session, order_id, lock=True)
            line_ids = [line.id for line in order.lines]
            last = session.scalars(
                select(PickScan)
                .where(PickScan.order_line_id.in_(line_ids), PickScan.undone.is_(False))
                .order_by(PickScan.id.desc())
            ).first()
            if last is None:
                raise WarehouseError(
                    "There is no scan on this order to undo. To put back stock"
                    " picked earlier, ask a supervisor for a customer return."
                )
            line = next(ln for ln in order.lines if ln.id == last.order_line_id)
            if line.status not in (LineStatus.PICKING, LineStatus.PICKED) or (
                line.qty_picked < last.quantity
            ):
                raise WarehouseError(
                    f"The last scan of {line.part_number} cannot be undone: the line"
                    f" is {line.status}. Ask a supervisor to return the stock."
                )
            if line.qty_picked - last.quantity < line.qty_packed:
                raise WarehouseError(
                    f"{line.part_number} is already packed. Take it out of the"
                    " parcel first; the last scan is not undone."
                )
            stock = stock_row(session, order.depot, line.part_number)
            move(
                session,
                self.station,
                stock,
                MovementType.REVERSAL,
                last.quantity,
                order.advice_note,
                "pick scan undone",
                reverses_seq=last.movement_seq,
            )
            change_allocation(session, stock, line.id, last.quantity, "undo_pick")
            line.qty_picked -= last.quantity
            target = LineStatus.PICKING if line.qty_picked else LineStatus.READY_TO_PICK
            if target != line.status:
                line.status = check_step("undo_pick", LineStatus(line.status), target)
            last.undone = True
            refresh(order)
            view = pick_view(session, order, self.serpentine)
            uow.commit()
        log.info(
            "undid scan of %d x %s on %s",
            last.quantity,
            line.part_number,
            view.advice_note,
        )
        return PickOutcome(f"Undone: {last.quantity} x {line.part_number}", view)

    def _order(self, session: Session, order_id: int, lock: bool = False) -> WebOrder:
        query = select(WebOrder).where(WebOrder.id == order_id)
        if lock:
            query = query.with_for_update()
        order = session.scalars(query).one_or_none()
        if order is None:
            raise NotFound(f"Order {order_id} no longer exists. Refresh the list.")
        return order

    @staticmethod
    def _line_for(
        tasks: list[PickTask], order: ScanOrder, part_number: str, quantity: int
    ) -> ScanLine:
        candidates = [task for task in tasks if task.part_number == part_number]
        if not candidates:
            nxt = tasks[0] if tasks else None
            hint = (
                f" Next: bin {nxt.bin or '(no bin)'}, part {nxt.part_number}."
                if nxt
                else ""
            )
            if any(line.part_number == part_number for line in order.lines):
                raise ScanNotAccepted(
                    f"Too many: {part_number} is already picked in full on this"
                    f" order. Put this one back.{hint}"
                )
            raise ScanNotAccepted(
                f"Wrong part: {part_number} is not on this order. Put it back.{hint}"
            )
        fitting = next(
            (task for task in candidates if task.remaining >= quantity), None
        )
        if fitting is None:
            left = sum(task.remaining for task in candidates)
            raise ScanNotAccepted(
                f"That scan counts {quantity} of {part_number}, but only {left} are"
                " still to pick. Scan single units; if there are no more in the"
                " bin, use Short pick."
            )
        return next(line for line in order.lines if line.id == fitting.line_id)

    def _confirm(
        self,
        session: Session,
        order: ScanOrder,
        line: ScanLine,
        quantity: int,
        code: str,
        held: dict[str, Balance],
    ) -> None:
        stock = held.get(line.part_number)
        if stock is None or needs_row_locks(session):
            # PostgreSQL: read again, locked. A pickable line always has a
            # stock row; without one there is nothing on hand to take.
            stock = locked_balance(session, order.depot, line.part_number) or (
                Balance(order.depot, line.part_number, None, 0, 0)
            )
        seq = issue_on_sale(
            session, self.station, stock, line.id, quantity, order.advice_note
        )
        line.qty_picked += quantity
        status = LineStatus(line.status)
        if line.qty_picked == line.quantity:
            line.status = check_step("pick", status, LineStatus.PICKED)
        elif status == LineStatus.READY_TO_PICK:
            line.status = check_step("start_pick", status, LineStatus.PICKING)
        record_pick(session, self.station, line, status, quantity, code, seq)
        log.info(
            "pick %s line %d: %d x %s (%d of %d)",
            order.advice_note,
            line.line_no,
            quantity,
            line.part_number,
            line.qty_picked,
            line.quantity,
        )
