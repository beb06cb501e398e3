from __future__ import annotations

import pytest

from warehouse_app.domain.lifecycle import (
    LineStatus as S,
)
from warehouse_app.domain.lifecycle import (
    OrderStatus,
    TransitionRefused,
    check_step,
    derive_order_status,
)


def test_a_line_cannot_be_packed_before_it_is_picked() -> None:
    with pytest.raises(
        TransitionRefused, match="You cannot pack a line that is ready_to_pick"
    ):
        check_step("pack", S.READY_TO_PICK, S.PACKED)


def test_a_picked_line_can_no_longer_be_cancelled() -> None:
    with pytest.raises(TransitionRefused):
        check_step("cancel", S.PICKED, S.CANCELLED)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([S.AWAITING_STOCK], OrderStatus.SHORT_OF_STOCK),
        ([S.ALLOCATED, S.AWAITING_STOCK], OrderStatus.ALLOCATED),
        ([S.READY_TO_PICK, S.CHARGE], OrderStatus.READY_TO_PICK),
        ([S.PICKED, S.READY_TO_PICK], OrderStatus.PICKING),
        ([S.PICKING], OrderStatus.PICKING),
        ([S.PICKED, S.PICKED, S.CHARGE], OrderStatus.PICKED),
        ([S.PICKED, S.AWAITING_STOCK], OrderStatus.PICKED),
        ([S.INVOICED, S.AWAITING_STOCK], OrderStatus.SHORT_OF_STOCK),
        ([S.INVOICED, S.INVOICED], OrderStatus.INVOICED),
        ([S.CHARGE], OrderStatus.PACKED),
        ([S.CANCELLED, S.CANCELLED], OrderStatus.CANCELLED),
        ([S.CANCELLED, S.INVOICED], OrderStatus.INVOICED),
    ],
)
def test_the_order_status_is_read_from_its_lines(
    lines: list[S], expected: OrderStatus
) -> None:
    assert derive_order_status(lines) is expected
