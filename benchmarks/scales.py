"""How big the generated warehouse is, and how much each benchmark does on it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    parts: int
    orders: int
    movements: int
    seed: int
    # Work each benchmark does; timed repeats give the medians.
    life_cycle_orders: int
    pick_scans: int
    screen_scans: int
    import_orders: int
    batch_repeats: int
    render_repeats: int
    screen_repeats: int
    start_repeats: int

    @property
    def key(self) -> str:
        """Names the cached database: the same key is the same data."""
        return f"p{self.parts}-o{self.orders}-m{self.movements}-s{self.seed}"


FULL = Scale(
    name="full",
    parts=500_000,
    orders=100_000,
    movements=5_000_000,
    seed=20101201,
    life_cycle_orders=500,
    pick_scans=1_000,
    screen_scans=600,
    import_orders=10_000,
    batch_repeats=3,
    render_repeats=50,
    screen_repeats=11,
    start_repeats=7,
)

QUICK = Scale(
    name="quick",
    parts=20_000,
    orders=5_000,
    movements=200_000,
    seed=20101201,
    life_cycle_orders=60,
    pick_scans=150,
    screen_scans=60,
    import_orders=1_000,
    batch_repeats=1,
    render_repeats=10,
    screen_repeats=3,
    start_repeats=2,
)

SCALES = {scale.name: scale for scale in (FULL, QUICK)}
