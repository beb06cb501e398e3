"""How free stock is shared out to a line, and when an order goes to picking."""

from __future__ import annotations

import pytest

from warehouse_app.domain.allocation import Release, Share, release_step, share
from warehouse_app.domain.lifecycle import LineStatus

ALLOCATED, WAITING = LineStatus.ALLOCATED, LineStatus.AWAITING_STOCK
CHARGE, CANCELLED = LineStatus.CHARGE, LineStatus.CANCELLED


@pytest.mark.parametrize(
    ("wanted", "free", "part_ship", "expected"),
    [
        (4, 10, True, Share(4, 0)),  # all there
        (4, 4, True, Share(4, 0)),  # exactly there
        (5, 3, True, Share(3, 2)),  # part ships: the rest onto a backorder
        (5, 3, False, Share(3, 0)),  # ships complete: the line stays whole
        (5, 0, True, Share(0, 0)),  # nothing free: the whole line waits
        (5, -2, True, Share(0, 0)),  # oversold: nothing to take, never negative
    ],
)
def test_a_line_takes_what_free_stock_allows(
    wanted: int, free: int, part_ship: bool, expected: Share
) -> None:
    assert share(wanted, free, part_ship) == expected


def test_every_unit_wanted_is_either_taken_or_backordered_when_parts_ship() -> None:
    for wanted in range(1, 8):
        for free in range(-2, 10):
            got = share(wanted, free, part_ship=True)
            assert got.take + got.backorder in (wanted, 0)
            assert 0 <= got.take <= max(free, 0)


@pytest.mark.parametrize(
    ("lines", "part_ship", "expected"),
    [
        ([(ALLOCATED, False)], True, Release.PICK),
        ([(ALLOCATED, False), (WAITING, False)], True, Release.PICK),
        ([(ALLOCATED, False), (WAITING, False)], False, Release.WAIT),
        ([(WAITING, False)], True, Release.WAIT),
        ([(ALLOCATED, False), (CHARGE, True)], False, Release.PICK),
        ([(CHARGE, True), (CHARGE, True)], True, Release.INVOICE_CHARGES),
        ([(CANCELLED, False), (CHARGE, True)], True, Release.INVOICE_CHARGES),
        ([(WAITING, False), (CHARGE, True)], True, Release.WAIT),
        ([(CANCELLED, False)], True, Release.WAIT),
        ([], True, Release.WAIT),
    ],
)
def test_an_order_goes_to_picking_when_its_rules_allow(
    lines: list[tuple[LineStatus, bool]], part_ship: bool, expected: Release
) -> None:
    assert release_step(lines, part_ship) == expected


def test_release_reads_lines_given_once_as_an_iterator() -> None:
    lines = iter([(ALLOCATED, False), (WAITING, False)])
    assert release_step(lines, part_ship=False) == Release.WAIT
