"""The stock ledger reconciles after any run of floor and stock-room work.

Hypothesis plays a day at the depot on a real SQLite file: orders arrive,
goods come in, stock is adjusted, counted and transferred, pickers scan,
short-pick and undo. After every step `reconcile` must find nothing, and the
on-hand of each part must be what the steps so far add up to.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from tests.services.helpers import order_for
from warehouse_app.persistence.database import Database
from warehouse_app.persistence.tables import Stock, StockMovement
from warehouse_app.services.errors import WarehouseError
from warehouse_app.services.picking import PickingService, PickTask
from warehouse_app.services.reconcile import reconcile
from warehouse_app.services.station import Station
from warehouse_app.services.stock_moves import StockRefused
from warehouse_app.services.stock_service import StockService

MAIN = Station("TEST-1", "tester", "MAIN")
NORTH = Station("TEST-2", "tester", "NORTH")
# A handful of parts, with the single-unit barcode of each.
BARCODES = {
    "71053": "2748708148843",
    "22423": "2509799560347",
    "16010": "2359644115471",
    "85123A": "2421181053544",
}
parts = st.sampled_from(sorted(BARCODES))
Key = tuple[str, str]


class DepotDay(RuleBasedStateMachine):
    template: Path  # the masters database each run starts from a copy of

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="ledger-day-"))
        shutil.copyfile(self.template, self.folder / "warehouse.sqlite3")
        self.database = Database(f"sqlite:///{self.folder / 'warehouse.sqlite3'}")
        self.stock = {"MAIN": StockService(self.database, MAIN)}
        self.stock["NORTH"] = StockService(self.database, NORTH)
        self.picking = PickingService(self.database, MAIN, "|")
        self.orders: list[int] = []
        self.scans: dict[int, list[tuple[str, int]]] = {}
        self.expected = {key: row[0] for key, row in self._rows().items()}
        # Part-depots where a count came in below what orders hold.
        self.counted_short: set[Key] = set()

    def teardown(self) -> None:
        self.database.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _rows(self) -> dict[Key, tuple[int, int]]:
        with self.database.reading() as session:
            rows = session.scalars(
                select(Stock).where(Stock.part_number.in_(list(BARCODES)))
            )
            return {(r.depot, r.part_number): (r.on_hand, r.allocated) for r in rows}

    def _row(self, depot: str, part: str) -> tuple[int, int]:
        return self._rows().get((depot, part), (0, 0))

    def _change(self, depot: str, part: str, qty: int) -> None:
        self.expected[depot, part] = self.expected.get((depot, part), 0) + qty

    def _pickable(self, data: st.DataObject) -> tuple[int, PickTask] | None:
        views = [self.picking.view(order_id) for order_id in self.orders]
        tasks = [(v.order_id, t) for v in views for t in v.tasks]
        return data.draw(st.sampled_from(tasks), label="task") if tasks else None

    @rule(
        lines=st.lists(st.tuples(parts, st.integers(1, 4)), min_size=1, max_size=3),
        part_ship=st.booleans(),
    )
    def receive_order(self, lines: list[tuple[str, int]], part_ship: bool) -> None:
        self.orders.append(order_for(self.database, MAIN, lines, part_ship=part_ship))

    @rule(part=parts, quantity=st.integers(1, 6))
    def goods_receipt(self, part: str, quantity: int) -> None:
        self.stock["MAIN"].receive_goods(part, quantity, document_ref="GRN")
        self._change("MAIN", part, quantity)

    @rule(part=parts, change=st.integers(-6, 6).filter(bool))
    def adjustment(self, part: str, change: int) -> None:
        on_hand, allocated = self._row("MAIN", part)
        should_refuse = change < 0 and on_hand + change < max(allocated, 0)
        try:
            self.stock["MAIN"].adjust(part, change, "state machine")
        except StockRefused:
            assert should_refuse, (on_hand, allocated, change)
            return
        assert not should_refuse, (on_hand, allocated, change)
        self._change("MAIN", part, change)

    @rule(part=parts, counted=st.integers(0, 8))
    def stock_check(self, part: str, counted: int) -> None:
        self.stock["MAIN"].stock_check(part, counted)
        self.expected["MAIN", part] = counted
        if self._row("MAIN", part)[1] > counted:
            self.counted_short.add(("MAIN", part))

    @rule(part=parts, quantity=st.integers(1, 4), northward=st.booleans())
    def transfer(self, part: str, quantity: int, northward: bool) -> None:
        source, target = ("MAIN", "NORTH") if northward else ("NORTH", "MAIN")
        on_hand, allocated = self._row(source, part)
        should_refuse = on_hand - quantity < max(allocated, 0)
        to_bin = None if self.stock[target].suggested_bin(part) else "N9-9"
        try:
            self.stock[source].transfer(part, quantity, target, "TR", to_bin=to_bin)
        except StockRefused:
            assert should_refuse, (on_hand, allocated, quantity)
            return
        assert not should_refuse, (on_hand, allocated, quantity)
        self._change(source, part, -quantity)
        self._change(target, part, quantity)

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), by_barcode=st.booleans())
    def pick_scan(self, data: st.DataObject, by_barcode: bool) -> None:
        pickable = self._pickable(data)
        if pickable is None:
            return
        order_id, part = pickable[0], pickable[1].part_number
        try:
            outcome = self.picking.scan(
                order_id, BARCODES[part] if by_barcode else part
            )
        except WarehouseError as refusal:
            # Only a count below what was allocated leaves a bin short.
            assert ("MAIN", part) in self.counted_short, str(refusal)
            return
        self._change("MAIN", part, -outcome.quantity)
        self.scans.setdefault(order_id, []).append((part, outcome.quantity))

    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def short_pick(self, data: st.DataObject) -> None:
        pickable = self._pickable(data)
        if pickable is None:
            return
        order_id, task = pickable
        before = self._row("MAIN", task.part_number)[0]
        self.picking.short_pick(order_id, task.line_id)
        # What the picker did not find may be written off, never more.
        after = self._row("MAIN", task.part_number)[0]
        assert before - task.remaining <= after <= before, (before, after)
        self.expected["MAIN", task.part_number] = after

    @precondition(lambda self: any(self.scans.values()))
    @rule(data=st.data())
    def undo_last_scan(self, data: st.DataObject) -> None:
        scanned = [order_id for order_id, done in self.scans.items() if done]
        order_id = data.draw(st.sampled_from(scanned), label="order")
        self.picking.undo_last_scan(order_id)
        part, quantity = self.scans[order_id].pop()
        self._change("MAIN", part, quantity)

    @rule(data=st.data())
    def reverse(self, data: st.DataObject) -> None:
        with self.database.reading() as session:
            recent = session.scalars(
                select(StockMovement)
                .where(StockMovement.part_number.in_(list(BARCODES)))
                .order_by(StockMovement.seq.desc())
                .limit(8)
            ).all()
        original = data.draw(st.sampled_from(recent), label="movement")
        try:
            self.stock["MAIN"].reverse(original.seq, "state machine")
        except StockRefused:
            return
        self._change(original.depot, original.part_number, -original.qty_change)

    @invariant()
    def ledger_reconciles(self) -> None:
        assert reconcile(self.database) == []

    @invariant()
    def stock_is_what_the_steps_add_up_to(self) -> None:
        for (depot, part), (on_hand, allocated) in self._rows().items():
            assert on_hand == self.expected.get((depot, part), 0), (depot, part)
            assert on_hand >= 0 and allocated >= 0, (depot, part)
            if (depot, part) not in self.counted_short:
                assert allocated <= on_hand, (depot, part, on_hand, allocated)


def test_the_ledger_reconciles_after_any_day_at_the_depot(
    masters_template: Path,
) -> None:
    class DayOnTheSampleData(DepotDay):
        template = masters_template

    run_state_machine_as_test(
        DayOnTheSampleData,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
