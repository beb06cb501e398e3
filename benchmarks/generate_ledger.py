"""The generated stock ledger: every change of on-hand a movement, as the app writes.

On-hand and allocated of every stock row are kept as the rows go out, so the
balances written at the end equal the sum of each row's movements and of its
allocation events.
"""

from __future__ import annotations

from collections.abc import Iterator

from benchmarks.bulk import BulkTables
from benchmarks.generate_masters import Masters

PICKERS = (("PICK-1", "amy"), ("PICK-2", "ben"), ("PICK-3", "chris"))
GOODS_IN = ("GOODS-IN", "dana")
OFFICE = ("OFFICE", "eli")


class Ledger:
    """On-hand and allocated of every stock row, written as the app writes them."""

    def __init__(self, tables: BulkTables, masters: Masters) -> None:
        self.tables = tables
        self.masters = masters
        self.on_hand = [0] * len(masters.part)
        self.allocated = [0] * len(masters.part)
        self.seq = 0
        self.allocation_id = 0

    def free(self, row: int) -> int:
        return self.on_hand[row] - self.allocated[row]

    def move(
        self,
        row: int,
        change: int,
        kind: str,
        at: str,
        ref: str,
        reason: str,
        who: tuple[str, str],
    ) -> int:
        before = self.on_hand[row]
        after = before + change
        if after < 0:
            raise AssertionError(f"stock row {row} would go to {after}")
        self.on_hand[row] = after
        self.seq += 1
        m = self.masters
        self.tables.add(
            "stock_movement",
            (
                self.seq,
                at,
                who[1],
                who[0],
                m.depot[row],
                m.part[row],
                kind,
                ref,
                change,
                before,
                after,
                m.bin[row],
                reason,
                None,
            ),
        )
        return self.seq

    def allocate(
        self, row: int, line_id: int, change: int, reason: str, at: str
    ) -> None:
        self.allocated[row] += change
        self.allocation_id += 1
        self.tables.add(
            "allocation_event",
            (
                self.allocation_id,
                at,
                self.masters.depot[row],
                self.masters.part[row],
                line_id,
                change,
                reason,
            ),
        )


def stock_rows(masters: Masters, ledger: Ledger) -> Iterator[tuple[object, ...]]:
    """The stock rows with the balances the ledger ended on."""
    for row, part in enumerate(masters.part):
        low, high = masters.min_max[row]
        yield (
            masters.depot[row],
            part,
            masters.bin[row],
            masters.second_bin[row],
            ledger.on_hand[row],
            ledger.allocated[row],
            low,
            high,
        )
